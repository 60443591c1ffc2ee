import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedBy } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createPostgresDatabase, createSqliteDatabase, holdSqliteWriteLock, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL, type TestDatabase } from '../src/testing/index.js';
import { FAST, served } from './support/outage.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

/** The error `promise` rejects with (fails the test when it resolves). */
async function failure(promise: Promise<unknown>): Promise<{ code: string; message: string; details: Record<string, unknown> }> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  return outcome.error as { code: string; message: string; details: Record<string, unknown> };
}

/** A URL of the test server with another database name or user. */
function variant(change: (url: URL) => void): string {
  const url = new URL(TEST_POSTGRES_URL);
  change(url);
  return url.toString();
}

describe.skipIf(pgReason !== null)('a PostgreSQL URL the server refuses is a configuration error, not an outage', () => {
  // A SQLite project with a markdown report and a filled cache: every fallback layer could answer, and none may.
  let project: TestDatabase;
  beforeAll(async () => {
    project = createSqliteDatabase();
    const ps = await openProjectStatus({ databaseUrl: project.url, root: project.root, fallback: FAST });
    try {
      await ps.create_work_item({ item_type: 'task', title: 'kept in the SQLite project' });
      await ps.generate_status_report({ write_file: true });
      await ps.fallback!.refresh();
    } finally {
      await ps.close();
    }
    expect(readFileSync(join(project.root, '.project_status.md'), 'utf8')).toContain('kept in the SQLite project');
  });
  afterAll(async () => {
    await project.drop();
  });

  const cases = [
    { what: 'a database that does not exist', url: () => variant((u) => (u.pathname = '/ps_no_such_database_here')), sqlstate: '3D000', says: /database "ps_no_such_database_here" does not exist.*createdb ps_no_such_database_here.*project-status init/ },
    { what: 'a role that does not exist', url: () => variant((u) => (u.username = 'ps_no_such_role')), sqlstate: '28000', says: /role "ps_no_such_role" does not exist.*user name and password/ },
  ];
  for (const c of cases) {
    it(`${c.what}: reads and writes fail with a non-retryable DATABASE_ERROR naming the URL's source; no layer answers, nothing is queued`, async () => {
      const ps = await openProjectStatus({ databaseUrl: c.url(), root: project.root, fallback: FAST });
      try {
        let by: ServedBy | undefined;
        const read = await failure(ps.list_work_items({}, { onServed: (s) => (by = s) }));
        expect(read).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: false, reason: 'database_misconfigured', code: c.sqlstate, origin: 'option' } });
        expect(read.message).toMatch(c.says);
        expect(read.message).toContain('from the databaseUrl option (--database-url)');
        expect(by).toBeUndefined();

        const write = await failure(ps.create_work_item({ item_type: 'task', title: 'must not be queued' }));
        expect(write).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: false, reason: 'database_misconfigured' } });

        const health = await ps.health_check({});
        expect(health).toMatchObject({ healthy: false, status: 'down', layer: null, pending_outage_writes: 0 });
        expect(health.warnings[0]).toMatch(/the postgres database refused: .*does not exist/);
        // The breaker stayed closed: the next call asks the server again (and would work once the database exists).
        expect(ps.fallback!.primaryUp).toBe(true);
        expect(readFileSync(join(project.root, '.project_status.md'), 'utf8')).not.toContain('must not be queued');
      } finally {
        await ps.close();
      }
    });
  }
});

describe.skipIf(pgReason !== null)('a PostgreSQL deadlock is a retryable error of a reachable database', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  beforeAll(async () => {
    db = await createPostgresDatabase('deadlock');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
  });
  afterAll(async () => {
    await ps.close();
    await db.drop();
  });

  it('fails the call with DATABASE_ERROR 40P01 (retryable), queues nothing and keeps reading from PostgreSQL', async () => {
    const item = await ps.create_work_item({ item_type: 'task', title: 'contended' });
    await ps.fallback!.refresh();
    const { default: pg } = await import('pg');
    const other = new pg.Client({ connectionString: db.url });
    const watch = new pg.Client({ connectionString: db.url });
    await other.connect();
    await watch.connect();
    try {
      // This connection waits long before looking for deadlocks, so the store's backend finds the cycle and is the one cancelled.
      await other.query(`set deadlock_timeout = '60s'`);
      await other.query('begin');
      await other.query('update work_items set title = title where id = $1', [item.id]);
      // The claim takes the claims advisory lock, then waits for the row this connection holds…
      const claim = failure(ps.claim_work_item({ id: item.id, assignee: 'agent' }));
      for (;;) {
        const waiting = await watch.query(`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like '%work_items%'`);
        if ((waiting.rows[0] as { n: number }).n > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      // …and this connection now waits for that advisory lock: a cycle (7 301 004 is the claims lock of sql-store.ts).
      const advisory = other.query('select pg_advisory_xact_lock(7301004)');
      const error = await claim;
      await advisory;
      await other.query('rollback');
      expect(error).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: true, code: '40P01', reason: 'database_busy' } });
      expect(error.message).toMatch(/deadlock/);
    } finally {
      await other.end();
      await watch.end();
    }
    expect(ps.fallback!.primaryUp).toBe(true);
    const list = await served((o) => ps.list_work_items({}, o));
    expect(list.by).toMatchObject({ data_source: 'postgres', warnings: [] });
    expect(await ps.health_check({})).toMatchObject({ status: 'ok', layer: 'postgres', pending_outage_writes: 0 });
    // Nothing was written: the retry claims it.
    expect(await ps.claim_work_item({ id: item.id, assignee: 'agent' })).toMatchObject({ assignee: 'agent' });
  }, 60_000);
});

describe('a SQLite database another process holds locked is busy, not down', () => {
  it('fails the write with a retryable DATABASE_ERROR after the busy wait, queues nothing, and the retry lands once the lock is gone', async () => {
    const db = createSqliteDatabase();
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST, create: true });
    try {
      const t = await ps.create_work_item({ item_type: 'task', title: 'locked out' });
      await ps.fallback!.refresh();
      const lock = await holdSqliteWriteLock(db.file!);
      let by: ServedBy | undefined;
      let error: Awaited<ReturnType<typeof failure>>;
      try {
        error = await failure(ps.update_work_item({ id: t.id, version: t.version, title: 'written while locked' }, { onServed: (s) => (by = s) }));
        // Reads still come from the database itself (WAL: a writer does not block them).
        const read = await served((o) => ps.query_work_item({ id: t.id }, o));
        expect(read.by).toMatchObject({ data_source: 'sqlite' });
        expect((await ps.health_check({})).status).toBe('ok');
      } finally {
        await lock.release();
      }
      expect(error).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: true, reason: 'database_busy', code: expect.stringMatching(/^SQLITE_BUSY/) } });
      expect(by?.queued).toBeUndefined();
      expect(ps.fallback!.primaryUp).toBe(true);
      expect((await ps.health_check({})).pending_outage_writes).toBe(0);
      const report = join(db.root, '.project_status.md');
      if (existsSync(report)) expect(readFileSync(report, 'utf8')).not.toContain('written while locked');
      const retried = await served((o) => ps.update_work_item({ id: t.id, version: t.version, title: 'written after the lock' }, o));
      expect(retried.by).toMatchObject({ data_source: 'sqlite' });
      expect(retried.value).toMatchObject({ title: 'written after the lock', version: t.version + 1 });
    } finally {
      await ps.close();
      await db.drop();
    }
  }, 60_000);
});
