/**
 * What `bench:mcp` and `bench:http` share: options, seeding a project per
 * engine and scale, timing N sequential calls of the two hot reads through a
 * transport beside a bare server of the same protocol doing the same SQL with
 * the raw driver, and beside the same calls in process; and the tables. Each
 * front end supplies only how to reach the real binary and its bare servers.
 *
 * Warm-up defaults to 2 000 calls, as many as are timed by default: after only 200, V8
 * was still compiling the servers' hot paths on background threads, which on
 * a 2-core machine compete with the three processes of a call; p95 of the
 * PostgreSQL vendor read measured 1.2–2.3 ms after 200 warm-up calls and
 * 0.50–0.59 ms after 3 000 (2026-11-26). The numbers describe a server that
 * has been running for a while, as an assistant's session does.
 */
import { parseArgs } from 'node:util';
import type { ProjectStatus } from '@project-status/core';
import { openProjectStatus } from '@project-status/storage';
import { z } from 'zod';
import { createBenchDatabase, type BenchDatabase } from './databases.js';
import { openRawPostgres, openRawSqlite, settleAfterLoad } from './raw-driver.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { summarize, type Summary } from './stats.js';

/** The two reads an assistant makes most, with the arguments each call gets. */
export const OPERATIONS = ['query_vendor_status', 'query_work_item'] as const;
export type LatencyOperation = (typeof OPERATIONS)[number];

const Options = z.strictObject({
  scales: z.array(z.coerce.number().int().min(1).max(1000)).min(1),
  engines: z.array(z.enum(['sqlite', 'postgres'])).min(1),
  iterations: z.coerce.number().int().min(10).max(1_000_000),
  warmup: z.coerce.number().int().min(0).max(100_000),
  operations: z.array(z.enum(OPERATIONS)).min(1),
  postgresUrl: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL where the bench may create and drop databases'),
});
export type LatencyOptions = z.infer<typeof Options>;

/** One way of reaching a running server: call an operation with its arguments (throw if it fails), then close. */
export interface Transport {
  call(operation: LatencyOperation, args: Record<string, string>): Promise<unknown>;
  close(): Promise<void>;
}

export interface LatencyBench {
  /** Script name for the usage text, e.g. `bench:mcp`. */
  script: string;
  /** Column heading of the transport's timings, e.g. `MCP`. */
  transport: string;
  /** First line of the output, given the options. */
  heading(options: LatencyOptions): string;
  /** The floor: the same round trip to a bare server that does no work. */
  floor: { title: string; label: string; open(): Promise<{ call(): Promise<unknown>; close(): Promise<void> }> };
  /** Starts the real binary on `db` and returns a transport to it. */
  open(db: BenchDatabase): Promise<Transport>;
  /**
   * The same reads with none of our code: a bare server of the same protocol
   * running the store's SQL through the raw driver on `db`.
   */
  sameWork: { title: string; open(db: BenchDatabase): Promise<Transport> };
  /** A goal to judge transport p50/p95 against, if any. */
  goal?: { p50: number; p95: number };
}

function usage(bench: LatencyBench): string {
  return `Usage: pnpm --filter @project-status/bench ${bench.script} [-- options]
  --scale 1,100            seed scales to run                      [1,100]
  --engine sqlite,postgres engines to run                          [sqlite,postgres]
  --iterations N           timed calls per operation               [2000]
  --warmup N               untimed calls before timing             [2000]
  --operations LIST        which of ${OPERATIONS.join(',')} to time  [both]
  --postgres-url URL       server for a scratch database           [$PROJECT_STATUS_TEST_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test]`;
}

function parseOptions(bench: LatencyBench, argv: string[], env: Record<string, string | undefined>): LatencyOptions {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: { scale: { type: 'string', default: '1,100' }, engine: { type: 'string', default: 'sqlite,postgres' }, iterations: { type: 'string', default: '2000' }, warmup: { type: 'string', default: '2000' }, operations: { type: 'string', default: OPERATIONS.join(',') }, 'postgres-url': { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(usage(bench));
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
    console.error(`${parsed.error.issues.map((i) => `--${String(i.path[0])}: ${i.message}`).join('\n')}\n\n${usage(bench)}`);
    process.exit(2);
  }
  return parsed.data;
}

/** Times `iterations` sequential calls after `warmup` untimed ones; call i gets the i-th argument set. */
async function time(call: (i: number) => Promise<unknown>, options: LatencyOptions): Promise<Summary> {
  for (let i = 0; i < options.warmup; i++) await call(i);
  const samples: number[] = [];
  for (let i = 0; i < options.iterations; i++) {
    const t = performance.now();
    await call(options.warmup + i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

type Row = { label: string; transport: Summary; sameWork: Summary | null; inProcess: Summary | null };

async function seeded(engine: 'sqlite' | 'postgres', scale: number, db: BenchDatabase): Promise<{ ps: ProjectStatus; args: (op: LatencyOperation, i: number) => Record<string, string>; title: string }> {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench' });
  let lastReport = 0;
  const seed = await seedProject(ps, {
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
  // Items spread over the whole project, so at ×100 nearly every call reads a different one.
  const args = (op: LatencyOperation, i: number): Record<string, string> =>
    op === 'query_vendor_status' ? { name: seed.vendorNames[i % seed.vendorNames.length]! } : { id: seed.workItemIds[(i * 7919) % seed.workItemIds.length]! };
  const c = seed.counts;
  return { ps, args, title: `${engine === 'sqlite' ? 'SQLite' : 'PostgreSQL'}, scale ${scale} (${c.vendors} vendors, ${c.workItems} work items, ${c.deployments} deployments)` };
}

function table(bench: LatencyBench, title: string, rows: Row[]): string {
  const goal = bench.goal;
  const verdict = (s: Summary) => (goal && s.p50 <= goal.p50 && s.p95 <= goal.p95 ? 'PASS' : 'MISS');
  const three = (s: Summary | null) => (s ? `${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)}` : '— | — | —');
  const head = `| operation | ${bench.transport} p50 | p95 | p99 | ${bench.sameWork.title} p50 | p95 | p99 | in-process p50 | p95 | p99 |${goal ? ` goal (p50 ≤ ${goal.p50}, p95 ≤ ${goal.p95}) |` : ''}`;
  const lines = rows.map((r) => {
    const judged = goal ? ` ${r.inProcess ? `**${verdict(r.transport)}**` : '—'} |` : '';
    return `| ${r.label} | ${three(r.transport)} | ${three(r.sameWork)} | ${three(r.inProcess)} |${judged}`;
  });
  return [`#### ${title}`, '', head, `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|${goal ? '---|' : ''}`, ...lines, ''].join('\n');
}

/** Runs `bench` with the process's arguments and prints its tables. */
export async function runLatencyBench(bench: LatencyBench): Promise<void> {
  const options = parseOptions(bench, process.argv.slice(2), process.env);
  console.log(`${bench.heading(options)}\n`);
  const floor = await bench.floor.open();
  try {
    console.log(table(bench, bench.floor.title, [{ label: bench.floor.label, transport: await time(() => floor.call(), options), sameWork: null, inProcess: null }]));
  } finally {
    await floor.close();
  }
  for (const scale of options.scales) {
    for (const engine of options.engines) {
      const db = await createBenchDatabase(engine, options.postgresUrl, `${bench.script.replace(/\W/g, '')}${scale}`);
      try {
        const { ps, args, title } = await seeded(engine, scale, db);
        const transport = await bench.open(db);
        const sameWork = await bench.sameWork.open(db).catch(async (error: unknown) => {
          await transport.close();
          throw error;
        });
        try {
          const rows: Row[] = [];
          for (const op of options.operations) {
            rows.push({
              label: op,
              transport: await time((i) => transport.call(op, args(op, i)), options),
              sameWork: await time((i) => sameWork.call(op, args(op, i)), options),
              inProcess: await time((i) => ps.call(op, args(op, i)), options),
            });
          }
          console.log(table(bench, title, rows));
        } finally {
          await Promise.allSettled([transport.close(), sameWork.close(), ps.close()]);
        }
      } finally {
        await db.drop();
      }
    }
  }
}
