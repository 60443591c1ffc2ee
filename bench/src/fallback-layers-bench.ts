/**
 * Outage fallback layers 3 and 4 (issue 12, docs/outage-layers.md): what it
 * costs to answer from git or from the markdown report when the database and
 * the cache are gone. Seeds a SQLite project (seed scale and/or 100×), writes
 * the report and the snapshot, commits the snapshot in a temporary git
 * repository, then times, beside the raw tools doing the unavoidable part:
 *
 * - opening the git layer (git log + cat-file, JSON parse, zod check, load
 *   into an in-memory SQLite view), beside `git cat-file blob` + `JSON.parse`;
 * - opening the markdown layer, beside reading the file + `parseLegacyStatus`;
 * - `list_ready_work` on the opened git view, beside the same call on the
 *   healthy SQLite primary;
 * - with the database destroyed and no cache, `list_ready_work` through the
 *   fallback chain of one long-lived process: the first read (it opens the git
 *   view) and the reads after it (served by the kept view), beside the healthy
 *   primary — before the view was kept, every read cost an open;
 * - building the view's schema from the generated DDL, beside MikroORM's
 *   migrator doing it (warm: its one-off module load, ~0.4–1.5 s, comes on top
 *   in a fresh process).
 *
 * Run: `pnpm --filter @project-status/bench exec tsx src/fallback-layers-bench.ts -- --scale 1 --engine sqlite --iterations 20`
 * Tables go to stdout, progress to stderr. Never a CI gate.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createProjectStatus, parseLegacyStatus, REPORT_FILE, SNAPSHOT_FILE } from '@project-status/core';
import { createGitLayer, createMarkdownLayer, openProjectStatus } from '@project-status/storage';
import { benchConfigOrExit } from './config.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { summarize, type Summary } from './stats.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const run = promisify(execFile);

async function time(fn: () => Promise<unknown>, iterations: number, warmup: number): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

const cell = (s: Summary | null) => (s ? `${ms(s.p50)} / ${ms(s.p95)} / ${ms(s.p99)}` : '—');

async function main(): Promise<void> {
  const config = benchConfigOrExit(process.argv.slice(2), process.env, log);
  if (!config) return;
  const rows: { label: string; ours: Summary; raw: Summary | null; rawLabel: string }[] = [];
  for (const scale of config.scales) {
    const root = mkdtempSync(join(tmpdir(), `ps-bench-fallback-${scale}-`));
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: root, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } });
    try {
      const ps = await openProjectStatus({ root, clientId: 'bench' });
      log(`scale ${scale}: seeding…`);
      await seedProject(ps, { scale, seed: config.seed, batchSize: config.batch });
      await ps.generate_status_report({ write_file: true, include_markdown: false });
      git('init', '-q');
      git('add', SNAPSHOT_FILE);
      git('commit', '-q', '-m', 'Snapshot (#1)');
      const n = scale === 1 ? config.iterations : Math.max(5, Math.floor(config.iterations / 10));
      const w = scale === 1 ? config.warmup : 1;
      const tag = `${scale}×`;
      log(`scale ${scale}: timing (${n} iterations)…`);

      // A new layer per open: a layer keeps its view while the snapshot is unchanged, so a second open on it is no open.
      const openGit = async () => {
        const layer = createGitLayer({ root, timeoutMs: 120_000 });
        const r = await layer.open();
        if (!r.ok) throw new Error(r.reason);
        await layer.close?.();
      };
      const rawGit = async () => JSON.parse((await run('git', ['cat-file', 'blob', `HEAD:${SNAPSHOT_FILE}`], { cwd: root, maxBuffer: 1 << 30 })).stdout);
      rows.push({ label: `${tag} open git layer`, ours: await time(openGit, n, w), raw: await time(rawGit, n, w), rawLabel: 'git cat-file + JSON.parse' });

      const openMd = async () => {
        const layer = createMarkdownLayer({ root });
        const r = await layer.open();
        if (!r.ok) throw new Error(r.reason);
        await layer.close?.();
      };
      const rawMd = async () => parseLegacyStatus(readFileSync(join(root, REPORT_FILE), 'utf8'));
      rows.push({ label: `${tag} open markdown layer`, ours: await time(openMd, n, w), raw: await time(rawMd, n, w), rawLabel: 'read + parseLegacyStatus' });

      const gitLayer = createGitLayer({ root, timeoutMs: 120_000 });
      const opened = await gitLayer.open();
      if (!opened.ok) throw new Error(opened.reason);
      const view = createProjectStatus({ store: opened.read.store });
      const iterations = scale === 1 ? config.iterations : Math.max(20, Math.floor(config.iterations / 2));
      const healthy = await time(() => ps.list_ready_work({}), iterations, config.warmup);
      rows.push({
        label: `${tag} list_ready_work on the git view`,
        ours: await time(() => view.list_ready_work({}), iterations, config.warmup),
        raw: healthy,
        rawLabel: 'same call, healthy SQLite primary',
      });
      await gitLayer.close?.();
      await ps.close();

      // A long-lived process while down: the database file destroyed, no cache, reads through the chain to git.
      rmSync(join(root, '.project-status', 'cache.db'), { force: true });
      for (const extra of ['-wal', '-shm']) rmSync(join(root, '.project-status', `status.db${extra}`), { force: true });
      writeFileSync(join(root, '.project-status', 'status.db'), Buffer.alloc(8192, 7));
      const chainLayer = createGitLayer({ root, timeoutMs: 120_000 });
      const down = await openProjectStatus({ root, clientId: 'bench', fallback: { layers: () => [chainLayer] } });
      try {
        let servedBy = '';
        const firstStart = performance.now();
        await down.list_ready_work({}, { onServed: (s) => (servedBy = s.data_source) });
        const firstRead = performance.now() - firstStart;
        if (servedBy !== 'git') throw new Error(`expected the git layer to serve, got ${servedBy}`);
        rows.push({ label: `${tag} down, no cache: first read via the chain (opens the git view; one sample)`, ours: summarize([firstRead]), raw: null, rawLabel: 'before the view was kept, every read cost an open' });
        const kept = await time(() => down.list_ready_work({}), iterations, config.warmup);
        if (chainLayer.opens !== 1) throw new Error(`the git view was opened ${chainLayer.opens} times, expected once`);
        rows.push({ label: `${tag} down, no cache: later reads via the chain (kept view, ${chainLayer.opens} open in ${iterations + config.warmup + 1} reads)`, ours: kept, raw: healthy, rawLabel: 'same call, healthy SQLite primary' });
      } finally {
        await down.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }

  // The schema of a view: generated DDL vs the migrator (both warm).
  const [{ default: Sqlite }, { SQLITE_SCHEMA_DDL }, { openMigratedOrm }] = await Promise.all([
    import('better-sqlite3'),
    import('../../packages/storage/src/fallback/sqlite-schema.generated.js'),
    import('../../packages/storage/src/open/migrate.js'),
  ]);
  const ddl = SQLITE_SCHEMA_DDL.map((s: string) => `${s};`).join('\n');
  const viaDdl = async () => {
    const db = new Sqlite(':memory:');
    db.exec(ddl);
    db.close();
  };
  const coldStart = performance.now();
  const first = await openMigratedOrm({ engine: 'sqlite', file: ':memory:' });
  const cold = performance.now() - coldStart;
  await first.orm.close(true);
  const viaMigrator = async () => (await openMigratedOrm({ engine: 'sqlite', file: ':memory:' })).orm.close(true);
  rows.push({ label: 'view schema from generated DDL', ours: await time(viaDdl, 20, 2), raw: await time(viaMigrator, 20, 2), rawLabel: `MikroORM migrator, warm (first call: ${ms(cold)})` });

  process.stdout.write('\nOutage fallback layers — p50 / p95 / p99 (ms)\n\n');
  process.stdout.write('| row | ours | beside | that is |\n|---|---|---|---|\n');
  for (const r of rows) process.stdout.write(`| ${r.label} | ${cell(r.ours)} | ${cell(r.raw)} | ${r.rawLabel} |\n`);
}

await main();
