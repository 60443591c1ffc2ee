/**
 * `pnpm --filter @project-status/bench bench:mcp`: end-to-end latency of the
 * real `project-status-mcp` binary over stdio, as an assistant sees it.
 * For each engine and scale it seeds a project, spawns the binary, and times N
 * sequential `query_vendor_status` and `query_work_item` calls through the SDK
 * client, beside the same operation called in process (what MCP adds) and a
 * bare SDK no-op tool over stdio (what the protocol alone costs). After
 * seeding, PostgreSQL is vacuumed and analysed, as in the storage bench.
 * Prints p50/p95/p99 tables; never a CI gate.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openProjectStatus } from '@project-status/storage';
import { z } from 'zod';
import { createBenchDatabase } from './databases.js';
import { openRawPostgres, openRawSqlite, settleAfterLoad } from './raw-driver.js';
import { seedProject } from './seed.js';
import { ms } from './result-table.js';
import { summarize, type Summary } from './stats.js';

const GOAL = { p50: 0.6, p95: 1.5 };

const Options = z.strictObject({
  scales: z.array(z.coerce.number().int().min(1).max(1000)).min(1),
  engines: z.array(z.enum(['sqlite', 'postgres'])).min(1),
  iterations: z.coerce.number().int().min(10).max(1_000_000),
  warmup: z.coerce.number().int().min(0).max(100_000),
  operations: z.array(z.enum(['query_vendor_status', 'query_work_item'])).min(1),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL where the bench may create and drop databases'),
});
type Options = z.infer<typeof Options>;

const USAGE = `Usage: pnpm --filter @project-status/bench bench:mcp [-- options]
  --scale 1,100            seed scales to run                      [1,100]
  --engine sqlite,postgres engines to run                          [sqlite,postgres]
  --iterations N           timed calls per operation               [2000]
  --warmup N               untimed calls before timing             [200]
  --operations LIST        which of query_vendor_status,query_work_item to time  [both]
  --postgres-url URL       server for a scratch database           [$PROJECT_STATUS_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]`;

function parseOptions(argv: string[], env: Record<string, string | undefined>): Options {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { scale: { type: 'string', default: '1,100' }, engine: { type: 'string', default: 'sqlite,postgres' }, iterations: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '200' }, operations: { type: 'string', default: 'query_vendor_status,query_work_item' }, 'postgres-url': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const parsed = Options.safeParse({
    scales: values.scale.split(','),
    engines: values.engine.split(','),
    iterations: values.iterations,
    warmup: values.warmup,
    operations: values.operations.split(','),
    postgresUrl: values['postgres-url'] ?? env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  });
  if (!parsed.success) {
    console.error(`${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n')}\n\n${USAGE}`);
    process.exit(2);
  }
  return parsed.data;
}

const require = createRequire(import.meta.url);
const MCP_BIN = join(dirname(require.resolve('@project-status/mcp-server/package.json')), 'dist', 'main.js');
const NOOP_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'mcp-noop-server.ts');
const TSX_CLI = require.resolve('tsx/cli');

async function connect(command: string, args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command, args, stderr: 'inherit' }));
  return client;
}

/** Times `iterations` sequential calls after `warmup` untimed ones; call i gets the i-th argument set. */
async function time(call: (i: number) => Promise<unknown>, options: Options): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const t = performance.now();
    await call(options.warmup + i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

/** A tool call that must succeed: a failed one would time an error path. */
async function tool(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed during the benchmark: ${JSON.stringify(result.content)}`);
}

type Row = { label: string; mcp: Summary; inProcess: Summary | null };

async function runOne(engine: 'sqlite' | 'postgres', scale: number, options: Options): Promise<{ title: string; rows: Row[] }> {
  const db = await createBenchDatabase(engine, options.postgresUrl, `mcp${scale}`);
  try {
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench' });
    let lastReport = 0;
    const seeded = await seedProject(ps, {
      scale,
      onProgress: (done, total) => {
        if (Date.now() - lastReport > 5000 || done === total) {
          lastReport = Date.now();
          process.stderr.write(`  seeding ${engine} ×${scale}: ${done}/${total}\n`);
        }
      },
    });
    const raw = engine === 'sqlite' ? openRawSqlite(db.file!) : openRawPostgres(db.url);
    await settleAfterLoad(raw);
    await raw.close();
    const vendor = (i: number) => ({ name: seeded.vendorNames[i % seeded.vendorNames.length]! });
    const item = (i: number) => ({ id: seeded.workItemIds[(i * 7919) % seeded.workItemIds.length]! });
    const client = await connect(process.execPath, [MCP_BIN, '--database-url', db.url, '--root', db.root]);
    try {
      const measure = {
        query_vendor_status: async (): Promise<Row> => ({ label: 'query_vendor_status', mcp: await time((i) => tool(client, 'query_vendor_status', vendor(i)), options), inProcess: await time((i) => ps.query_vendor_status(vendor(i)), options) }),
        query_work_item: async (): Promise<Row> => ({ label: 'query_work_item', mcp: await time((i) => tool(client, 'query_work_item', item(i)), options), inProcess: await time((i) => ps.query_work_item(item(i)), options) }),
      };
      const rows: Row[] = [];
      for (const op of options.operations) rows.push(await measure[op]());
      const c = seeded.counts;
      return { title: `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, scale ${scale} (${c.vendors} vendors, ${c.workItems} work items, ${c.deployments} deployments)`, rows };
    } finally {
      await client.close();
      await ps.close();
    }
  } finally {
    await db.drop();
  }
}

const verdict = (s: Summary) => (s.p50 <= GOAL.p50 && s.p95 <= GOAL.p95 ? 'PASS' : 'MISS');

function table(title: string, rows: Row[]): string {
  const head = '| operation | MCP p50 | p95 | p99 | in-process p50 | p95 | p99 | goal (p50 ≤ 0.6, p95 ≤ 1.5) |';
  const lines = rows.map((r) => {
    const ip = r.inProcess;
    return `| ${r.label} | ${ms(r.mcp.p50)} | ${ms(r.mcp.p95)} | ${ms(r.mcp.p99)} | ${ip ? ms(ip.p50) : '—'} | ${ip ? ms(ip.p95) : '—'} | ${ip ? ms(ip.p99) : '—'} | ${ip ? `**${verdict(r.mcp)}**` : '—'} |`;
  });
  return [`#### ${title}`, '', head, '|---|---:|---:|---:|---:|---:|---:|---|', ...lines, ''].join('\n');
}

const options = parseOptions(process.argv.slice(2), process.env);
console.log(`MCP end-to-end latency over stdio, ${options.iterations} sequential calls per row after ${options.warmup} warm-up; times in ms.\n`);
const noop = await connect(process.execPath, [TSX_CLI, NOOP_SERVER]);
const floor = await time(() => tool(noop, 'noop', {}), options);
await noop.close();
console.log(table('Bare SDK round trip (no-op tool, no database)', [{ label: 'noop', mcp: floor, inProcess: null }]));
for (const scale of options.scales) {
  for (const engine of options.engines) {
    const result = await runOne(engine, scale, options);
    console.log(table(result.title, result.rows));
  }
}
