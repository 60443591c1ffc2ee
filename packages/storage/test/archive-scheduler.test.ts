import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ArchiveResult } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { openProjectStatus, startArchiveScheduler } from '../src/index.js';
import { createTcpForwarder, createTestDatabase, describeEachEngine, POSTGRES_REQUIRED, postgresUnavailableReason, TEST_POSTGRES_URL } from '../src/testing/index.js';

describeEachEngine('background archive', (ctx) => {
  it('runs at most once per interval, remembering the last run across restarts', async () => {
    const past = await ctx.openClient({ clock: () => new Date('2023-06-01T00:00:00Z') });
    await past.create_work_item({ item_type: 'task', title: 'ancient', status: 'completed' });
    const runs: unknown[] = [];
    const scheduler = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false, onRun: (r) => runs.push(r) });
    const first = await scheduler.tick();
    expect(first).toMatchObject({ archived: 1 });
    expect(existsSync(join(ctx.db().root, '.project-status', 'maintenance.json'))).toBe(true);
    expect(await scheduler.tick()).toBeNull();
    const restarted = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false });
    expect(await restarted.tick()).toBeNull();
    const eager = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false, intervalMs: 0 });
    expect(await eager.tick()).toMatchObject({ archived: 0 });
    expect(runs).toHaveLength(1);
    expect((await ctx.ps().query_archived_work_items({})).items.map((i) => i.title)).toEqual(['ancient']);
  });
});

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
if (pgReason) console.warn(`[skip] background archive after an outage [postgres]: ${pgReason}`);

describe.skipIf(pgReason !== null)('background archive after an outage [postgres]', () => {
  it('retries soon after a run that failed because the database was down, not a day later', async () => {
    const db = await createTestDatabase('postgres', 'archive-retry');
    const seed = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'seed', clock: () => new Date('2023-06-01T00:00:00Z') });
    await seed.create_work_item({ item_type: 'task', title: 'ancient', status: 'completed' });
    await seed.close();
    const real = new URL(TEST_POSTGRES_URL);
    const proxy = await createTcpForwarder({ host: real.hostname, port: Number(real.port || 5432) });
    // The server starts while the database is down (the proxy refuses connections).
    const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, clientId: 'server', whenUnavailable: 'defer' });
    const runs: (ArchiveResult | Error)[] = [];
    const scheduler = startArchiveScheduler(ps, { root: db.root, initialDelayMs: 0, retryDelayMs: 50, onRun: (r) => runs.push(r) });
    try {
      for (let i = 0; i < 200 && runs.length === 0; i++) await sleep(25);
      expect(runs[0]).toBeInstanceOf(Error);
      await proxy.up();
      for (let i = 0; i < 400 && !runs.some((r) => !(r instanceof Error)); i++) await sleep(25);
      expect(runs.find((r) => !(r instanceof Error))).toMatchObject({ archived: 1 });
    } finally {
      scheduler.stop();
      await ps.close();
      await proxy.down();
      await db.drop();
    }
  });
});
