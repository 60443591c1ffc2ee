/**
 * Cold start of the bins as whole processes, from a consumer's install (the
 * five packages packed and installed with plain npm into a temporary project
 * by `tooling/release/consumer-install.sh`), on an existing SQLite project:
 *
 * - `project-status work ready` and other reads — start node, load the CLI,
 *   open the store, answer, exit — measured with hyperfine
 *   (`apt-get install hyperfine`), beside `node -e 0` (the floor no Node CLI
 *   can beat) and a bare better-sqlite3 script running the same ready-work
 *   statement (`bare/ready-sqlite.mjs`). Goal: `work ready` ≤ 200 ms.
 * - `project-status-mcp` ready: spawn until `initialize` is answered (and
 *   until `tools/list` is, which now builds the tool schemas), beside a node
 *   process answering one stdin line and a bare MCP SDK stdio server
 *   (`bare/…`). Goal: ≤ 250 ms.
 *
 *   pnpm turbo run build --filter @project-status/cli... --filter @project-status/mcp-server...
 *   pnpm --filter @project-status/bench bench:cli [-- --runs 40] [--workspace] [--postgres postgres://…/db]
 *
 * `--workspace` runs the workspace's builds instead of installing (quicker,
 * not what a user runs); `--cli PATH --mcp PATH` run other builds' bins
 * (e.g. an older consumer install, for a before/after). With --postgres the reads also run against that
 * (existing, disposable) PostgreSQL database. The second line of each table
 * says how loaded the machine was (`/proc/loadavg` before and after): on a
 * shared 2-core machine read the medians, and only beside their neighbours.
 * Never a CI gate.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { summarize } from './stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARE = fileURLToPath(new URL('./bare/', import.meta.url));
const args = process.argv.slice(2).filter((a) => a !== '--');
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 40);
const postgres = flag('--postgres');
const workspace = args.includes('--workspace');
const node = process.execPath;

interface HyperfineResult {
  command: string;
  mean: number;
  user: number;
  system: number;
  times: number[];
}

const load = () => (existsSync('/proc/loadavg') ? readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ') : 'n/a');

/** The bins to measure: a consumer's install (default) or the workspace's builds. */
function bins(scratch: string): { cli: string; mcp: string; where: string } {
  const [cli, mcp] = [flag('--cli'), flag('--mcp')];
  if (cli && mcp) return { cli, mcp, where: `given bins (${cli}, ${mcp})` };
  if (workspace) return { cli: join(ROOT, 'apps/cli/dist/main.cjs'), mcp: join(ROOT, 'apps/mcp-server/dist/main.cjs'), where: 'workspace builds' };
  process.stderr.write('packing and installing the packages with npm (tooling/release/consumer-install.sh)…\n');
  const out = execFileSync('bash', [join(ROOT, 'tooling/release/consumer-install.sh'), scratch], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const app = join(scratch, 'app', 'node_modules', '@project-status');
  return { cli: join(app, 'cli/dist/main.cjs'), mcp: join(app, 'mcp-server/dist/main.cjs'), where: `consumer install (${out.trim().split('\n').pop()})` };
}

function seed(cli: string, cwd: string, extra: string[]): { task: string } {
  const run = (...argv: string[]) => execFileSync(node, [cli, ...argv, ...extra], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd } });
  run('init');
  const project = JSON.parse(run('work', 'create', 'project', 'Bench project', '--description', 'cold start', '--json')) as { id: string };
  const session = JSON.parse(run('work', 'create', 'session', 'Bench session', '--parent', project.id, '--token-budget', '5000', '--prompts-count', '0', '--yaml-frontmatter', '{"schema_version":1}', '--json')) as { id: string };
  const task = JSON.parse(run('work', 'create', 'task', 'Bench task', '--parent', session.id, '--json')) as { id: string };
  run('work', 'create', 'research', 'Bench research', '--parent', session.id);
  run('vendor', 'create', 'bench-vendor');
  return { task: task.id };
}

function hyperfine(cwd: string, commands: string[]): HyperfineResult[] {
  const out = join(cwd, 'hyperfine.json');
  execFileSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', out, ...commands], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  return (JSON.parse(readFileSync(out, 'utf8')) as { results: HyperfineResult[] }).results;
}

const ms = (v: number) => v.toFixed(1).padStart(8);

function cliTable(title: string, results: HyperfineResult[], labels: string[], before: string): void {
  console.log(`\n${title} (${runs} runs each, hyperfine -N --warmup 5; load average before ${before}, after ${load()})`);
  console.log(`${'command'.padEnd(44)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'cpu'.padStart(8)}   (ms; cpu = mean user + system)`);
  results.forEach((r, i) => {
    const s = summarize(r.times.map((t) => t * 1000));
    console.log(`${(labels[i] ?? r.command).padEnd(44)}${ms(s.p50)}${ms(s.p95)}${ms(s.p99)}${ms(s.mean)}${ms((r.user + r.system) * 1000)}`);
  });
}

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'bench', version: '0' } } };
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };
const TOOLS_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list' };

/**
 * Spawns `node argv…` in `cwd` and times (ms) until the answer to
 * `initialize` arrives, and with `toolsList` until the answer to the
 * `tools/list` sent right after it; then ends the process.
 */
async function spawnToAnswer(argv: string[], cwd: string, toolsList: boolean): Promise<number> {
  const start = performance.now();
  const child = spawn(node, argv, { cwd, stdio: ['pipe', 'pipe', 'ignore'], env: { PATH: process.env.PATH ?? '', HOME: cwd } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdin.write(`${JSON.stringify(INITIALIZE)}\n`);
  const elapsed = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const id = (JSON.parse(line) as { id?: number }).id;
      if (id === 1 && !toolsList) resolve(performance.now() - start);
      if (id === 1 && toolsList) child.stdin.write(`${JSON.stringify(INITIALIZED)}\n${JSON.stringify(TOOLS_LIST)}\n`);
      if (id === 2) resolve(performance.now() - start);
    });
    child.once('exit', (code) => reject(new Error(`${argv.join(' ')} exited (${code}) before answering`)));
  });
  child.kill('SIGTERM');
  await exited;
  return elapsed;
}

/** Rows run in turn (one spawn of each, then again), so load drifts hit all rows alike. */
async function mcpTable(cwd: string, rows: [string, string[], boolean][]): Promise<void> {
  const before = load();
  const samples = rows.map(() => [] as number[]);
  for (let i = 0; i < runs + 3; i++) {
    for (const [r, [, argv, toolsList]] of rows.entries()) {
      const t = await spawnToAnswer(argv, cwd, toolsList);
      if (i >= 3) samples[r]!.push(t);
    }
  }
  console.log(`\nMCP server ready — spawn until the answer arrives, existing SQLite database (${runs} runs each after 3 warm-up, interleaved; load average before ${before}, after ${load()})`);
  console.log(`${'server → answer'.padEnd(44)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}   (ms)`);
  rows.forEach(([label], r) => {
    const s = summarize(samples[r]!);
    console.log(`${label.padEnd(44)}${ms(s.p50)}${ms(s.p95)}${ms(s.p99)}${ms(s.mean)}`);
  });
}

const scratch = mkdtempSync(join(tmpdir(), 'ps-cold-start-'));
try {
  const { cli, mcp, where } = bins(join(scratch, 'install'));
  const dir = join(scratch, 'project');
  mkdirSync(dir, { recursive: true });
  const { task } = seed(cli, dir, []);
  const db = join(dir, '.project-status', 'status.db');
  console.log(`Cold start, ${where}; node ${process.version}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);

  const before = load();
  const rows: [string, string][] = [
    ['node -e 0 (floor)', `${node} -e 0`],
    ['bare better-sqlite3: same ready query', `${node} ${join(BARE, 'ready-sqlite.mjs')} ${db}`],
    ['work ready', `${node} ${cli} work ready`],
    ['work ready (no code cache)', `env NODE_DISABLE_COMPILE_CACHE=1 ${node} ${cli} work ready`],
    ['work ready --json', `${node} ${cli} work ready --json`],
    ['work show <id>', `${node} ${cli} work show ${task}`],
    ['vendor show <name>', `${node} ${cli} vendor show bench-vendor`],
    ['work list', `${node} ${cli} work list`],
    ['--help (no database)', `${node} ${cli} --help`],
  ];
  cliTable('CLI cold start — SQLite (embedded default)', hyperfine(dir, rows.map(([, c]) => c)), rows.map(([l]) => l), before);

  await mcpTable(dir, [
    ['node answering one stdin line (floor)', [join(BARE, 'stdio-echo.mjs')], false],
    ['bare MCP SDK stdio server → initialize', [join(BARE, 'mcp-initialize.mjs')], false],
    ['project-status-mcp → initialize', [mcp], false],
    ['project-status-mcp → initialize + tools/list', [mcp], true],
  ]);

  if (postgres) {
    const pgDir = mkdtempSync(join(tmpdir(), 'ps-cli-bench-pg-'));
    try {
      const { task: pgTask } = seed(cli, pgDir, ['--database-url', postgres]);
      const pgBefore = load();
      const pg = hyperfine(pgDir, [`${node} ${cli} work show ${pgTask} --database-url ${postgres}`, `${node} ${cli} vendor show bench-vendor --database-url ${postgres}`]);
      cliTable('CLI cold start — PostgreSQL', pg, ['work show <id>', 'vendor show <name>'], pgBefore);
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
