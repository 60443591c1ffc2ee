import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '@project-status/core';
import { openProjectStatus } from '../src/index.js';
import { createPostgresDatabase, createTcpForwarder, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL, type TcpForwarder, type TestDatabase } from '../src/testing/index.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

describe.skipIf(pgReason !== null)('opening PostgreSQL while it is down', () => {
  let db: TestDatabase;
  let proxy: TcpForwarder;
  beforeAll(async () => {
    db = await createPostgresDatabase('unavailable');
    const real = new URL(TEST_POSTGRES_URL);
    proxy = await createTcpForwarder({ host: real.hostname, port: Number(real.port || 5432) });
  });
  afterAll(async () => {
    await proxy.down();
    await db.drop();
  });

  it('still throws by default', async () => {
    await expect(openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root })).rejects.toThrow(/could not open the postgres database/);
  });

  it('with whenUnavailable defer, answers with the cause and connects once the server answers', async () => {
    const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, whenUnavailable: 'defer', reopenIntervalMs: 0 });
    try {
      const failure = await ps.list_work_items({}).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(DatabaseError);
      expect((failure as DatabaseError).message).toMatch(/could not open the postgres database at .*ECONNREFUSED/);
      expect((failure as DatabaseError).details).toMatchObject({ retryable: true });
      const down = await ps.health_check({});
      expect(down).toMatchObject({ healthy: false, data_source: 'postgres' });
      expect(down.warnings.join('\n')).toMatch(/ECONNREFUSED/);

      await proxy.up();
      const created = await ps.create_work_item({ item_type: 'task', title: 'written after the outage' });
      expect((await ps.query_work_item({ id: created.id })).item.title).toBe('written after the outage');
      expect(await ps.health_check({})).toMatchObject({ healthy: true, warnings: [] });
    } finally {
      await ps.close();
      await proxy.down();
    }
  });

  it('tries again no sooner than the reopen interval, one attempt for a burst of calls', async () => {
    let now = 0;
    const ps = await openProjectStatus({ databaseUrl: proxy.rewrite(db.url), root: db.root, whenUnavailable: 'defer', reopenIntervalMs: 60_000, clock: () => new Date(now) });
    try {
      await proxy.up();
      // Inside the interval the last cause answers, although the server is back.
      await expect(ps.list_vendors({})).rejects.toThrow(/ECONNREFUSED/);
      expect((await ps.health_check({})).healthy).toBe(false);
      now += 60_000;
      const burst = await Promise.all([ps.list_vendors({}), ps.list_vendors({}), ps.health_check({})]);
      expect(burst[2].healthy).toBe(true);
    } finally {
      await ps.close();
      await proxy.down();
    }
  });
});

describe('opening SQLite while its file cannot be opened', () => {
  it('answers with the cause, then opens once the path is usable', async () => {
    const root = mkdtempSync(join(tmpdir(), 'ps-unavailable-'));
    try {
      // A file where the database's folder should be: opening fails until it is gone.
      writeFileSync(join(root, 'blocked'), '');
      const ps = await openProjectStatus({ databaseUrl: `sqlite:${join(root, 'blocked', 'status.db')}`, root, create: true, whenUnavailable: 'defer', reopenIntervalMs: 0 });
      try {
        await expect(ps.list_work_items({})).rejects.toMatchObject({ code: 'DATABASE_ERROR', message: expect.stringMatching(/could not open the sqlite database/) });
        expect(await ps.health_check({})).toMatchObject({ healthy: false, data_source: 'sqlite', warnings: [expect.stringMatching(/could not open the sqlite database at .*blocked.*(EEXIST|ENOTDIR)/)] });
        rmSync(join(root, 'blocked'));
        mkdirSync(join(root, 'blocked'));
        await ps.create_vendor({ name: 'recovered' });
        expect((await ps.list_vendors({})).vendors.map((v) => v.name)).toEqual(['recovered']);
      } finally {
        await ps.close();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('still refuses a URL no retry can fix', async () => {
    await expect(openProjectStatus({ databaseUrl: 'mysql://x/y', whenUnavailable: 'defer' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
