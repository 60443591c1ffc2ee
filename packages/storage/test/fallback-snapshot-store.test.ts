import { buildSnapshot, catalog, createProjectStatus, defaultConfiguration, type ProjectStatus, type Snapshot, type Store } from '@project-status/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { openSnapshotStore, type SnapshotStore } from '../src/fallback/snapshot-store.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import { seedFallbackProject } from './fallback-fixture.js';

describe('snapshot store (the read-only view of the git and markdown layers)', () => {
  let db: TestDatabase;
  let primary: ProjectStatusHandle;
  let store: Store;
  let view: ProjectStatus;
  let seeded: Awaited<ReturnType<typeof seedFallbackProject>>;

  beforeAll(async () => {
    db = createSqliteDatabase();
    primary = await openProjectStatus({ root: db.root, databaseUrl: db.url, clientId: 'seeder' });
    seeded = await seedFallbackProject(primary);
    const snapshot = await buildSnapshot(primary.store, '2026-11-30T09:00:00.000Z');
    // Through JSON, as the git layer gets it.
    store = await openSnapshotStore(JSON.parse(JSON.stringify(snapshot)), { source: 'git', describe: 'the snapshot committed in abc1234', as_of: '2026-11-30T09:00:00.000Z' });
    view = createProjectStatus({ store, clientId: 'reader' });
  });
  afterAll(async () => {
    await store?.close();
    await primary?.close();
    await db?.drop();
  });

  it('serves an empty, never-configured project as the primary would (configuration defaults at version 0)', async () => {
    const empty = await openSnapshotStore(
      { vendors: [], work_items: [], dependencies: [], deployments: [], enhancements: [], configuration: defaultConfiguration() },
      { source: 'markdown', describe: 'an empty report', as_of: null },
    );
    try {
      const ps = createProjectStatus({ store: empty });
      expect(await ps.get_project_configuration({})).toEqual(defaultConfiguration());
      expect((await ps.list_ready_work({})).items).toEqual([]);
      expect(empty.engine).toBe('markdown');
    } finally {
      await empty.close();
    }
  });

  it('names the layer as its engine', () => {
    expect(store.engine).toBe('git');
  });

  it('answers list, query, search, ready, vendor, deployment, enhancement and configuration reads as the primary does', async () => {
    const { project, build, gone, acme } = seeded;
    const withoutNotes = (r: unknown) => ({ ...(r as Record<string, unknown>), notes: undefined });
    const reads: [string, Record<string, unknown>, ((r: unknown) => unknown)?][] = [
      ['query_work_item', { id: build.id }, withoutNotes],
      ['query_work_item', { id: build.short_id }, withoutNotes],
      ['query_work_item', { id: gone.id, include_deleted: true }, withoutNotes],
      ['query_work_item', { id: project.id }, withoutNotes],
      ['list_work_items', {}],
      ['list_work_items', { detail: 'full', include_deleted: true }],
      ['list_work_items', { parent_id: project.id, status: 'active' }],
      ['list_work_items', { label: 'outage' }],
      ['list_work_items', { held: true }],
      ['list_work_items', { held: false, detail: 'full' }],
      ['search_work_items', { query: 'markdown', held: true }],
      ['list_ready_work', {}],
      ['list_ready_work', { include_assigned: true, detail: 'full' }],
      ['list_my_work', { assignee: 'claude-code' }],
      ['search_work_items', { query: 'markdown' }],
      ['search_work_items', { query: 'outage layers', detail: 'full' }],
      ['query_archived_work_items', {}],
      ['query_vendor_status', { name: 'ACME extractor' }],
      ['list_vendors', { detail: 'full' }],
      ['list_vendors', { status: 'broken' }],
      ['list_deployments', { detail: 'full' }],
      ['list_deployments', { vendor: 'globex' }],
      ['list_deployments', { work_item_id: build.id }],
      ['get_project_configuration', {}],
      ['list_enhancements', { detail: 'full' }],
    ];
    expect(acme.name).toBe('Acme Extractor');
    for (const [name, input, shape = (r: unknown) => r] of reads) {
      const [want, got] = await Promise.all([primary.call(name, input), view.call(name, input)]);
      expect(shape(got), `${name} ${JSON.stringify(input)}`).toEqual(shape(want));
    }
    // Not vacuous: the view holds the tree, the dependency and the deleted item.
    const ready = (await view.list_ready_work({ include_assigned: true })).items.map((i) => i.title);
    expect(ready).toContain('Build the git layer');
    expect(ready).not.toContain('Check the markdown layer'); // Build blocks it
    expect((await view.list_work_items({ include_deleted: true })).total_count).toBe(5);
    expect((await view.list_work_items({ held: true })).items.map((i) => i.title)).toEqual(['Check the markdown layer']);
  });

  it('renders the same status report, apart from the footer naming the source', async () => {
    const [want, got] = await Promise.all([primary.generate_status_report({}), view.generate_status_report({})]);
    expect(got.data_source).toBe('git');
    expect(got.counts).toEqual(want.counts);
    const body = (md: string) => md.split('\n').filter((l) => !l.startsWith('_Generated'));
    expect(body(got.markdown!)).toEqual(body(want.markdown!));
  });

  it('runs every read operation of the catalog, each answer valid for its output schema', async () => {
    const { build } = seeded;
    const inputs: Record<string, Record<string, unknown>> = {
      query_work_item: { id: build.id },
      query_vendor_status: { name: 'globex' },
      get_history: { entity_type: 'work_item', entity_id: build.id },
      list_my_work: { assignee: 'claude-code' },
      search_work_items: { query: 'layer' },
      prime_session: { assignee: 'claude-code' },
    };
    const reads = Object.entries(catalog).filter(([, op]) => op.kind === 'read');
    expect(reads.length).toBeGreaterThan(10);
    for (const [name, op] of reads) {
      const result = await view.call(name, inputs[name] ?? {});
      expect(() => op.output.parse(result), name).not.toThrow();
    }
  });

  it('refuses every write with a clear, non-retryable error, and changes nothing', async () => {
    const { build, check } = seeded;
    const writes: [string, Record<string, unknown>][] = [
      ['create_work_item', { item_type: 'task', title: 'New while down' }],
      ['update_work_item', { id: build.id, version: build.version + 1, status: 'completed' }],
      ['add_dependency', { source_id: check.id, target_id: build.id, dependency_type: 'depends_on' }],
      ['claim_work_item', { id: build.id, assignee: 'someone' }],
      ['create_vendor', { name: 'Initech' }],
      ['update_vendor_status', { name: 'globex', version: 1, status: 'operational' }],
      ['create_enhancement', { title: 'Another' }],
      ['update_project_configuration', { version: 2, git_branch: 'other' }],
      ['archive_work_items', { older_than_days: 0 }],
    ];
    for (const [name, input] of writes) {
      const error = await view.call(name, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, name).toMatchObject({ code: 'CONFLICT', details: { reason: 'read_only_fallback', data_source: 'git', retryable: false } });
      expect((error as Error).message).toMatch(/read-only git fallback \(the snapshot committed in abc1234\).*nothing was written/);
    }
    expect((await view.list_work_items({})).total_count).toBe((await primary.list_work_items({})).total_count);
    expect((await view.list_vendors({})).vendors).toHaveLength(2);
  });

  it('builds the full-text index on the first search, not while it opens (only search reads it)', async () => {
    const snapshot = JSON.parse(JSON.stringify(await buildSnapshot(primary.store, '2026-11-30T09:00:00.000Z')));
    const fresh = (await openSnapshotStore(snapshot, { source: 'git', describe: 'a fresh view', as_of: null })) as SnapshotStore;
    try {
      expect(fresh.fullTextPending).toBe(true);
      const ps = createProjectStatus({ store: fresh });
      expect((await ps.list_work_items({})).total_count).toBe((await primary.list_work_items({})).total_count);
      expect(fresh.fullTextPending).toBe(true);
      const found = await ps.search_work_items({ query: 'markdown' });
      expect(found).toEqual(await primary.search_work_items({ query: 'markdown' }));
      expect(found.total_count).toBeGreaterThan(0);
      expect(fresh.fullTextPending).toBe(false);
      // Still read-only after the index was filled.
      await expect(ps.create_work_item({ item_type: 'task', title: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await fresh.close();
    }
  });

  it('loads a hand-edited snapshot whose items share a short id, each kept under a short id of its own', async () => {
    const snapshot = JSON.parse(JSON.stringify(await buildSnapshot(primary.store, '2026-11-30T09:00:00.000Z'))) as Snapshot;
    const [first, second] = snapshot.work_items.filter((w) => w.deleted_at === null);
    second!.short_id = first!.short_id;
    const edited = await openSnapshotStore(snapshot, { source: 'markdown', describe: 'an edited snapshot', as_of: null });
    try {
      const ps = createProjectStatus({ store: edited });
      const a = (await ps.query_work_item({ id: first!.id })).item;
      const b = (await ps.query_work_item({ id: second!.id })).item;
      expect(a.short_id).toBe(first!.short_id);
      expect(b.short_id).not.toBe(a.short_id);
      expect(b.short_id.length).toBeGreaterThan(a.short_id.length);
      expect((await ps.list_work_items({})).total_count).toBe((await primary.list_work_items({})).total_count);
    } finally {
      await edited.close();
    }
  });
});
