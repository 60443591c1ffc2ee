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
 *    stopped between them); writes back to back (the listener busy all the
 *    time) and paced 20 ms apart (a listener that keeps up between writes).
 *    Beside it, the same measurement with the raw tools: an INSERT (plus
 *    `pg_notify` on PostgreSQL) on the raw driver, and a raw listener in
 *    another process that reads the new rows on every wake-up (`LISTEN` on
 *    PostgreSQL, `PRAGMA data_version` polled every 25 ms on SQLite). On a
 *    2-core machine a listener that is woken by every write competes with the
 *    writer for the CPU; the raw row shows how much of the cost is that.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
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
if (process.argv[2] === '--raw-listener') {
  // The same job with the raw tools: wake on every commit, read the new rows.
  const [engine, target] = process.argv.slice(3);
  let last = 0;
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const listen = new pg.Client({ connectionString: target });
    const read = new pg.Client({ connectionString: target });
    await Promise.all([listen.connect(), read.connect()]);
    let reading = false;
    let again = false;
    const drain = async (): Promise<void> => {
      if (reading) return void (again = true);
      reading = true;
      do {
        again = false;
        const { rows } = await read.query<{ id: string }>('select id, payload from bench_raw_feed where id > $1 order by id limit 100', [last]);
        if (rows.length) last = Number(rows[rows.length - 1]!.id);
      } while (again);
      reading = false;
    };
    listen.on('notification', () => void drain());
    await listen.query('listen bench_raw_feed');
  } else {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(target);
    const version = db.prepare('pragma data_version').pluck();
    const rows = db.prepare('select id, payload from bench_raw_feed where id > ? order by id limit 100');
    let seen = version.get();
    setInterval(() => {
      const now = version.get();
      if (now === seen) return;
      seen = now;
      const got = rows.all(last) as { id: number }[];
      if (got.length) last = got[got.length - 1]!.id;
    }, 25);
  }
  process.stdout.write('ready\n');
  await new Promise(() => undefined);
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
    createInterface({ input: child.stdout }).on('line', (line) => onLine(JSON.parse(line)));
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

type Cost = { with: Summary; without: Summary };

/**
 * `write` p50 while a listener process (spawned with `listenerArgs`) runs vs
 * while none does: six alternating phases, `gapMs` between writes.
 */
async function listenerCost(write: () => Promise<unknown>, listenerArgs: string[], gapMs: number): Promise<Cost> {
  const samples = { with: [] as number[], without: [] as number[] };
  const phases = 6;
  for (let phase = 0; phase < phases; phase++) {
    const listening = phase % 2 === 1;
    const child = listening ? spawn(process.execPath, ['--import', 'tsx', SELF, ...listenerArgs], { stdio: ['ignore', 'pipe', 'inherit'] }) : undefined;
    if (child) await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
    const into = listening ? samples.with : samples.without;
    for (let k = 0; k < Math.max(10, Math.round(writes / (phases / 2))); k++) {
      if (gapMs) await new Promise((r) => setTimeout(r, gapMs));
      const t = performance.now();
      await write();
      into.push(performance.now() - t);
    }
    if (child) {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }
  return { with: summarize(samples.with), without: summarize(samples.without) };
}

/** The raw tools' write: one row in a table of its own, in a transaction, plus `pg_notify` on PostgreSQL. */
async function openRawWriter(engine: 'sqlite' | 'postgres', db: { url: string; file?: string }): Promise<{ write: () => Promise<unknown>; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query('create table if not exists bench_raw_feed (id bigserial primary key, payload text not null)');
    return {
      write: async () => {
        await client.query('begin');
        const { rows } = await client.query<{ id: string }>('insert into bench_raw_feed (payload) values ($1) returning id', ['raw write']);
        await client.query("select pg_notify('bench_raw_feed', $1)", [rows[0]!.id]);
        await client.query('commit');
      },
      close: () => client.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const sqlite = new Database(db.file!);
  sqlite.exec('create table if not exists bench_raw_feed (id integer primary key, payload text not null)');
  const insert = sqlite.prepare('insert into bench_raw_feed (payload) values (?)');
  const tx = sqlite.transaction(() => insert.run('raw write'));
  return { write: async () => tx.immediate(), close: async () => void sqlite.close() };
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
    for (let i = 0; i < 20; i++) await writer.create_work_item({ item_type: 'task', title: 'warm' });
    let n = 0;
    const psWrite = () => writer.create_work_item({ item_type: 'task', title: `cost ${n++}` });
    const rawWriter = await openRawWriter(engine, db);
    const costs = {
      product: await listenerCost(psWrite, ['--listener', db.url, db.root], 0),
      productPaced: await listenerCost(psWrite, ['--listener', db.url, db.root], 20),
      raw: await listenerCost(rawWriter.write, ['--raw-listener', engine, engine === 'postgres' ? db.url : db.file!], 0),
      rawPaced: await listenerCost(rawWriter.write, ['--raw-listener', engine, engine === 'postgres' ? db.url : db.file!], 20),
    };
    await Promise.all([writer.close(), watcher.close(), rawWriter.close()]);

    const goal = engine === 'postgres' ? 50 : 250;
    const pct = (c: Cost) => ((c.with.p50 - c.without.p50) / c.without.p50) * 100;
    console.log(`#### ${engine === 'postgres' ? 'PostgreSQL' : 'SQLite'}: write in one process → event in another (${writes} writes, 20 ms apart)\n`);
    console.log('| measured | p50 | p95 | p99 | n |\n|---|---:|---:|---:|---:|');
    console.log(row('ps.watch, from the write returning', feed.fromCommit));
    console.log(row('ps.watch, from the write starting', feed.fromStart));
    if (raw) console.log(row('raw NOTIFY → LISTEN (pg, no store)', raw.fromCommit));
    const rawLabel = engine === 'postgres' ? 'raw insert + pg_notify' : 'raw insert';
    for (const [label, c] of [
      ['create_work_item, back to back', costs.product],
      ['create_work_item, 20 ms apart', costs.productPaced],
      [`${rawLabel}, back to back`, costs.raw],
      [`${rawLabel}, 20 ms apart`, costs.rawPaced],
    ] as const) {
      console.log(row(`${label}, another process watching`, c.with));
      console.log(row(`${label}, no listener`, c.without));
    }
    const verdict = (c: Cost) => `${pct(c).toFixed(1)} % (${pct(c) < 5 ? 'PASS' : 'MISS'})`;
    console.log(`\nDelivery goal p50 ≤ ${goal} ms: **${feed.fromCommit.p50 <= goal ? 'PASS' : 'MISS'}**${feed.missing ? ` (${feed.missing} not delivered within 5 s!)` : ''}.`);
    console.log(`Listener cost as % of the write's p50 (goal < 5 %): paced ${verdict(costs.productPaced)}, back to back ${verdict(costs.product)}; raw tools: paced ${verdict(costs.rawPaced)}, back to back ${verdict(costs.raw)}.\n`);
  } finally {
    await db.drop();
  }
}
