import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { holdSqliteWriteLock, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject, jsonError, type Project } from './helpers.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

// A SQLite project with a markdown report, a snapshot and a filled local cache: the outage layers could answer, and must not.
let project: Project;
beforeAll(async () => {
  project = await createProject('sqlite', 'not-an-outage');
  expect((await project.cli('init')).code).toBe(0);
  await project.json('work', 'create', 'task', 'kept in the SQLite project');
  await project.json('report', '--write-file');
  await project.json('work', 'list');
}, 120_000);
afterAll(async () => {
  await project.drop();
});

/** Nothing waits in the outbox and the report lists no pending change. */
async function nothingQueued(title: string): Promise<void> {
  const health = await project.json<{ status: string; pending_outage_writes: number }>('health');
  expect(health).toMatchObject({ status: 'ok', pending_outage_writes: 0 });
  expect(readFileSync(join(project.dir, '.project_status.md'), 'utf8')).not.toContain(title);
  const list = await project.json<{ items: { title: string }[] }>('work', 'list');
  expect(list.items.map((i) => i.title)).not.toContain(title);
}

function urlWith(change: (url: URL) => void): string {
  const url = new URL(TEST_POSTGRES_URL);
  change(url);
  return url.toString();
}

describe.skipIf(pgReason !== null)('a mistyped PostgreSQL URL', { timeout: 120_000 }, () => {
  const cases = [
    { what: 'a database that does not exist', url: () => urlWith((u) => (u.pathname = '/ps_no_such_database_here')), sqlstate: '3D000', says: /database "ps_no_such_database_here" does not exist/ },
    { what: 'a role that does not exist', url: () => urlWith((u) => (u.username = 'ps_no_such_role')), sqlstate: '28000', says: /role "ps_no_such_role" does not exist/ },
  ];
  for (const c of cases) {
    it(`${c.what}: exit 6 with a non-retryable DATABASE_ERROR, no fallback notice, nothing queued`, async () => {
      const list = await project.cli('work', 'list', '--json', '--database-url', c.url());
      expect(list.code).toBe(6);
      expect(list.stdout).toBe('');
      expect(list.stderr).not.toContain('notice:');
      const error = jsonError(list);
      expect(error).toMatchObject({ code: 'DATABASE_ERROR', exit_code: 6, details: { retryable: false, reason: 'database_misconfigured', code: c.sqlstate, origin: 'option' } });
      expect(error.message).toMatch(c.says);
      expect(error.message).toContain('the databaseUrl option (--database-url)');
      expect(error.next).toMatch(/retrying as is will not help/);

      const create = await project.cli('work', 'create', 'task', 'must not be queued', '--database-url', c.url());
      expect(create.code).toBe(6);
      expect(create.stderr).not.toMatch(/notice:|queued/);
      await nothingQueued('must not be queued');
    });
  }
});

it('a PostgreSQL URL the driver cannot use (port out of range) exits 6 with a non-retryable DATABASE_ERROR, not an answer from markdown', async () => {
  const list = await project.cli('work', 'list', '--json', '--database-url', 'postgres://postgres@127.0.0.1:99999/test');
  expect(list.code).toBe(6);
  expect(list.stderr).not.toContain('notice:');
  const error = jsonError(list);
  expect(error).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: false, reason: 'database_misconfigured' } });
  expect(error.message).toMatch(/cannot be used \(Invalid URL\): check its host, port and parameters/);
});

it('a write while another process holds the SQLite write lock exits 6 with a retryable DATABASE_ERROR and is not queued', { timeout: 120_000 }, async () => {
  const lock = await holdSqliteWriteLock(join(project.dir, '.project-status', 'status.db'));
  let create: Awaited<ReturnType<Project['cli']>>;
  try {
    create = await project.cli('work', 'create', 'task', 'written while locked', '--json');
  } finally {
    await lock.release();
  }
  expect(create.code).toBe(6);
  expect(create.stdout).toBe('');
  expect(create.stderr).not.toContain('notice:');
  const error = jsonError(create);
  expect(error).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: true, reason: 'database_busy' } });
  expect(error.message).toMatch(/lock on the SQLite file.*nothing was written, retry it/);
  await nothingQueued('written while locked');
  // The retry works once the lock is gone.
  expect(await project.json('work', 'create', 'task', 'written after the lock')).toMatchObject({ title: 'written after the lock' });
});
