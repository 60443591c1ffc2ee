import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError, NotFoundError } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createPostgresDatabase, createSqliteDatabase, postgresUnavailableReason, POSTGRES_REQUIRED, type OutageProxy, type TestDatabase } from '../src/testing/index.js';
import type { FallbackLayer } from '../src/fallback/layer.js';
import { FAST, closeProxiedPostgres, openProxiedPostgres, served } from './support/outage.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

describe.skipIf(pgReason !== null)('outage fallback on PostgreSQL behind a proxy that refuses, hangs and resets', () => {
  let db: TestDatabase;
  let proxy: OutageProxy;
  let direct: ProjectStatusHandle;
  const open = (extra: Parameters<typeof openProjectStatus>[0] = {}) =>
    openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, clientId: 'laptop', fallback: FAST, postgres: { connectTimeoutMs: 1000, statementTimeoutMs: 1000, poolTimeoutMs: 1000 }, ...extra });

  beforeAll(async () => void ({ db, proxy, direct } = await openProxiedPostgres('outage')));
  afterAll(() => closeProxiedPostgres({ db, proxy, direct }));

  it('reads from the cache and queues writes while refused; the queue survives a restart and lands in order when the database returns', async () => {
    let ps = await open();
    const project = await ps.create_work_item({ item_type: 'project', title: 'Outage', metadata: { description: 'd' } });
    const task = await ps.create_work_item({ item_type: 'task', title: 'before', parent_id: project.id });
    expect((await ps.fallback!.refresh()).kind).toMatch(/fill|incremental/);
    await proxy.set('refuse');

    const list = await served((o) => ps.list_work_items({ parent_id: project.id }, o));
    expect(list.by).toMatchObject({ data_source: 'cache' });
    expect(list.by!.warnings).toContain('database_unavailable');
    expect(list.value.items.map((r) => r.id)).toEqual([task.id]);

    const updated = await served((o) => ps.update_work_item({ id: task.id, version: task.version, title: 'during the outage' }, o));
    expect(updated.by).toMatchObject({ data_source: 'cache', queued: true, outbox_position: 1 });
    const created = await served((o) => ps.create_work_item({ item_type: 'task', title: 'born offline', parent_id: project.id }, o));
    expect(created.by).toMatchObject({ queued: true, outbox_position: 2 });
    // A later queued write names the id the earlier one generated: the replay must hand out the same id.
    await ps.update_work_item({ id: created.value.id, version: created.value.version, status: 'blocked', metadata: { blocked_reason: 'waiting' } });
    // Version checks hold between clients of this machine: a stale version is refused by the cache.
    await expect(ps.update_work_item({ id: task.id, version: task.version, title: 'stale' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    // An item the cache never saw is refused, not guessed.
    await expect(ps.update_work_item({ id: '01900000-0000-7000-8000-000000000000', version: 1, title: 'x' })).rejects.toBeInstanceOf(NotFoundError);

    await ps.close();
    ps = await open();
    try {
      const health = await ps.health_check({});
      expect(health).toMatchObject({ status: 'degraded', layer: 'cache', pending_outage_writes: 3, unresolved_sync_conflicts: 0, healthy: false });
      // Still nothing on the server.
      expect((await direct.query_work_item({ id: task.id })).item.title).toBe('before');

      await proxy.set('up');
      // The probe starts the replay by itself; draining here waits for it (or runs it).
      expect((await ps.fallback!.drain()).remaining).toBe(0);
      expect((await direct.query_work_item({ id: task.id })).item).toMatchObject({ title: 'during the outage', version: task.version + 1 });
      const born = (await direct.query_work_item({ id: created.value.id })).item;
      expect(born).toMatchObject({ title: 'born offline', status: 'blocked', created_by: 'laptop' });
      // A second replay of the same outbox applies nothing twice.
      expect(await ps.fallback!.drain()).toEqual({ applied: 0, conflicts: 0, remaining: 0 });
      const history = await direct.get_history({ entity_type: 'work_item', entity_id: task.id });
      expect(history.entries.filter((h) => h.action === 'update')).toHaveLength(1);
      expect((await ps.health_check({})).status).toBe('ok');
    } finally {
      await ps.close();
    }
  });

  it('turns a write the server changed meanwhile into a sync conflict, resolved by re-applying or discarding', async () => {
    const ps = await open();
    try {
      const a = await ps.create_work_item({ item_type: 'task', title: 'a' });
      const b = await ps.create_work_item({ item_type: 'task', title: 'b' });
      await ps.fallback!.refresh();
      await proxy.set('reset');
      await ps.update_work_item({ id: a.id, version: a.version, title: 'ours a' });
      await ps.update_work_item({ id: b.id, version: b.version, title: 'ours b' });
      await direct.update_work_item({ id: a.id, version: a.version, title: 'theirs a' });
      await direct.update_work_item({ id: b.id, version: b.version, title: 'theirs b' });
      await proxy.set('up');
      expect(await ps.fallback!.drain()).toEqual({ applied: 0, conflicts: 2, remaining: 0 });
      const { conflicts } = await ps.list_sync_conflicts({});
      expect(conflicts.map((c) => [c.reason, c.input.title, (c.server as { title: string }).title])).toEqual([
        ['version_conflict', 'ours a', 'theirs a'],
        ['version_conflict', 'ours b', 'theirs b'],
      ]);
      // Not overwritten.
      expect((await direct.query_work_item({ id: a.id })).item.title).toBe('theirs a');
      const reapplied = await ps.resolve_sync_conflict({ id: conflicts[0]!.id, action: 'reapply' });
      expect(reapplied.action).toBe('reapply');
      expect((await direct.query_work_item({ id: a.id })).item).toMatchObject({ title: 'ours a', version: a.version + 2 });
      await ps.resolve_sync_conflict({ id: conflicts[1]!.id, action: 'discard' });
      expect((await direct.query_work_item({ id: b.id })).item.title).toBe('theirs b');
      expect((await ps.list_sync_conflicts({})).conflicts).toEqual([]);
      await expect(ps.resolve_sync_conflict({ id: conflicts[1]!.id, action: 'discard' })).rejects.toBeInstanceOf(NotFoundError);
      // After the refill the cache shows the server's side again.
      await ps.fallback!.refresh();
      await proxy.set('refuse');
      expect((await ps.query_work_item({ id: b.id })).item.title).toBe('theirs b');
      await proxy.set('up');
    } finally {
      await ps.close();
    }
  });

  it('pays a hung database once: the breaker sends the next calls straight to the cache, and the probe notices recovery', async () => {
    const ps = await open();
    try {
      const t = await ps.create_work_item({ item_type: 'task', title: 'hung' });
      await ps.fallback!.refresh();
      await proxy.set('hang');
      const first = await served((o) => ps.query_work_item({ id: t.id }, o));
      expect(first.by?.data_source).toBe('cache');
      expect(ps.fallback!.primaryUp).toBe(false);
      const second = await served((o) => ps.query_work_item({ id: t.id }, o));
      expect(second.by?.data_source).toBe('cache');
      await proxy.set('up');
      // The probe (every 50 ms here) closes the breaker; no call is needed for it.
      for (let i = 0; i < 200 && !ps.fallback!.primaryUp; i++) await new Promise((r) => setTimeout(r, 25));
      expect(ps.fallback!.primaryUp).toBe(true);
      expect((await served((o) => ps.query_work_item({ id: t.id }, o))).by?.data_source).toBe('postgres');
    } finally {
      await ps.close();
    }
  });

  it('names every layer and why when none can answer', async () => {
    const other = await createPostgresDatabase('outage_empty');
    try {
      await proxy.set('refuse');
      const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(other.url), root: other.root, fallback: FAST });
      try {
        const error = await ps.list_vendors({}).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DatabaseError);
        expect((error as Error).message).toMatch(/no layer could answer.*postgres: .*ECONNREFUSED.*cache: there is no local cache yet/);
        expect((await ps.health_check({})).status).toBe('down');
        await expect(ps.create_vendor({ name: 'acme' })).rejects.toThrow(/cannot be queued: the local cache cannot be used/);
        // Nothing was created in the project for a database that never answered.
        expect(existsSync(join(other.root, '.project-status', 'cache.db'))).toBe(false);
      } finally {
        await ps.close();
      }
    } finally {
      await proxy.set('up');
      await other.drop();
    }
  });

  it('skips a corrupt cache file with a warning and answers from the next layer', async () => {
    const other = await createPostgresDatabase('outage_corrupt');
    const backup = createSqliteDatabase();
    try {
      // The next layer: a read-only view of another project (the git and markdown layers plug in the same way).
      const spare = await openProjectStatus({ databaseUrl: backup.url, root: backup.root });
      await spare.create_vendor({ name: 'from-next-layer' });
      const next: FallbackLayer = { source: 'git', open: async () => ({ ok: true, read: { store: spare.store, source: 'git', as_of: '2026-01-01T00:00:00.000Z', warnings: [] } }) };
      mkdirSync(join(other.root, '.project-status'), { recursive: true });
      writeFileSync(join(other.root, '.project-status', 'cache.db'), 'this is not a database, not even close to one; '.repeat(100));
      await proxy.set('refuse');
      const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(other.url), root: other.root, fallback: { ...FAST, layers: () => [next] } });
      try {
        const got = await served((o) => ps.list_vendors({}, o));
        expect(got.value.vendors.map((v) => v.name)).toEqual(['from-next-layer']);
        expect(got.by).toMatchObject({ data_source: 'git' });
        expect(got.by!.warnings).toEqual(expect.arrayContaining(['database_unavailable', 'cache_unavailable', 'read_only_fallback']));
        expect(got.by!.age_seconds).toBeGreaterThan(0);
        await expect(ps.create_vendor({ name: 'acme' })).rejects.toThrow(/cannot be queued/);
      } finally {
        await ps.close();
        await spare.close();
      }
    } finally {
      await proxy.set('up');
      await other.drop();
      await backup.drop();
    }
  });
});

describe('outage fallback on the embedded SQLite primary', () => {
  let db: TestDatabase;
  beforeAll(() => {
    db = createSqliteDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('falls back to the cache when the database file is corrupt, and says so', async () => {
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST, create: true });
    const t = await ps.create_work_item({ item_type: 'task', title: 'kept in the cache' });
    expect((await served((o) => ps.query_work_item({ id: t.id }, o))).by?.data_source).toBe('sqlite');
    await ps.fallback!.refresh();
    await ps.close();
    expect(existsSync(join(db.root, '.project-status', 'cache.db'))).toBe(true);
    writeFileSync(db.file!, Buffer.alloc(8192, 7));
    const again = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
    try {
      const got = await served((o) => again.query_work_item({ id: t.id }, o));
      expect(got.value.item.title).toBe('kept in the cache');
      expect(got.by).toMatchObject({ data_source: 'cache' });
      expect(got.by!.warnings).toContain('database_unavailable');
      const health = await again.health_check({});
      expect(health).toMatchObject({ status: 'degraded', layer: 'cache', data_source: 'sqlite' });
    } finally {
      await again.close();
    }
  });

  it('replays what an earlier process queued before the first read once the database is back (reads see their own writes)', async () => {
    const other = createSqliteDatabase();
    try {
      const first = await openProjectStatus({ databaseUrl: other.url, root: other.root, fallback: FAST, create: true });
      await first.create_work_item({ item_type: 'task', title: 'before the outage' });
      await first.fallback!.refresh();
      await first.close();
      const saved = readFileSync(other.file!);
      writeFileSync(other.file!, Buffer.alloc(8192, 7));
      const during = await openProjectStatus({ databaseUrl: other.url, root: other.root, fallback: FAST });
      const queued = await served((o) => during.create_work_item({ item_type: 'task', title: 'queued in the outage' }, o));
      expect(queued.by).toMatchObject({ queued: true });
      await during.close();
      writeFileSync(other.file!, saved);
      // A new process (a CLI call) once the database is back: its very first read must show the queued write.
      const after = await openProjectStatus({ databaseUrl: other.url, root: other.root, fallback: FAST });
      try {
        const list = await served((o) => after.list_work_items({}, o));
        expect(list.by?.data_source).toBe('sqlite');
        expect(list.value.items.map((i) => i.title).sort()).toEqual(['before the outage', 'queued in the outage']);
      } finally {
        await after.close();
      }
    } finally {
      await other.drop();
    }
  });

  it('falls back when the database file cannot be read', async () => {
    const other = createSqliteDatabase();
    const ps = await openProjectStatus({ databaseUrl: other.url, root: other.root, fallback: FAST, create: true });
    const t = await ps.create_work_item({ item_type: 'task', title: 'unreadable' });
    await ps.fallback!.refresh();
    await ps.close();
    // Permissions stop every user but root (who runs CI here); a directory where the file was stops root too.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) {
      renameSync(other.file!, `${other.file!}.moved`);
      mkdirSync(other.file!);
    } else chmodSync(other.file!, 0);
    const again = await openProjectStatus({ databaseUrl: other.url, root: other.root, fallback: FAST });
    try {
      expect((await served((o) => again.query_work_item({ id: t.id }, o))).by).toMatchObject({ data_source: 'cache' });
    } finally {
      await again.close();
      if (asRoot) {
        rmSync(other.file!, { recursive: true });
        renameSync(`${other.file!}.moved`, other.file!);
      } else chmodSync(other.file!, 0o644);
      await other.drop();
    }
  });
});
