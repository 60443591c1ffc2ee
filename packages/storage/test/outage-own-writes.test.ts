import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError, servedOfError, type ServedBy } from '@project-status/core';
import { openProjectStatus } from '../src/index.js';
import { CACHE_MISSING_WRITES } from '../src/fallback/cache.js';
import { createOutageProxy, createPostgresDatabase, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL, type OutageProxy, type TestDatabase } from '../src/testing/index.js';
import { served } from './support/outage.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

/** The error a call fails with, and the layer the call reported through `onServed`. */
async function refusal(run: (o: { onServed: (s: ServedBy) => void }) => Promise<unknown>): Promise<{ error: unknown; by: ServedBy | undefined }> {
  let by: ServedBy | undefined;
  try {
    await run({ onServed: (s) => (by = s) });
  } catch (error) {
    return { error, by };
  }
  throw new Error('the call was expected to fail');
}

/**
 * The exploratory report: a client's own writes, confirmed by the database
 * inside the refresh throttle's window, must reach the cache (a trailing
 * refresh, and one on close); until they do, cached answers say a confirmed
 * write is missing; and a NOT_FOUND the cache gives says it came from the cache.
 */
describe.skipIf(pgReason !== null)("the outage cache holds this client's confirmed writes (PostgreSQL cut by a proxy)", () => {
  let db: TestDatabase;
  let proxy: OutageProxy;
  const postgres = { connectTimeoutMs: 1000, statementTimeoutMs: 1000, poolTimeoutMs: 1000 };
  const open = (refreshEveryMs?: number) =>
    openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, clientId: 'laptop', fallback: { probeIntervalMs: 50, ...(refreshEveryMs !== undefined ? { refreshEveryMs } : {}) }, postgres });

  beforeAll(async () => {
    db = await createPostgresDatabase('outage_own_writes');
    const real = new URL(TEST_POSTGRES_URL);
    proxy = await createOutageProxy({ host: real.hostname, port: Number(real.port || 5432) }, 'up');
  });
  afterAll(async () => {
    await proxy.close();
    await db.drop();
  });

  it('create X, wait, update X and create Y at once, stay idle, cut: Y is answered from the cache and the queued writes replay cleanly', async () => {
    // The default throttle (one refresh a second), as the tester had it.
    const ps = await open();
    try {
      await ps.fallback!.settled();
      const x = await ps.create_work_item({ item_type: 'task', title: 'X' });
      await sleep(1500);
      const x2 = await ps.update_work_item({ id: x.id, version: x.version, title: 'X renamed' });
      const y = await ps.create_work_item({ item_type: 'task', title: 'Y' });
      await sleep(1500);
      await ps.fallback!.settled();
      await proxy.set('refuse');

      const list = await served((o) => ps.list_work_items({}, o));
      expect(list.by).toMatchObject({ data_source: 'cache' });
      expect(list.by!.warnings).not.toContain(CACHE_MISSING_WRITES);
      expect(list.value.items.map((i) => [i.id, i.title]).sort()).toEqual(
        [
          [x.id, 'X renamed'],
          [y.id, 'Y'],
        ].sort(),
      );
      const readY = await served((o) => ps.query_work_item({ id: y.id }, o));
      expect(readY.by).toMatchObject({ data_source: 'cache' });
      expect(readY.value.item).toMatchObject({ id: y.id, title: 'Y', version: y.version });

      // Writes queued against the cache's versions, which are the server's: they replay without a conflict.
      const note = await served((o) => ps.add_note({ id: y.id, text: 'noted offline' }, o));
      expect(note.by).toMatchObject({ data_source: 'cache', queued: true });
      const renamed = await served((o) => ps.update_work_item({ id: x.id, version: x2.version, title: 'X offline' }, o));
      expect(renamed.by).toMatchObject({ data_source: 'cache', queued: true });

      await proxy.set('up');
      // The breaker's probe may start the replay first; either way nothing is left and nothing conflicted.
      expect(await ps.fallback!.drain()).toMatchObject({ conflicts: 0, remaining: 0 });
      expect((await ps.list_sync_conflicts({})).conflicts).toEqual([]);
      const after = await ps.list_work_items({});
      expect(after.items.map((i) => i.title).sort()).toEqual(['X offline', 'Y']);
      expect((await ps.query_work_item({ id: y.id })).notes.map((n) => n.text)).toEqual(['noted offline']);
    } finally {
      await proxy.set('up');
      await ps.close();
    }
  });

  it('says a confirmed write is missing when the database goes down inside the throttle window, and a NOT_FOUND from the cache says where it came from', async () => {
    // A long throttle: the write below is confirmed inside the window, and the cut comes before it ends.
    const ps = await open(600_000);
    let y: { id: string };
    try {
      await ps.fallback!.settled();
      y = await ps.create_work_item({ item_type: 'task', title: 'confirmed before the cut' });
      await proxy.set('refuse');

      const list = await served((o) => ps.list_work_items({}, o));
      expect(list.by).toMatchObject({ data_source: 'cache' });
      expect(list.by!.warnings).toContain(CACHE_MISSING_WRITES);
      expect(list.value.items.map((i) => i.id)).not.toContain(y.id);

      const missing = await refusal((o) => ps.query_work_item({ id: y.id }, o));
      expect(isDomainError(missing.error) && missing.error.code).toBe('NOT_FOUND');
      expect(missing.by).toMatchObject({ data_source: 'cache' });
      expect(servedOfError(missing.error)).toMatchObject({ data_source: 'cache' });
      expect(servedOfError(missing.error)!.warnings).toEqual(expect.arrayContaining(['database_unavailable', CACHE_MISSING_WRITES]));

      // Writes on it cannot be checked against the cache: refused, and saying so.
      const note = await refusal((o) => ps.add_note({ id: y.id, text: 'offline' }, o));
      expect(isDomainError(note.error) && note.error.code).toBe('NOT_FOUND');
      expect(servedOfError(note.error)).toMatchObject({ data_source: 'cache' });
    } finally {
      await proxy.set('up');
      await ps.close();
    }
  });

  it('closing brings the writes the database confirmed into the cache (a CLI call writes, then exits)', async () => {
    let ps = await open(600_000);
    let z: { id: string };
    try {
      await ps.fallback!.settled();
      z = await ps.create_work_item({ item_type: 'task', title: 'written just before exit' });
    } finally {
      await ps.close();
    }
    await proxy.set('refuse');
    ps = await open(600_000);
    try {
      const read = await served((o) => ps.query_work_item({ id: z.id }, o));
      expect(read.by).toMatchObject({ data_source: 'cache' });
      expect(read.by!.warnings).not.toContain(CACHE_MISSING_WRITES);
      expect(read.value.item.title).toBe('written just before exit');
    } finally {
      await proxy.set('up');
      await ps.close();
    }
  });
});
