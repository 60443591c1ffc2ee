/**
 * `pnpm bench`: seeds a project at seed scale and 100× on SQLite and
 * PostgreSQL, then times each operation through the library beside the raw
 * driver running the same SQL, and prints p50/p95/p99 tables with the SPEC §6
 * targets. Tables go to stdout, progress to stderr. Never a CI gate.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProjectStatus } from '@project-status/storage';
import { benchConfigOrExit, type BenchConfig } from './config.js';
import { createBenchDatabase, type BenchDatabase } from './databases.js';
import { openRawPostgres, openRawSqlite, settleAfterLoad, type RawDriver } from './raw-driver.js';
import { formatTable, judge, ms, type RowResult } from './result-table.js';
import { createScenarios } from './scenarios.js';
import { seedProject, type SeedResult } from './seed.js';
import { measurePair, summarize } from './stats.js';

interface RunResult {
  engine: 'sqlite' | 'postgres';
  scale: number;
  counts: SeedResult['counts'];
  seedSeconds: number;
  rows: (RowResult & { disagreement?: string; samples?: { ours: number[]; raw: number[] } })[];
}

const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Drops whatever scratch database is still alive when the user interrupts the run. */
const live = new Set<BenchDatabase>();
process.once('SIGINT', () => {
  log('\ninterrupted: dropping scratch databases…');
  void Promise.allSettled([...live].map((db) => db.drop())).then(() => process.exit(130));
});

function progress(label: string): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (done === total || now - last > 2000) {
      last = now;
      log(`  ${label}: seeded ${done}/${total} steps (${((100 * done) / total).toFixed(0)} %)`);
    }
  };
}

async function runOne(config: BenchConfig, engine: 'sqlite' | 'postgres', scale: number): Promise<RunResult> {
  const label = `${ENGINE_NAMES[engine]} ×${scale}`;
  const db = await createBenchDatabase(engine, config.postgresUrl, `scale${scale}`);
  live.add(db);
  let raw: RawDriver | undefined;
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench' }).catch(async (error) => {
    await db.drop();
    live.delete(db);
    throw error;
  });
  try {
    log(`${label}: seeding (batches of ${config.batch} steps per transaction)…`);
    const seeded = await seedProject(ps, { scale, seed: config.seed, batchSize: config.batch, onProgress: progress(label) });
    log(`${label}: seeded in ${seeded.seconds.toFixed(1)} s — ${JSON.stringify(seeded.counts)}`);
    raw = engine === 'sqlite' ? openRawSqlite(db.file!) : openRawPostgres(db.url);
    await settleAfterLoad(raw);

    const rows: RunResult['rows'] = [];
    for (const scenario of createScenarios({ ps, raw, seeded, seed: config.seed })) {
      const disagreement = (await scenario.agree?.()) ?? null;
      if (disagreement) log(`  ${label}: WARNING — the raw baseline of "${scenario.label}" does not answer like the store (${disagreement}); update bench/src/raw-sql.ts`);
      const samples = await measurePair(scenario.ours, scenario.raw, config.iterations, config.warmup);
      const row = judge(scenario, engine, summarize(samples.ours), summarize(samples.raw));
      log(`  ${label}: ${row.label}: ours p50 ${ms(row.ours.p50)} ms, raw p50 ${ms(row.raw.p50)} ms`);
      rows.push({ ...row, ...(disagreement ? { label: `${row.label} ⚠ baseline differs`, disagreement } : {}), samples });
    }
    return { engine, scale, counts: seeded.counts, seedSeconds: seeded.seconds, rows };
  } finally {
    await raw?.close();
    await ps.close();
    await db.drop();
    live.delete(db);
  }
}

function header(config: BenchConfig): string {
  const cpu = cpus();
  return [
    `### Project Status storage benchmark — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}.`,
    `${config.iterations} timed calls per side and row after ${config.warmup} warm-up calls, ours and raw alternating in blocks of 10.`,
  ].join('\n');
}

async function main(): Promise<void> {
  const config = benchConfigOrExit(process.argv.slice(2), process.env, log);
  if (!config) return;
  const started = performance.now();
  console.log(`${header(config)}\n`);
  const results: RunResult[] = [];
  for (const scale of config.scales) {
    for (const engine of config.engines) {
      const result = await runOne(config, engine, scale);
      results.push(result);
      const c = result.counts;
      const title = `${ENGINE_NAMES[engine]}, scale ${scale} (${c.vendors} vendors, ${c.workItems} work items, ${c.dependencies} dependencies, ${c.deployments} deployments) — seeded in ${result.seedSeconds.toFixed(1)} s`;
      console.log(`${formatTable(title, result.rows)}\n`);
    }
  }
  const minutes = (performance.now() - started) / 60_000;
  const misses = results.flatMap((r) => r.rows.filter((row) => row.spec?.pass === false || row.own?.pass === false).map((row) => `${ENGINE_NAMES[r.engine]} ×${r.scale}: ${row.label}`));
  console.log(`Total run time: ${minutes.toFixed(1)} min. ${misses.length ? `Missed targets:\n- ${misses.join('\n- ')}` : 'Every target met.'}`);

  if (config.json) {
    const dir = fileURLToPath(new URL('../results/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    const file = `${dir}${basename(config.json)}`;
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version }, config, minutes, results }, null, 2)}\n`);
    log(`raw numbers written to ${file}`);
  }
}

main().catch((error: unknown) => {
  log(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
