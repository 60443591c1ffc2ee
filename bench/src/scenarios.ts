import { uuidv7, type ProjectStatus } from '@project-status/core';
import { createRandom } from './random.js';
import type { Params, RawDriver, RawQueries, Row } from './raw-driver.js';
import { rawVendorByName, rawWorkItemDetail } from './raw-reads.js';
import { SQL } from './raw-sql.js';
import type { SeedResult } from './seed.js';
import { SEARCH_TERMS } from './seed-vocabulary.js';
import type { Timed } from './stats.js';

/** One row of the result table: our operation beside the raw driver doing the same SQL. */
export interface Scenario {
  key: string;
  label: string;
  kind: 'read' | 'write';
  /** SPEC §6 target on p95, when the spec names one. */
  spec?: { p95: number; text: string };
  ours: Timed;
  raw: Timed;
  /**
   * For reads: runs both sides once and says how their answers differ (null
   * when they agree), so a baseline that drifted from the store's SQL is caught.
   */
  agree?: () => Promise<string | null>;
}

const differ = (what: string, ours: unknown, raw: unknown) => (JSON.stringify(ours) === JSON.stringify(raw) ? null : `${what}: ours ${JSON.stringify(ours)}, raw ${JSON.stringify(raw)}`);
const countTree = (nodes: readonly { children?: readonly unknown[] }[]): number => nodes.reduce((n, c) => n + 1 + countTree((c.children ?? []) as { children?: unknown[] }[]), 0);

export interface ScenarioContext {
  ps: ProjectStatus;
  raw: RawDriver;
  seeded: SeedResult;
  seed: number;
}

const BENCH_ACTOR = 'bench';

/** The deployment list, count and links the store reads for a work item's detail (or a new deployment). */
async function deploymentsWithLinks(q: RawQueries, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((r) => String(r.id));
  await Promise.all([q.all(SQL.deploymentVendors(ids.length), ids), q.all(SQL.deploymentItems(ids.length), ids)]);
}

function history(entityType: string, id: string, version: number, action: string, changes: unknown, at: string): Params {
  return [uuidv7(), entityType, id, version, action, BENCH_ACTOR, at, JSON.stringify(changes)];
}

/** Builds the rows, in the order of the brief. Picks are seeded, so both sides see the same kind of targets. */
export function createScenarios({ ps, raw, seeded, seed }: ScenarioContext): Scenario[] {
  const rng = createRandom(seed + 1);
  const shuffled = <T>(items: readonly T[]) => rng.sample(items, items.length);
  const vendorNames = shuffled(seeded.vendorNames);
  const roots = shuffled(seeded.rootIds);
  const parents = shuffled(seeded.innerIds);
  const items = seeded.workItemIds;
  const leaves = shuffled(seeded.leaves).map((l) => ({ ...l }));
  const oursLeaves = leaves.filter((_, i) => i % 2 === 0);
  const rawLeaves = leaves.filter((_, i) => i % 2 === 1);
  const at = () => new Date().toISOString();
  const nth = <T>(list: readonly T[], i: number): T => list[i % list.length]!;
  // Mixed letter case on purpose: lookups are case-insensitive.
  const vendorName = (i: number) => (i % 2 ? nth(vendorNames, i).toUpperCase() : nth(vendorNames, i));
  const isPg = raw.engine === 'postgres';

  const deploymentInput = (i: number, side: string) => {
    const commit = createRandom(seed + i + (side === 'raw' ? 1_000_000 : 0)).hex(40);
    return {
      commit,
      vendors: [nth(seeded.vendorIds, i * 7), nth(seeded.vendorIds, i * 7 + 3)],
      items: [nth(items, i * 13), nth(items, i * 13 + 5), nth(items, i * 13 + 11)],
      metadata: { pr_number: 900_000 + i, pr_title: `Bench deployment ${side} ${i}`, commit_hash: commit, test_summary: { passed: 120, failed: 0 }, constitutional_compliance: true },
    };
  };

  return [
    {
      key: 'vendor_by_name',
      label: 'vendor by name (query_vendor_status)',
      kind: 'read',
      spec: { p95: 1, text: '< 1 ms' },
      ours: (i) => ps.query_vendor_status({ name: vendorName(i) }),
      raw: (i) => rawVendorByName(raw, vendorName(i)),
      agree: async () => differ('vendor id', (await ps.query_vendor_status({ name: vendorName(1) })).id, (await rawVendorByName(raw, vendorName(1)))[0]?.id),
    },
    {
      key: 'work_item_hierarchy',
      label: 'work item with hierarchy (query_work_item, project root, 150-item tree)',
      kind: 'read',
      spec: { p95: 10, text: '< 10 ms' },
      ours: (i) => ps.query_work_item({ id: nth(roots, i) }),
      raw: (i) => rawWorkItemDetail(raw, nth(roots, i)),
      agree: async () => differ('descendant count', countTree((await ps.query_work_item({ id: nth(roots, 0) })).descendants), Number((await raw.all(SQL.descendantCount, [nth(roots, 0)]))[0]?.n)),
    },
    {
      key: 'list_page',
      label: 'list page, 50 summary rows (list_work_items)',
      kind: 'read',
      spec: { p95: 200, text: '< 200 ms' },
      ours: () => ps.list_work_items({}),
      raw: () => Promise.all([raw.all(SQL.listPage, [50, 0]), raw.all(SQL.listCount)]),
      agree: async () => {
        const ours = await ps.list_work_items({});
        const [rows, [total]] = await Promise.all([raw.all(SQL.listPage, [50, 0]), raw.all(SQL.listCount)]);
        return differ('page ids and total', [ours.items.map((r) => r.id), ours.total_count], [rows.map((r) => r.id), Number(total?.n)]);
      },
    },
    {
      key: 'create_work_item',
      label: 'create task under a parent (create_work_item)',
      kind: 'write',
      spec: { p95: 150, text: '< 150 ms' },
      ours: (i) => ps.create_work_item({ item_type: 'task', title: `Bench task ${i} for the tokenizer`, parent_id: nth(parents, i), metadata: { estimated_hours: 3 }, labels: ['bench'] }, { actor: BENCH_ACTOR }),
      raw: (i) =>
        raw.transaction(async (q) => {
          const [parent] = await q.all(SQL.itemById, [nth(parents, i + 1)]);
          const id = uuidv7();
          const now = at();
          const title = `Raw task ${i} for the tokenizer`;
          const values: Params = [id, 'task', title, 'active', String(parent!.id), `${String(parent!.path)}/${id}`, Number(parent!.depth) + 1, null, null, null, '{"estimated_hours":3}', '["bench"]', null, null, 1, now, now, BENCH_ACTOR, BENCH_ACTOR];
          await q.all(SQL.insertItem, values);
          await q.all(SQL.insertHistory, history('work_item', id, 1, 'create', { title: { old: null, new: title }, item_type: { old: null, new: 'task' }, parent_id: { old: null, new: parent!.id } }, now));
        }),
    },
    {
      key: 'update_work_item',
      label: 'versioned status update (update_work_item)',
      kind: 'write',
      spec: { p95: 150, text: '< 150 ms' },
      ours: async (i) => {
        const leaf = nth(oursLeaves, i);
        const updated = await ps.update_work_item({ id: leaf.id, version: leaf.version, status: leaf.version % 2 ? 'blocked' : 'active' }, { actor: BENCH_ACTOR });
        leaf.version = updated.version;
      },
      raw: (i) =>
        raw.transaction(async (q) => {
          const leaf = nth(rawLeaves, i);
          const [current] = await q.all(SQL.itemById, [leaf.id]);
          const status = leaf.version % 2 ? 'blocked' : 'active';
          const now = at();
          const [row] = await q.all(SQL.updateStatus, [status, now, BENCH_ACTOR, leaf.id, leaf.version]);
          if (!row) throw new Error(`raw update of ${leaf.id} at version ${leaf.version} found no row`);
          leaf.version = Number(row.version);
          await q.all(SQL.insertHistory, history('work_item', leaf.id, leaf.version, 'update', { status: { old: current!.status, new: status } }, now));
        }),
    },
    {
      key: 'record_deployment',
      label: 'record deployment, 2 vendors + 3 work items (record_deployment)',
      kind: 'write',
      spec: { p95: 200, text: '< 200 ms' },
      ours: (i) => {
        const d = deploymentInput(i, 'ours');
        return ps.record_deployment({ commit_hash: d.commit, metadata: d.metadata, affected_vendor_ids: d.vendors, related_work_item_ids: d.items }, { actor: BENCH_ACTOR });
      },
      raw: (i) =>
        raw.transaction(async (q) => {
          const d = deploymentInput(i, 'raw');
          await q.all(SQL.vendorsByIds(d.vendors.length), d.vendors);
          await q.all(SQL.itemsByIds(d.items.length), d.items);
          const id = uuidv7();
          const now = at();
          await q.all(SQL.insertDeployment, [id, now, d.commit, JSON.stringify(d.metadata), now, BENCH_ACTOR]);
          for (const v of d.vendors) await q.all(SQL.insertDeploymentVendor, [id, v]);
          for (const w of d.items) await q.all(SQL.insertDeploymentItem, [id, w]);
          await q.all(SQL.insertHistory, history('deployment', id, 1, 'create', { commit_hash: { old: null, new: d.commit }, vendors: { old: null, new: d.vendors }, work_items: { old: null, new: d.items } }, now));
          await deploymentsWithLinks(q, await q.all(SQL.deploymentById, [id]));
        }),
    },
    {
      key: 'ready_work',
      label: 'ready work, first 50 (list_ready_work)',
      kind: 'read',
      ours: () => ps.list_ready_work({}),
      raw: () => raw.all(SQL.readyWork, [50]),
      agree: async () => differ('ready ids', (await ps.list_ready_work({})).items.map((r) => r.id), (await raw.all(SQL.readyWork, [50])).map((r) => r.id)),
    },
    {
      key: 'search',
      label: 'full-text search, one word, 50 rows (search_work_items)',
      kind: 'read',
      ours: (i) => ps.search_work_items({ query: nth(SEARCH_TERMS, i) }),
      raw: (i) => {
        const term = nth(SEARCH_TERMS, i);
        return isPg
          ? Promise.all([raw.all(SQL.postgresSearch, [term, 50, 0]), raw.all(SQL.postgresSearchCount, [term])])
          : Promise.all([raw.all(SQL.sqliteSearch, [`"${term}"`, 50, 0]), raw.all(SQL.sqliteSearchCount, [`"${term}"`])]);
      },
      agree: async () => {
        const term = nth(SEARCH_TERMS, 0);
        const ours = await ps.search_work_items({ query: term });
        const [total] = isPg ? await raw.all(SQL.postgresSearchCount, [term]) : await raw.all(SQL.sqliteSearchCount, [`"${term}"`]);
        return differ('match count', ours.total_count, Number(total?.n));
      },
    },
    {
      key: 'create_vendor',
      label: 'vendor creation (create_vendor)',
      kind: 'write',
      spec: { p95: 100, text: '< 100 ms' },
      ours: (i) => ps.create_vendor({ name: `bench_ours_${i}` }, { actor: BENCH_ACTOR }),
      raw: (i) =>
        raw.transaction(async (q) => {
          const name = `bench_raw_${i}`;
          const existing = await q.all(SQL.vendorByName, [name]);
          if (existing.length) throw new Error(`vendor ${name} exists`);
          const id = uuidv7();
          const now = at();
          const metadata = { format_support: { excel: false, csv: false, pdf: false, ocr: false }, test_results: { passing: 0, total: 0, skipped: 0 }, extractor_version: '0.0.0', manifest_compliant: false };
          await q.all(SQL.insertVendor, [id, name, 'broken', '0.0.0', JSON.stringify(metadata), 1, now, now, BENCH_ACTOR, BENCH_ACTOR]);
          await q.all(SQL.insertHistory, history('vendor', id, 1, 'create', { name: { old: null, new: name }, metadata: { old: null, new: metadata } }, now));
        }),
    },
  ];
}
