/**
 * `pnpm --filter @project-status/bench bench:changes [-- --writes N]`: the
 * change feed, per engine.
 *
 * 1. Delivery: a child process writes N work items one at a time (20 ms
 *    apart); this process watches (`ps.watch`). Latency = event received here
 *    − the write's call returned there (commit acknowledged), on the shared
 *    monotonic wall clock (`performance.timeOrigin + now()`). On PostgreSQL
 *    beside it: a bare `NOTIFY` → `LISTEN` round trip between two processes on
 *    the raw driver (the floor any push can reach).
 * 2. Listener cost: `create_work_item` p50 while another process watches vs
 *    while none does, in alternating phases (the listener process started and
 *    stopped between them).
 */
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { openProjectStatus } from '@project-status/storage';
import { createBenchDatabase } from './databases.js';
import { ms } from './result-table.js';
import { summarize, type Summary } from './stats.js';

const now = () => performance.timeOrigin + performance.now();

// ---- child mode: the writer process -------------------------------------------------------
if (process.argv[2] === '--listener') {
  // A watcher in its own process, until killed.
  const [url, root] = process.argv.slice(3);
  const ps = await openProjectStatus({ databaseUrl: url, root, clientId: 'bench-listener' });
  const watch = ps.watch({});
  process.stdout.write('ready\n');
  for await (const _ of watch) void _;
}
if (process.argv[2] === '--writer') {
  const [url, root, count, mode] = process.argv.slice(3);
  if (mode === 'notify') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    for (let i = 0; i < Number(count); i++) {
      await new Promise((r) => setTimeout(r, 20));
      const start = now();
      await client.query(`select pg_notify('bench_raw', $1)`, [String(i)]);
      process.stdout.write(`${JSON.stringify({ key: String(i), end: now(), start })}\n`);
    }
    await client.end();
  } else {
    const ps = await openProjectStatus({ databaseUrl: url, root, clientId: 'bench-writer' });
    for (let i = 0; i < Number(count); i++) {
      await new Promise((r) => setTimeout(r, 20));
      const start = now();
      const item = await ps.create_work_item({ item_type: 'task', title: `feed ${i}` });
      process.stdout.write(`${JSON.stringify({ key: item.id, end: now(), start })}\n`);
    }
    await ps.close();
  }
  process.exit(0);
}

const { values } = parseArgs({ args: process.argv.slice(2).filter((a) => a !== '--'), options: { writes: { type: 'string', default: '200' }, engine: { type: 'string', default: 'both' }, 'postgres-url': { type: 'string' } } });
const writes = Number(values.writes);
const engines = values.engine === 'both' ? (['sqlite', 'postgres'] as const) : ([values.engine] as ('sqlite' | 'postgres')[]);
const adminUrl = values['postgres-url'] ?? process.env.PROJECT_STATUS_BENCH_POSTGRES_URL ?? process.env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SELF = fileURLToPath(import.meta.url);

/** Runs the writer child; calls `onLine` for each write it reports. */
function runWriter(args: string[], onLine: (w: { key: string; end: number; start: number }) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--writer', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffer += chunk;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        onLine(JSON.parse(buffer.slice(0, nl)));
        buffer = buffer.slice(nl + 1);
      }
    });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`))));
  });
}

/** Delivery latency (received − write returned, and − write started) for writes from another process. */
async function delivery(received: Map<string, number>, run: (onLine: (w: { key: string; end: number; start: number }) => void) => Promise<void>): Promise<{ fromCommit: Summary; fromStart: Summary; missing: number }> {
  const written: { key: string; end: number; start: number }[] = [];
  await run((w) => written.push(w));
  for (let waited = 0; waited < 5000 && written.some((w) => !received.has(w.key)); waited += 10) await new Promise((r) => setTimeout(r, 10));
  const seen = written.filter((w) => received.has(w.key));
  return {
    fromCommit: summarize(seen.map((w) => Math.max(0, received.get(w.key)! - w.end))),
    fromStart: summarize(seen.map((w) => received.get(w.key)! - w.start)),
    missing: written.length - seen.length,
  };
}

const row = (label: string, s: Summary) => `| ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${s.n} |`;

for (const engine of engines) {
  const db = await createBenchDatabase(engine, adminUrl, 'changes');
  try {
    const watcher = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench-watcher' });
    const received = new Map<string, number>();
    const watch = watcher.watch({ entity_types: ['work_item'] });
    void (async () => {
      for await (const c of watch) if (!received.has(c.entity_id)) received.set(c.entity_id, now());
    })();
    const feed = await delivery(received, (onLine) => runWriter([db.url, db.root, String(writes), 'ps'], onLine));
    await watch.close();

    let raw: Awaited<ReturnType<typeof delivery>> | undefined;
    if (engine === 'postgres') {
      const { default: pg } = await import('pg');
      const listener = new pg.Client({ connectionString: db.url });
      await listener.connect();
      const rawReceived = new Map<string, number>();
      listener.on('notification', (n) => rawReceived.set(n.payload ?? '', now()));
      await listener.query('listen bench_raw');
      raw = await delivery(rawReceived, (onLine) => runWriter([db.url, db.root, String(writes), 'notify'], onLine));
      await listener.end();
    }

    // Listener cost: the same writes while another process watches, and while none does.
    const writer = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench-cost' });
    const samples = { with: [] as number[], without: [] as number[] };
    for (let i = 0; i < 20; i++) await writer.create_work_item({ item_type: 'task', title: 'warm' });
    const phases = 6;
    for (let phase = 0; phase < phases; phase++) {
      const listening = phase % 2 === 1;
      const child = listening ? spawn(process.execPath, ['--import', 'tsx', SELF, '--listener', db.url, db.root], { stdio: ['ignore', 'pipe', 'inherit'] }) : undefined;
      if (child) await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
      const into = listening ? samples.with : samples.without;
      for (let k = 0; k < Math.max(10, Math.round(writes / (phases / 2))); k++) {
        const t = performance.now();
        await writer.create_work_item({ item_type: 'task', title: `cost ${phase}.${k}` });
        into.push(performance.now() - t);
      }
      if (child) {
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
      }
    }
    const withL = summarize(samples.with);
    const withoutL = summarize(samples.without);
    await Promise.all([writer.close(), watcher.close()]);

    const goal = engine === 'postgres' ? 50 : 250;
    const cost = ((withL.p50 - withoutL.p50) / withoutL.p50) * 100;
    console.log(`#### ${engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}: write in one process → event in another (${writes} writes, 20 ms apart)\n`);
    console.log('| measured | p50 | p95 | p99 | n |\n|---|---:|---:|---:|---:|');
    console.log(row('ps.watch, from the write returning', feed.fromCommit));
    console.log(row('ps.watch, from the write starting', feed.fromStart));
    if (raw) console.log(row('raw NOTIFY → LISTEN (pg, no store)', raw.fromCommit));
    console.log(row('create_work_item, another process watching', withL));
    console.log(row('create_work_item, no listener', withoutL));
    console.log(`\nDelivery goal p50 ≤ ${goal} ms: **${feed.fromCommit.p50 <= goal ? 'PASS' : 'MISS'}**${feed.missing ? ` (${feed.missing} not delivered within 5 s!)` : ''}. Listener cost ${cost.toFixed(1)} % of the write's p50 (goal < 5 %): **${cost < 5 ? 'PASS' : 'MISS'}**.\n`);
  } finally {
    await db.drop();
  }
}
