/**
 * Cold start of the `project-status` binary: a whole process — start node,
 * load the CLI, open the store, answer, exit — measured with hyperfine
 * (`apt-get install hyperfine`). Target: a read (`work show`, `vendor show`)
 * in ≤ 350 ms on the embedded SQLite default.
 *
 *   pnpm turbo run build --filter @project-status/cli...
 *   pnpm --filter @project-status/bench exec tsx src/cli-cold-start.ts [--runs 40] [--postgres postgres://…/db]
 *
 * With --postgres the same reads also run against that (existing, disposable)
 * PostgreSQL database. Prints p50/p95/p99, mean and CPU time per command,
 * next to `node -e 0` (the floor no Node CLI can beat). Never a CI gate.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../apps/cli/dist/main.js', import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(flag('--runs') ?? 40);
const postgres = flag('--postgres');

interface HyperfineResult {
  command: string;
  mean: number;
  user: number;
  system: number;
  times: number[];
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx] ?? NaN;
}

function cli(cwd: string, ...argv: string[]): string {
  return execFileSync(process.execPath, [CLI, ...argv], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: cwd } });
}

/** Seeds a project → session → task and a vendor through the CLI itself; returns the ids to read. */
function seed(cwd: string, extra: string[]): { task: string } {
  cli(cwd, 'init', ...extra);
  const project = JSON.parse(cli(cwd, 'work', 'create', 'project', 'Bench project', '--description', 'cold start', '--json', ...extra)) as { id: string };
  const session = JSON.parse(cli(cwd, 'work', 'create', 'session', 'Bench session', '--parent', project.id, '--token-budget', '5000', '--prompts-count', '0', '--yaml-frontmatter', '{"schema_version":1}', '--json', ...extra)) as { id: string };
  const task = JSON.parse(cli(cwd, 'work', 'create', 'task', 'Bench task', '--parent', session.id, '--json', ...extra)) as { id: string };
  cli(cwd, 'vendor', 'create', 'bench-vendor', ...extra);
  return { task: task.id };
}

function hyperfine(cwd: string, commands: string[]): HyperfineResult[] {
  const out = join(cwd, 'hyperfine.json');
  execFileSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', out, ...commands], { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  return (JSON.parse(readFileSync(out, 'utf8')) as { results: HyperfineResult[] }).results;
}

function table(title: string, results: HyperfineResult[], labels: string[]): void {
  const ms = (s: number) => (s * 1000).toFixed(1).padStart(8);
  console.log(`\n${title} (${runs} runs each, hyperfine -N --warmup 5)`);
  console.log(`${'command'.padEnd(34)}${'p50'.padStart(8)}${'p95'.padStart(8)}${'p99'.padStart(8)}${'mean'.padStart(8)}${'cpu'.padStart(8)}   (ms)`);
  results.forEach((r, i) => {
    const sorted = [...r.times].sort((a, b) => a - b);
    console.log(`${(labels[i] ?? r.command).padEnd(34)}${ms(percentile(sorted, 50))}${ms(percentile(sorted, 95))}${ms(percentile(sorted, 99))}${ms(r.mean)}${ms(r.user + r.system)}`);
  });
}

const dir = mkdtempSync(join(tmpdir(), 'ps-cli-bench-'));
try {
  const { task } = seed(dir, []);
  const node = `${process.execPath}`;
  const labels = ['node -e 0 (floor)', 'work show <id>', 'vendor show <name>', 'work show <id> --json', 'work list', '--help (no database)'];
  const results = hyperfine(dir, [`${node} -e 0`, `${node} ${CLI} work show ${task}`, `${node} ${CLI} vendor show bench-vendor`, `${node} ${CLI} work show ${task} --json`, `${node} ${CLI} work list`, `${node} ${CLI} --help`]);
  table('CLI cold start — SQLite (embedded default)', results, labels);
  if (postgres) {
    const pgDir = mkdtempSync(join(tmpdir(), 'ps-cli-bench-pg-'));
    try {
      const { task: pgTask } = seed(pgDir, ['--database-url', postgres]);
      const pg = hyperfine(pgDir, [`${node} ${CLI} work show ${pgTask} --database-url ${postgres}`, `${node} ${CLI} vendor show bench-vendor --database-url ${postgres}`]);
      table('CLI cold start — PostgreSQL', pg, ['work show <id>', 'vendor show <name>']);
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
