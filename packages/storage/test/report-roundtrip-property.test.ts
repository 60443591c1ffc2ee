import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { USER_SECTION_MARKER, sessionFacts, type Deployment, type Vendor, type WorkItem } from '@project-status/core';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createTestDatabase, describeEachEngine, executeRawSql, type TestDatabase } from '../src/testing/index.js';

/** JSON with sorted keys: PostgreSQL's jsonb does not keep key order. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

/**
 * What the report carries of the four entities SPEC §4.1 names (docs/report-and-import.md,
 * "What the round trip keeps"): ids, versions, audit fields and the fields listed there are not in it.
 */
async function facts(ps: ProjectStatusHandle): Promise<Record<string, string[]>> {
  const vendors = (await ps.list_vendors({ detail: 'full' })).vendors as Vendor[];
  const deployments = (await ps.list_deployments({ limit: 100, detail: 'full' })).deployments as Deployment[];
  const { enhancements } = await ps.list_enhancements({ limit: 100 });
  const sessions = (await ps.list_work_items({ item_type: 'session', detail: 'full', limit: 100 })).items as WorkItem[];
  return {
    vendors: vendors.map((v) => canonical([v.name, v.status, v.metadata.test_results, v.metadata.format_support, v.extractor_version])).sort(),
    deployments: deployments
      .map((d) =>
        canonical([
          d.deployed_at, d.commit_hash, d.metadata.pr_number, d.metadata.pr_title, d.metadata.test_summary, d.metadata.constitutional_compliance,
          d.vendors.map((v) => v.name).sort(), [...d.work_items.map((w) => w.id), ...(d.metadata.legacy_work_item_refs ?? [])].sort(),
        ]),
      )
      .sort(),
    enhancements: enhancements.map((e) => canonical([e.title, e.priority, e.target_quarter, e.status])).sort(),
    sessions: sessions.map((s) => canonical(sessionFacts(s))).sort(),
  };
}

// ---- what the operations can produce -------------------------------------------------

const TRICKY_LINES = ['## Requirements', '# Title', '### Notes', '### Session 2025-01-01', '---', USER_SECTION_MARKER, `  ${USER_SECTION_MARKER}`, '\\', '\\## x', '\\section{x}', '', '   ', '- Commit: x', '## Vendors (1 total)'];
const line = fc.oneof(fc.constantFrom(...TRICKY_LINES), fc.string({ unit: fc.constantFrom('a', 'Z', '1', ' ', '#', '-', '\\', ':', '"', "'", '{', '[', 'é', '漢', '🙂', '\t'), maxLength: 12 }));
const text = fc.array(line, { maxLength: 5 }).map((lines) => lines.join('\n'));
const oneLineText = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
const scalar = fc.oneof(text, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null));
const fmKey = fc.oneof(fc.constantFrom('mode', 'session_id', 'token_budget', 'odd key', '#x', '- y', 'a: b'), fc.stringMatching(/^[a-z][a-z_]{0,8}$/)).filter((k) => !['schema_version', 'session_date', 'prompt_text', '__proto__'].includes(k));
const fmValue = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fmKey, scalar, { maxKeys: 3 }));
const day = fc.constantFrom('2025-01-01', '2025-06-30', '2026-02-28');
const hashes = ['a', 'b', 'c'].map((c) => c.repeat(40));
const times = ['2025-01-01T00:00:00.000Z', '2025-01-01T12:30:45.123Z', '2026-06-30T23:59:59.999Z'];

const state = fc.record({
  vendors: fc.uniqueArray(
    fc.record({
      name: fc.stringMatching(/^[A-Za-z0-9_-]([A-Za-z0-9 _-]{0,12}[A-Za-z0-9_-])?$/),
      status: fc.constantFrom('operational', 'broken'),
      total: fc.nat({ max: 20 }),
      passing: fc.nat({ max: 20 }),
      skipped: fc.nat({ max: 20 }),
      formats: fc.record({ excel: fc.boolean(), csv: fc.boolean(), pdf: fc.boolean(), ocr: fc.boolean() }),
      version: fc.oneof(oneLineText, fc.constantFrom('v2', '1.0 beta', ']x')),
    }),
    { selector: (v) => v.name.toLowerCase(), maxLength: 4 },
  ),
  deployments: fc.array(
    fc.record({
      hash: fc.constantFrom(...hashes),
      at: fc.constantFrom(...times),
      pr: fc.integer({ min: 1, max: 9 }),
      title: fc.oneof(oneLineText, fc.constantFrom('PR #1', ': colon', '# hash', 'with (parens)')),
      tests: fc.dictionary(fc.oneof(fc.constantFrom('passed', 'Unit Tests', 'a, b', 'none', '"q"'), fc.stringMatching(/^[a-z]{1,6}$/)), fc.nat({ max: 500 }), { maxKeys: 3 }),
      compliant: fc.boolean(),
      vendorPicks: fc.array(fc.nat(), { maxLength: 2 }),
      itemPicks: fc.array(fc.nat(), { maxLength: 2 }),
    }),
    { maxLength: 5 },
  ),
  enhancements: fc.array(
    fc.record({
      title: fc.oneof(oneLineText, fc.constantFrom('Alpha', 'alpha', 'Beta (x)', 'Gamma (Priority: High)', 'x (')),
      priority: fc.integer({ min: 1, max: 5 }),
      status: fc.constantFrom('planned', 'approved', 'implementing', 'completed'),
      quarter: fc.option(fc.constantFrom('2026-Q1', '2027-Q4'), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
  sessions: fc.array(
    fc.record({
      title: oneLineText,
      schema: fc.oneof(fc.constantFrom('1.0', 'legacy', 'x: y'), fc.integer({ min: 0, max: 5 })),
      id: fc.option(fc.constantFrom('s1', 's2', 7), { nil: undefined }),
      date: fc.option(day, { nil: undefined }),
      prompt: fc.option(text, { nil: undefined }),
      extra: fc.dictionary(fmKey, fmValue, { maxKeys: 3 }),
      completed: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
});
type State = typeof state extends fc.Arbitrary<infer T> ? T : never;

async function build(ps: ProjectStatusHandle, s: State): Promise<void> {
  const vendorIds: string[] = [];
  for (const v of s.vendors) {
    const total = Math.max(v.total, v.passing + v.skipped);
    const created = await ps.create_vendor({ name: v.name, status: v.status as 'operational', extractor_version: v.version, initial_metadata: { format_support: v.formats, test_results: { passing: v.passing, total, skipped: v.skipped } } });
    vendorIds.push(created.id);
  }
  const tasks = [await ps.create_work_item({ item_type: 'task', title: 'linked one' }), await ps.create_work_item({ item_type: 'task', title: 'linked two' })];
  for (const d of s.deployments) {
    await ps.record_deployment({
      deployed_at: d.at,
      commit_hash: d.hash,
      metadata: { pr_number: d.pr, pr_title: d.title, test_summary: d.tests, constitutional_compliance: d.compliant },
      affected_vendor_ids: vendorIds.length ? [...new Set(d.vendorPicks.map((i) => vendorIds[i % vendorIds.length]!))] : [],
      related_work_item_ids: [...new Set(d.itemPicks.map((i) => tasks[i % 2]!.id))],
    });
  }
  for (const e of s.enhancements) await ps.create_enhancement({ title: e.title, priority: e.priority, status: e.status as 'planned', target_quarter: e.quarter });
  for (const x of s.sessions) {
    const yaml_frontmatter: Record<string, unknown> = { ...x.extra, schema_version: x.schema };
    if (x.id !== undefined) yaml_frontmatter.session_id = x.id;
    if (x.date !== undefined) yaml_frontmatter.session_date = x.date;
    if (x.prompt !== undefined) yaml_frontmatter.prompt_text = x.prompt;
    await ps.create_work_item({ item_type: 'session', title: x.title, status: x.completed ? 'completed' : 'active', metadata: { token_budget: 5000, prompts_count: 2, yaml_frontmatter } });
  }
}

const TABLES = ['deployment_vendors', 'deployment_work_items', 'work_item_dependencies', 'history', 'archived_work_items', 'deployments', 'enhancements', 'vendors', 'work_items', 'project_configuration'];

/** Empties a test database ("clean rows before each"): a fresh database per run would cost seconds on PostgreSQL. */
async function clear(db: TestDatabase): Promise<void> {
  // A fresh SQLite connection does not enforce foreign keys, so the order of the deletes does not matter.
  if (db.engine === 'sqlite') for (const t of TABLES) await executeRawSql(db, `delete from ${t}`);
  else await executeRawSql(db, `truncate ${TABLES.join(', ')} cascade`);
}

describeEachEngine('report round trip (property)', (ctx) => {
  let copyDb: TestDatabase | undefined;
  let copy: ProjectStatusHandle | undefined;
  beforeAll(async () => {
    copyDb = await createTestDatabase(ctx.engine, 'rt-copy');
    copy = await openProjectStatus({ clientId: 'test', databaseUrl: copyDb.url, root: copyDb.root });
  });
  afterAll(async () => {
    await copy?.close();
    await copyDb?.drop();
  });

  it('any state the operations produce → report → import into an empty store → the same vendors, deployments, enhancements and sessions', async () => {
    const source = ctx.ps();
    await fc.assert(
      fc.asyncProperty(state, async (s) => {
        await clear(ctx.db());
        await clear(copyDb!);
        await build(source, s);
        const markdown = (await source.generate_status_report({})).markdown!;
        const expected = await facts(source);
        // Importing the report into the store it came from finds everything already there.
        writeFileSync(join(ctx.db().root, 'own.md'), markdown);
        const own = await source.import_legacy_status({ path: 'own.md', dry_run: true });
        expect(own.created).toEqual({ vendors: 0, deployments: 0, enhancements: 0, sessions: 0 });
        writeFileSync(join(copyDb!.root, 'report.md'), markdown);
        const report = await copy!.import_legacy_status({ path: 'report.md', strict: true });
        expect(report.issues).toEqual([]);
        expect(report.checks.every((c) => c.match && c.skipped === 0)).toBe(true);
        expect(report.preservation_percent).toBe(100);
        expect(await facts(copy!)).toEqual(expected);
      }),
      // Fewer runs on PostgreSQL, where emptying two databases costs most of a run; ROUNDTRIP_RUNS raises both for a soak.
      { numRuns: Number(process.env.ROUNDTRIP_RUNS ?? (ctx.engine === 'sqlite' ? 40 : 12)), endOnFailure: true },
    );
  }, 300_000);
});
