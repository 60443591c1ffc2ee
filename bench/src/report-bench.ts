/**
 * Status report and legacy import benchmark (issue 5). Seeds a project at
 * seed scale and/or 100× on SQLite and PostgreSQL, then times:
 *
 * - `generate_status_report` end to end, beside the raw driver running the
 *   same SELECTs (what reading the data costs by itself; the ancestors of
 *   unfinished items, fetched by id, are left out of the raw side);
 * - its two halves: loading the store data, and rendering (pure);
 * - `import_legacy_status` of a sample-sized legacy file (45 vendors, 12
 *   deployments, 8 enhancements, 25 sessions) into the seeded project,
 *   beside the raw driver inserting the same rows in one transaction;
 * - re-importing that file (every entry already present: a no-op).
 *
 * Run: `pnpm --filter @project-status/bench exec tsx src/report-bench.ts -- --scale 1`
 * (same options as `pnpm bench`; at 100× the report is timed
 * max(5, iterations / 10) times because one call reads 120 000 rows).
 * Tables go to stdout, progress to stderr. Never a CI gate.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLegacyStatus, loadReportData, renderStatusReport, type ProjectStatus } from '@project-status/core';
import { openProjectStatus } from '@project-status/storage';
import { benchConfigOrExit, type BenchConfig } from './config.js';
import { createBenchDatabase } from './databases.js';
import { openRawPostgres, openRawSqlite, settleAfterLoad, type RawDriver, type RawQueries } from './raw-driver.js';
import { ms } from './result-table.js';
import { seedProject } from './seed.js';
import { summarize, type Summary } from './stats.js';

const log = (line: string) => process.stderr.write(`${line}\n`);
const ENGINE_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

interface Row {
  label: string;
  ours: Summary;
  raw: Summary | null;
  /** SPEC / brief target on ours p95, in ms. */
  target: number | null;
}

async function time(fn: (i: number) => Promise<unknown>, iterations: number, warmup: number): Promise<Summary> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const samples: number[] = [];
  for (let i = warmup; i < warmup + iterations; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

const WORK_ITEM_COLUMNS =
  'id, item_type, title, status, parent_id, path, depth, branch_name, commit_hash, pr_number, metadata, labels, assignee, deleted_at, version, created_at, updated_at, created_by, updated_by';

/** The report's reads as plain SQL on the raw driver: the same statements the store runs, without mapping or rendering. */
async function rawReportReads(raw: RawQueries, engine: 'sqlite' | 'postgres'): Promise<void> {
  const reason = engine === 'postgres' ? `metadata->>'blocked_reason'` : `json_extract(metadata, '$.blocked_reason')`;
  await raw.all('select id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by from vendors order by lower(name)');
  await raw.all(`select id, item_type, title, status, parent_id, path, depth, branch_name, assignee, created_at, case when status = 'blocked' then ${reason} end as blocked_reason from work_items where deleted_at is null and status <> 'completed'`);
  await raw.all(`select ${WORK_ITEM_COLUMNS} from work_items where deleted_at is null and item_type = 'session' order by depth, created_at, id`);
  await raw.all('select count(*) as n from work_items where deleted_at is null');
  await raw.all('select id, source_id, target_id, dependency_type, created_at, created_by from work_item_dependencies order by created_at, id');
  await raw.all('select id, deployed_at, commit_hash, metadata, version, created_at, created_by from deployments order by deployed_at desc, id desc');
  await raw.all('select dv.deployment_id, v.id, v.name from deployment_vendors dv join vendors v on v.id = dv.vendor_id order by lower(v.name)');
  await raw.all('select dw.deployment_id, dw.work_item_id as id from deployment_work_items dw');
  await raw.all('select * from enhancements order by priority, created_at desc, id desc');
  await raw.all('select * from project_configuration where id = 1');
}

/** A sample-sized legacy file whose names, commits and session ids are unique to `run`. */
function legacyFile(run: number): string {
  const { text } = generateLegacyStatus({ seed: 1000 + run });
  const tag = `r${run}`;
  return text
    .replace(/^- ([a-z]+)_(\d+):/gm, `- ${tag}_$1_$2:`)
    .replace(/^- Vendors: (.*)$/gm, (_m, list: string) => `- Vendors: ${list.split(', ').map((v) => `${tag}_${v}`).join(', ')}`)
    .replace(/session_id: sess_/g, `session_id: ${tag}_sess_`)
    .replace(/^- (.+) \(Priority:/gm, `- $1 ${tag} (Priority:`);
}

/** What the import writes, as plain INSERTs in one transaction (no parsing, validation, history or reconciliation). */
async function rawImport(raw: RawDriver, run: number): Promise<void> {
  const now = new Date().toISOString();
  const j = JSON.stringify;
  await raw.transaction(async (q) => {
    const vendorIds: string[] = [];
    for (let i = 0; i < 45; i++) {
      const id = randomUUID();
      vendorIds.push(id);
      const metadata = { format_support: { excel: true, csv: false, pdf: true, ocr: false }, test_results: { passing: 3, total: 5, skipped: 1 }, extractor_version: '1.2.3', manifest_compliant: false };
      await q.all('insert into vendors (id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by) values (?, ?, ?, ?, ?, 1, ?, ?, ?, ?)', [
        id, `raw${run}_vendor_${i}`, 'broken', '1.2.3', j(metadata), now, now, 'bench', 'bench',
      ]);
    }
    for (let i = 0; i < 25; i++) {
      const id = randomUUID();
      const metadata = { token_budget: 100_000, prompts_count: 1, yaml_frontmatter: { schema_version: '1.1', session_id: `raw${run}_${i}`, prompt_text: 'Continue work.' } };
      await q.all(
        `insert into work_items (id, item_type, title, status, parent_id, path, depth, branch_name, commit_hash, pr_number, metadata, labels, assignee, deleted_at, version, created_at, updated_at, created_by, updated_by)
         values (?, 'session', ?, 'active', null, ?, 0, null, null, null, ?, '[]', null, null, 1, ?, ?, 'bench', 'bench')`,
        [id, `Session ${i}`, `/${id}`, j(metadata), now, now],
      );
    }
    for (let i = 0; i < 8; i++) {
      await q.all(
        `insert into enhancements (id, title, description, priority, status, target_quarter, requires_constitutional_principles, work_item_ids, version, created_at, updated_at, created_by, updated_by)
         values (?, ?, null, 1, 'planned', '2026-Q1', '[]', '[]', 1, ?, ?, 'bench', 'bench')`,
        [randomUUID(), `raw${run} enhancement ${i}`, now, now],
      );
    }
    for (let i = 0; i < 12; i++) {
      const id = randomUUID();
      const commit = randomUUID().replace(/-/g, '').padEnd(40, '0');
      const metadata = { pr_number: 100 + i, pr_title: `PR #${100 + i}`, commit_hash: commit, test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true, legacy_work_item_refs: ['#T001'] };
      await q.all('insert into deployments (id, deployed_at, commit_hash, metadata, version, created_at, created_by) values (?, ?, ?, ?, 1, ?, ?)', [id, now, commit, j(metadata), now, 'bench']);
      for (const v of [vendorIds[i]!, vendorIds[i + 1]!]) await q.all('insert into deployment_vendors (deployment_id, vendor_id) values (?, ?)', [id, v]);
    }
  });
}

async function benchScale(config: BenchConfig, engine: 'sqlite' | 'postgres', scale: number): Promise<Row[]> {
  const label = `${ENGINE_NAMES[engine]} ×${scale}`;
  const db = await createBenchDatabase(engine, config.postgresUrl, `report${scale}`);
  let ps: ProjectStatus | undefined;
  let raw: RawDriver | undefined;
  try {
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'bench' });
    log(`${label}: seeding…`);
    const seeded = await seedProject(ps, { scale, seed: config.seed, batchSize: config.batch });
    log(`${label}: seeded in ${seeded.seconds.toFixed(1)} s — ${JSON.stringify(seeded.counts)}`);
    raw = engine === 'sqlite' ? openRawSqlite(db.file!) : openRawPostgres(db.url);
    await settleAfterLoad(raw);
    const big = scale >= 100;
    const iterations = big ? Math.max(5, Math.floor(config.iterations / 10)) : config.iterations;
    const warmup = big ? Math.min(2, config.warmup) : config.warmup;
    const rows: Row[] = [];
    const reportTarget = big ? 1000 : 30;

    let length = 0;
    const report = await time(async () => (length = (await ps!.generate_status_report({})).markdown!.length), iterations, warmup);
    const reads = await time(() => rawReportReads(raw!, engine), iterations, warmup);
    rows.push({ label: `generate_status_report (${(length / 1024).toFixed(0)} KiB markdown)`, ours: report, raw: reads, target: reportTarget });
    log(`${label}: report p50 ${ms(report.p50)} ms, raw reads p50 ${ms(reads.p50)} ms`);
    const data = await loadReportData(ps.store);
    rows.push({ label: '· load store data (loadReportData)', ours: await time(() => loadReportData(ps!.store), iterations, warmup), raw: reads, target: null });
    const at = new Date().toISOString();
    rows.push({ label: '· render markdown (pure)', ours: await time(async () => renderStatusReport(data, { generatedAt: at, dataSource: engine }), iterations, warmup), raw: null, target: null });

    const importIterations = Math.max(5, Math.min(config.iterations, 20));
    let run = 0;
    const importOnce = async () => {
      const file = `legacy-${run}.md`;
      writeFileSync(join(db.root, file), legacyFile(run++));
      const result = await ps!.import_legacy_status({ path: file });
      if (!result.committed || result.preservation_percent !== 100) throw new Error(`import did not reconcile: ${JSON.stringify(result.checks)}`);
    };
    let rawRun = 0;
    const imported = await time(importOnce, importIterations, 2);
    const rawImported = await time(() => rawImport(raw!, rawRun++), importIterations, 2);
    rows.push({ label: 'import_legacy_status (45/12/8/25, new entries)', ours: imported, raw: rawImported, target: 200 });
    log(`${label}: import p50 ${ms(imported.p50)} ms, raw inserts p50 ${ms(rawImported.p50)} ms`);
    rows.push({ label: 'import_legacy_status again (all present, no-op)', ours: await time(() => ps!.import_legacy_status({ path: 'legacy-0.md' }), importIterations, 2), raw: null, target: 200 });
    return rows;
  } finally {
    await raw?.close();
    await ps?.close();
    await db.drop();
  }
}

function table(title: string, rows: Row[]): string {
  const head = ['operation', 'ours p50', 'p95', 'p99', 'raw p50', 'p95', 'p99', 'target (ours p95)'];
  return [
    `#### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|---|${head.slice(1, -1).map(() => '---:').join('|')}|---|`,
    ...rows.map((r) => {
      const rawCells = r.raw ? [ms(r.raw.p50), ms(r.raw.p95), ms(r.raw.p99)] : ['—', '—', '—'];
      const verdict = r.target === null ? '—' : `< ${r.target} ms **${r.ours.p95 < r.target ? 'PASS' : 'MISS'}**`;
      return `| ${[r.label, ms(r.ours.p50), ms(r.ours.p95), ms(r.ours.p99), ...rawCells, verdict].join(' | ')} |`;
    }),
    '',
    'Times in milliseconds. Raw = the plain driver running the same reads (report) or inserting the same rows in one transaction (import).',
  ].join('\n');
}

async function main(): Promise<void> {
  const config = benchConfigOrExit(process.argv.slice(2), process.env, log);
  if (!config) return;
  console.log(`### Status report and legacy import — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}\n`);
  for (const scale of config.scales) {
    for (const engine of config.engines) {
      const rows = await benchScale(config, engine, scale);
      console.log(`${table(`${ENGINE_NAMES[engine]}, scale ${scale}`, rows)}\n`);
    }
  }
}

main().catch((error: unknown) => {
  log(`report bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
