import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProjectStatus, Store } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { LocalCache } from '../src/fallback/cache.js';
import { openSqlite } from '../src/open/open.js';
import { createSqliteDatabase, postgresUnavailableReason, POSTGRES_REQUIRED, type OutageProxy, type TestDatabase } from '../src/testing/index.js';
import { FAST, closeProxiedPostgres, openProxiedPostgres, served } from './support/outage.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

/** An item with notes and history, and a finished item moved to the archive. */
async function seedNotesHistoryArchive(ps: ProjectStatus) {
  const kept = await ps.create_work_item({ item_type: 'task', title: 'with notes' });
  await ps.add_note({ id: kept.id, text: 'first finding' });
  await ps.add_note({ id: kept.id, text: 'second finding' });
  const renamed = await ps.update_work_item({ id: kept.id, version: kept.version, title: 'with notes and history' });
  const done = await ps.create_work_item({ item_type: 'task', title: 'finished long ago' });
  await ps.update_work_item({ id: done.id, version: done.version, status: 'completed' });
  expect((await ps.archive_work_items({ older_than_days: 0 })).archived).toBe(1);
  return { kept: renamed, done };
}

/** What the cache must answer for those during an outage: notes, history and the archive. */
async function expectServedFromCache(ps: ProjectStatus, seeded: Awaited<ReturnType<typeof seedNotesHistoryArchive>>) {
  const item = await served((o) => ps.query_work_item({ id: seeded.kept.id }, o));
  expect(item.by).toMatchObject({ data_source: 'cache' });
  expect(item.value.notes.map((n) => n.text)).toEqual(['second finding', 'first finding']);
  const history = await served((o) => ps.get_history({ entity_type: 'work_item', entity_id: seeded.kept.id }, o));
  expect(history.by).toMatchObject({ data_source: 'cache' });
  expect(history.value.entries.map((e) => e.action).sort()).toEqual(['create', 'note', 'note', 'update']);
  const archived = await served((o) => ps.query_archived_work_items({}, o));
  expect(archived.by).toMatchObject({ data_source: 'cache' });
  expect(archived.value.items.map((i) => i.id)).toEqual([seeded.done.id]);
}

describe.skipIf(pgReason !== null)('the cache carries notes, history and the archive (PostgreSQL cut by a proxy)', () => {
  let db: TestDatabase;
  let proxy: OutageProxy;
  let direct: ProjectStatusHandle;
  beforeAll(async () => void ({ db, proxy, direct } = await openProxiedPostgres('outage_cache_fill')));
  afterAll(() => closeProxiedPostgres({ db, proxy, direct }));

  it('answers notes, history and archived items made before the first fill', async () => {
    const seeded = await seedNotesHistoryArchive(direct);
    const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, clientId: 'laptop', fallback: FAST, postgres: { connectTimeoutMs: 1000, statementTimeoutMs: 1000 } });
    try {
      expect((await ps.fallback!.refresh()).kind).toBe('fill');
      await proxy.set('refuse');
      await expectServedFromCache(ps, seeded);
    } finally {
      await proxy.set('up');
      await ps.close();
    }
  });

  it('pulls a note, a history row and an archiving made after the fill', async () => {
    const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, clientId: 'laptop', fallback: FAST, postgres: { connectTimeoutMs: 1000, statementTimeoutMs: 1000 } });
    try {
      await ps.fallback!.refresh();
      const later = await direct.create_work_item({ item_type: 'task', title: 'after the fill' });
      await direct.add_note({ id: later.id, text: 'noted after the fill' });
      const done = await direct.update_work_item({ id: later.id, version: later.version, status: 'completed' });
      await direct.archive_work_items({ older_than_days: 0 });
      const pulled = await ps.fallback!.refresh();
      expect(pulled).toMatchObject({ kind: 'incremental', entities: 1 });
      await proxy.set('refuse');
      const archived = await served((o) => ps.query_archived_work_items({}, o));
      expect(archived.by).toMatchObject({ data_source: 'cache' });
      expect(archived.value.items.map((i) => i.id)).toContain(done.id);
      const history = await served((o) => ps.get_history({ entity_type: 'work_item', entity_id: later.id }, o));
      expect(history.by).toMatchObject({ data_source: 'cache' });
      expect(history.value.entries.map((e) => e.action).sort()).toEqual(['archive', 'create', 'note', 'update']);
    } finally {
      await proxy.set('up');
      await ps.close();
    }
  });
});

describe('the cache on the embedded SQLite primary', () => {
  let db: TestDatabase;
  beforeAll(() => {
    db = createSqliteDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('answers notes, history and archived items from the first fill once the database file is destroyed', async () => {
    const plain = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true });
    const seeded = await seedNotesHistoryArchive(plain);
    await plain.close();
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
    expect((await ps.fallback!.refresh()).kind).toBe('fill');
    await ps.close();
    writeFileSync(db.file!, Buffer.alloc(8192, 7));
    const down = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
    try {
      await expectServedFromCache(down, seeded);
    } finally {
      await down.close();
    }
  });
});

/** Counts the calls a real store receives (the primary a refresh reads), by method. */
function counted(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const member = Reflect.get(target, name, receiver) as unknown;
      if (typeof member !== 'function') return member;
      return (...args: unknown[]) => {
        calls.set(String(name), (calls.get(String(name)) ?? 0) + 1);
        return (member as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

describe('an incremental refresh costs what changed', () => {
  let db: TestDatabase;
  let primary: Awaited<ReturnType<typeof openSqlite>>;
  let ps: ProjectStatusHandle;
  let cache: LocalCache;
  let ids: string[];
  beforeAll(async () => {
    db = createSqliteDatabase();
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true });
    ids = [];
    for (let i = 0; i < 60; i++) ids.push((await ps.create_work_item({ item_type: 'task', title: `item ${i}`, labels: ['bulk'] })).id);
    primary = await openSqlite(db.file!);
    cache = await LocalCache.open(join(db.root, '.project-status', 'cache.db'), { database: 'test', fillLimits: { notes: 2, history: 5, archived: 1 } });
  });
  afterAll(async () => {
    await cache.close();
    await primary.store.close();
    await ps.close();
    await db.drop();
  });

  it('bounds the first fill of notes and history by the newest rows', async () => {
    for (let i = 0; i < 4; i++) await ps.add_note({ id: ids[0]!, text: `note ${i}` });
    const fill = await cache.refresh(primary.store);
    expect(fill.kind).toBe('fill');
    const raw = new Database(cache.file, { readonly: true });
    try {
      expect(raw.prepare('select text from work_item_notes order by created_at desc').pluck().all()).toEqual(['note 3', 'note 2']);
      const seqs = raw.prepare('select seq from history order by seq').pluck().all() as number[];
      expect(seqs).toHaveLength(5);
      expect(seqs[4]).toBe(fill.cursor);
    } finally {
      raw.close();
    }
  });

  it('reads the primary in a few batched statements, whatever the number of changed items', async () => {
    for (const id of ids.slice(1, 51)) {
      const item = (await ps.query_work_item({ id })).item;
      await ps.update_work_item({ id, version: item.version, title: `${item.title} renamed` });
    }
    const { store, calls } = counted(primary.store);
    const pulled = await cache.refresh(store);
    expect(pulled).toMatchObject({ kind: 'incremental', changes: 50, entities: 50 });
    // 50 items and their 50 history rows; none of them has notes.
    expect(pulled.rows).toBe(100);
    expect(calls.get('listNotes') ?? 0).toBe(0);
    expect([...calls.values()].reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(6);
  });

  it('updates changed items in place, rewriting only the columns that changed', async () => {
    // Counters in the cache file itself: rows deleted, and updates that touch the full-text columns.
    const raw = new Database(cache.file);
    raw.exec(`create table if not exists probe (what text primary key, n integer not null);
      insert or ignore into probe values ('deleted', 0), ('text_updated', 0), ('updated', 0);
      create trigger if not exists probe_delete after delete on work_items begin update probe set n = n + 1 where what = 'deleted'; end;
      create trigger if not exists probe_text after update of title, metadata, labels, deleted_at on work_items begin update probe set n = n + 1 where what = 'text_updated'; end;
      create trigger if not exists probe_update after update on work_items begin update probe set n = n + 1 where what = 'updated'; end;`);
    const rowids = new Map(ids.slice(1, 21).map((id) => [id, raw.prepare('select rowid from work_items where id = ?').pluck().get(id)]));
    try {
      // Priority only: no full-text column changes.
      for (const id of ids.slice(1, 21)) {
        const item = (await ps.query_work_item({ id })).item;
        await ps.update_work_item({ id, version: item.version, priority: 1 });
      }
      const pulled = await cache.refresh(primary.store);
      expect(pulled).toMatchObject({ changes: 20, rows: 40 });
      const probe = Object.fromEntries((raw.prepare('select what, n from probe').all() as { what: string; n: number }[]).map((r) => [r.what, r.n]));
      expect(probe).toEqual({ deleted: 0, text_updated: 0, updated: 20 });
      for (const [id, rowid] of rowids) expect(raw.prepare('select rowid from work_items where id = ?').pluck().get(id)).toBe(rowid);
      // The copy is the server's row: the search still finds the renamed items, and the new priority is there.
      const search = await served((o) => ps.search_work_items({ query: 'renamed' }, o));
      expect(search.value.total_count).toBe(50);
      expect(raw.prepare('select count(*) from work_items where priority = 1').pluck().get()).toBe(20);
      // Searching the cache itself finds the renamed items through its full-text index.
      expect(raw.prepare("select count(*) from work_items_fts where work_items_fts match 'renamed'").pluck().get()).toBe(50);
    } finally {
      raw.exec('drop trigger probe_delete; drop trigger probe_text; drop trigger probe_update; drop table probe;');
      raw.close();
    }
  });
});
