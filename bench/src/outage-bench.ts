/**
 * Outage fallback benchmark (issue 12, docs/outage.md). Never a CI gate.
 *
 * - Reads while the database is cut: `query_work_item` answered by the local
 *   cache (PostgreSQL cut by a TCP proxy that refuses; the SQLite file
 *   destroyed), beside the same read from a healthy primary and the raw
 *   driver's SELECT on the cache file. Goal: within 2× of the healthy SQLite
 *   read, and no call waiting on a connect timeout (the breaker).
 * - Outage writes: 1 000 `add_note` calls queued while PostgreSQL is cut, then
 *   the time from the proxy forwarding again to the outbox being empty.
 * - Incremental cache refresh after 100 changes made by another client, at
 *   seed scale and 100× (SQLite: seeding 100× on PostgreSQL takes minutes);
 *   goal: proportional to the changes, not to the project size. The first
 *   fill is timed too, for contrast.
 *
 * Run: `pnpm --filter @project-status/bench bench:outage -- --scale 1 --iterations 500`
 * (`--scale both` adds the 100× refresh). Tables go to stdout, progress to stderr.
 */
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openProjectStatus, type ProjectStatusHandle, type RefreshReport } from '@project-status/storage';
import { createOutageProxy } from '@project-status/storage/testing';
import { benchConfigOrExit } from './config.js';
import { createBenchDatabase } from './databases.js';
import { openRawPostgres, openRawSqlite, type RawDriver } from './raw-driver.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { summarize, type Summary } from './stats.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const config = benchConfigOrExit(process.argv.slice(2), process.env, log);
if (!config) process.exit(2);
const iterations = config.iterations;
const warmup = config.warmup;

async function time(fn: (i: number) => Promise<unknown>, n = iterations): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

const row = (label: string, s: Summary) => `| ${label} | ${ms(s.p50)} | ${ms(s.p95)} | ${ms(s.p99)} | ${s.n} |`;
const lines: string[] = ['| read (`query_work_item`) | p50 | p95 | p99 | n |', '|---|---|---|---|---|'];
const once: string[] = ['| measurement | value |', '|---|---|'];
const refreshLines: string[] = [
  '| incremental refresh after 100 title updates | changes | p50 | p95 | mean read / write | raw SELECT + INSERT OR REPLACE p50 | raw p95 | rounds |',
  '|---|---|---|---|---|---|---|---|',
];
/** Rounds of 100 changes + one refresh, per scale. */
const REFRESH_ROUNDS = 9;

const scales = config.scales;
const FALLBACK = { probeIntervalMs: 200, refreshEveryMs: 60_000 };

/**
 * Rounds of 100 title updates by another client, each followed by one
 * incremental refresh; beside it the raw drivers doing the same copy: SELECT
 * the 100 changed rows and the new history rows from the primary, INSERT OR
 * REPLACE them into a copy of the cache file, in one transaction.
 */
async function refreshRounds(label: string, ps: ProjectStatusHandle, plain: ProjectStatusHandle, pick: (i: number) => string, rawPrimary: RawDriver, cacheFile: string) {
  const rawCopy = `${cacheFile}.raw-copy`;
  // The cache is in WAL mode: its newest pages may still be in the -wal file.
  for (const suffix of ['', '-wal']) if (existsSync(cacheFile + suffix)) copyFileSync(cacheFile + suffix, rawCopy + suffix);
  const rawCache = openRawSqlite(rawCopy);
  const refreshes: number[] = [];
  const raws: number[] = [];
  let pulled: RefreshReport | undefined;
  let read = 0;
  let write = 0;
  for (let round = 0; round < REFRESH_ROUNDS; round++) {
    const changed: string[] = [];
    for (let i = 0; i < 100; i++) {
      const id = pick(i * 13 + 1 + round * 101);
      changed.push(id);
      const item = (await plain.query_work_item({ id })).item;
      await plain.update_work_item({ id, version: item.version, title: `${item.title.slice(0, 150)} ·` });
    }
    let t = performance.now();
    pulled = await ps.fallback!.refresh();
    refreshes.push(performance.now() - t);
    read += pulled.read_ms;
    write += pulled.write_ms;
    t = performance.now();
    const marks = changed.map(() => '?').join(', ');
    const rows = await rawPrimary.all(`select * from work_items where id in (${marks})`, changed);
    const history = await rawPrimary.all(`select * from history where seq > ? order by seq`, [pulled.cursor - pulled.changes]);
    await rawCache.transaction(async (q) => {
      for (const r of [...rows.map((row) => ['work_items', row] as const), ...history.map((h) => ['history', h] as const)]) {
        const [table, values] = r;
        const cols = Object.keys(values);
        const params = Object.values(values).map((v) => (v instanceof Date ? v.toISOString() : v !== null && typeof v === 'object' ? JSON.stringify(v) : v));
        await q.all(`insert or replace into ${table} (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`, params as never);
      }
    });
    raws.push(performance.now() - t);
  }
  await rawPrimary.close();
  await rawCache.close();
  for (const suffix of ['', '-wal', '-shm']) rmSync(rawCopy + suffix, { force: true });
  const r = summarize(refreshes);
  const raw = summarize(raws);
  refreshLines.push(
    `| ${label} | ${pulled!.changes} (${pulled!.rows} rows copied) | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(read / REFRESH_ROUNDS)} / ${ms(write / REFRESH_ROUNDS)} | ${ms(raw.p50)} | ${ms(raw.p95)} | ${r.n} |`,
  );
}

async function seeded(engine: 'sqlite' | 'postgres', scale: number) {
  const db = await createBenchDatabase(engine, config!.postgresUrl, `outage_${scale}`);
  const plain = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true });
  log(`${engine} ×${scale}: seeding…`);
  const seed = await seedProject(plain, { scale, seed: config!.seed });
  return { db, plain, ids: seed.workItemIds };
}

// ---- SQLite: healthy read, cache read after the file is destroyed, refresh at each scale ----
for (const scale of scales) {
  const { db, plain, ids } = await seeded('sqlite', scale);
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FALLBACK });
  const t = performance.now();
  const fill = await ps.fallback!.refresh();
  once.push(`| SQLite ×${scale}: first cache fill (${fill.entities} rows) | ${ms(performance.now() - t)} |`);
  const pick = (i: number) => ids[(i * 7919) % ids.length]!;
  if (scale === scales[0]) lines.push(row(`SQLite ×${scale}: healthy primary`, await time((i) => ps.query_work_item({ id: pick(i) }))));

  await refreshRounds(`SQLite ×${scale}`, ps, plain, pick, openRawSqlite(db.file!), join(db.root, '.project-status', 'cache.db'));
  await ps.close();
  await plain.close();

  if (scale === scales[0]) {
    const keep = `${db.file!}.bench-copy`;
    copyFileSync(db.file!, keep);
    writeFileSync(db.file!, Buffer.alloc(8192, 7));
    const down = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FALLBACK });
    lines.push(row(`SQLite ×${scale}: file destroyed → cache`, await time((i) => down.query_work_item({ id: pick(i) }))));
    await down.close();
    const raw = openRawSqlite(join(db.root, '.project-status', 'cache.db'));
    lines.push(row(`raw better-sqlite3 SELECT on cache.db`, await time((i) => raw.all('select * from work_items where id = ?', [pick(i)]))));
    await raw.close();
  }
  await db.drop();
}

// ---- PostgreSQL behind a proxy: healthy read, cut → cache read, 1 000 queued writes and their drain ----
if ((config.engines as readonly string[]).includes('postgres')) {
  const { db, plain, ids } = await seeded('postgres', 1);
  const target = new URL(config.postgresUrl);
  const proxy = await createOutageProxy({ host: target.hostname, port: Number(target.port || 5432) }, 'up');
  const ps: ProjectStatusHandle = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, fallback: FALLBACK, postgres: { connectTimeoutMs: 2000 } });
  await ps.fallback!.refresh();
  const pick = (i: number) => ids[(i * 7919) % ids.length]!;
  lines.push(row('PostgreSQL ×1: healthy primary', await time((i) => ps.query_work_item({ id: pick(i) }))));
  await refreshRounds('PostgreSQL ×1', ps, plain, pick, openRawPostgres(db.url), join(db.root, '.project-status', 'cache.db'));
  await plain.close();
  await proxy.set('refuse');
  let t = performance.now();
  await ps.query_work_item({ id: pick(0) });
  once.push(`| PostgreSQL cut (refused): first read, which opens the breaker | ${ms(performance.now() - t)} |`);
  lines.push(row('PostgreSQL ×1: cut → cache', await time((i) => ps.query_work_item({ id: pick(i) }))));
  const queued = await time((i) => ps.add_note({ id: pick(i % 50), text: `queued during the outage #${i}` }), 1000 - warmup);
  lines.push(row('PostgreSQL ×1: cut → `add_note` queued in the outbox', queued));
  t = performance.now();
  await proxy.set('up');
  for (;;) {
    const drained = await ps.fallback!.drain();
    if (drained.remaining === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  once.push(`| PostgreSQL: database back → 1 000 queued writes drained | ${ms(performance.now() - t)} (${ms((performance.now() - t) / 1000)} per write) |`);
  await ps.close();
  await proxy.close();
  await db.drop();
}

process.stdout.write(`\n## Outage fallback\n\n${lines.join('\n')}\n\n${refreshLines.join('\n')}\n\n${once.join('\n')}\n`);
