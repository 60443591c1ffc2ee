import { writeFileSync } from 'node:fs';
import { openProjectStatus } from '@project-status/storage';
import { createSqliteDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectInMemory, textOf } from './support.js';

let db: TestDatabase;
let itemId: string;
beforeAll(async () => {
  db = createSqliteDatabase();
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true, fallback: { probeIntervalMs: 50 } });
  itemId = (await ps.create_work_item({ item_type: 'task', title: 'cached for the outage' })).id;
  await ps.fallback!.refresh();
  await ps.close();
  // The embedded database file is destroyed: only the cache can answer now.
  writeFileSync(db.file!, Buffer.alloc(8192, 7));
});
afterAll(async () => {
  await db.drop();
});

it('says in structured content and one text line that the cache answered, and queues writes', async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { probeIntervalMs: 50 } });
  const client = await connectInMemory(ps);
  try {
    const read = await client.callTool({ name: 'query_work_item', arguments: { id: itemId } });
    expect(read.isError).toBeFalsy();
    expect(read.structuredContent).toMatchObject({ data_source: 'cache', item: { title: 'cached for the outage' } });
    expect((read.structuredContent as { warnings: string[] }).warnings).toContain('database_unavailable');
    expect(textOf(read).split('\n')[0]).toMatch(/^served from cache \(\d+ s old; database_unavailable\)$/);

    const write = await client.callTool({ name: 'update_work_item', arguments: { id: itemId, version: 1, title: 'changed offline' } });
    expect(write.structuredContent).toMatchObject({ data_source: 'cache', queued: true, outbox_position: 1, title: 'changed offline' });
    expect(textOf(write).split('\n')[0]).toContain('write queued for sync at outbox position 1');

    const health = await client.callTool({ name: 'health_check', arguments: {} });
    expect(health.structuredContent).toMatchObject({ status: 'degraded', layer: 'cache', pending_outage_writes: 1 });
  } finally {
    await client.close();
    await ps.close();
  }
});
