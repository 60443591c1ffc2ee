import { openProjectStatus } from '@project-status/storage';
import { createDestroyedPrimary, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

let db: TestDatabase;
let itemId: string;
// The embedded database file is destroyed after the cache was filled: only the cache can answer.
beforeAll(async () => ({ db, itemId } = await createDestroyedPrimary('cached for the outage')));
afterAll(async () => {
  await db.drop();
});

it('sends the layer in X-Data-* headers and the body while the database is down, and queues writes', async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { probeIntervalMs: 50 } });
  try {
    const app = createHttpApp(ps);
    const read = await send(app, 'GET', `/work-items/${itemId}`);
    expect(read.status).toBe(200);
    expect(read.headers.get('X-Data-Source')).toBe('cache');
    expect(read.headers.get('X-Data-Warnings')).toContain('database_unavailable');
    expect(Number(read.headers.get('X-Data-Age'))).toBeGreaterThanOrEqual(0);
    expect(read.body).toMatchObject({ data_source: 'cache', item: { title: 'cached for the outage' } });

    const write = await send(app, 'PATCH', `/work-items/${itemId}`, { body: { title: 'changed offline' }, headers: { 'If-Match': '"1"' } });
    expect(write.status).toBe(200);
    expect(write.body).toMatchObject({ queued: true, outbox_position: 1, data_source: 'cache' });

    const conflicts = await send(app, 'GET', '/sync-conflicts');
    expect(conflicts.body).toMatchObject({ conflicts: [] });
  } finally {
    await ps.close();
  }
});

it('sends the X-Data-* headers and details.served with a NOT_FOUND the cache gave', async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { probeIntervalMs: 50 } });
  try {
    const app = createHttpApp(ps);
    const missing = await send(app, 'GET', '/work-items/01930000-0000-7000-8000-000000000001');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('X-Data-Source')).toBe('cache');
    expect(missing.headers.get('X-Data-Warnings')).toContain('database_unavailable');
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND', details: { served: { data_source: 'cache' } } });
  } finally {
    await ps.close();
  }
});
