import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openProjectStatus } from '@project-status/storage';
import { createSqliteDatabase, postgresUnavailableReason, POSTGRES_REQUIRED, TEST_POSTGRES_URL, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, startServer, stop, stopAll } from './support/binary.js';

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(pgReason);

beforeAll(requireBuiltBinary);
afterEach(stopAll);

describe.skipIf(pgReason !== null)('the project-status-http binary with a PostgreSQL URL the server refuses', () => {
  // A SQLite project whose markdown report and local cache could answer for it: a typo in the URL must not make them.
  let project: TestDatabase;
  let itemId: string;
  beforeAll(async () => {
    project = createSqliteDatabase();
    mkdirSync(join(project.root, '.git'));
    const ps = await openProjectStatus({ databaseUrl: project.url, root: project.root, fallback: true });
    try {
      itemId = (await ps.create_work_item({ item_type: 'task', title: 'kept in the SQLite project' })).id;
      await ps.generate_status_report({ write_file: true });
      await ps.fallback!.refresh();
    } finally {
      await ps.close();
    }
  });
  afterAll(async () => {
    await project?.drop();
  });

  const missingDatabase = () => {
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = '/ps_no_such_database_here';
    return url.toString();
  };

  it('starts, says why on stderr, and answers 503 DATABASE_ERROR (not retryable) instead of 200 from markdown', async () => {
    const server = await startServer(['--root', project.root, '--database-url', missingDatabase()]);
    expect(server.stderr()).toMatch(/the database refused the connection, serving anyway .*database "ps_no_such_database_here" does not exist/);

    for (const path of ['/work-items', `/work-items/${itemId}`]) {
      const response = await fetch(`${server.base}${path}`);
      expect(response.status).toBe(503);
      expect(response.headers.get('X-Data-Source')).toBeNull();
      const body = (await response.json()) as { code: string; message: string; details: Record<string, unknown> };
      expect(body).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: false, reason: 'database_misconfigured', code: '3D000' } });
      expect(body.message).toMatch(/does not exist.*--database-url/);
    }

    const write = await fetch(`${server.base}/work-items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item_type: 'task', title: 'must not be queued' }) });
    expect(write.status).toBe(503);
    expect(((await write.json()) as { details: Record<string, unknown> }).details).toMatchObject({ retryable: false });

    const health = await fetch(`${server.base}/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({ healthy: false, status: 'down', layer: null, pending_outage_writes: 0 });
    expect(await stop(server)).toBe(0);
  });
});
