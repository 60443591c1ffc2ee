import { openProjectStatus } from '@project-status/storage';
import { createDestroyedPrimary, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectInMemory, textOf } from './support.js';

let db: TestDatabase;
let itemId: string;
// The embedded database file is destroyed after the cache was filled: only the cache can answer.
beforeAll(async () => ({ db, itemId } = await createDestroyedPrimary('cached for the outage')));
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

it('says that a NOT_FOUND came from the cache: in the error JSON and before the next step', async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { probeIntervalMs: 50 } });
  const client = await connectInMemory(ps);
  try {
    const missing = '01930000-0000-7000-8000-000000000001';
    const result = await client.callTool({ name: 'query_work_item', arguments: { id: missing } });
    expect(result.isError).toBe(true);
    const content = result.content as { text: string }[];
    const body = JSON.parse(content[0]!.text) as { code: string; details: { served?: { data_source: string; warnings: string[] } } };
    expect(body.code).toBe('NOT_FOUND');
    expect(body.details.served).toMatchObject({ data_source: 'cache' });
    expect(body.details.served!.warnings).toContain('database_unavailable');
    expect(content[1]!.text.split('\n')[0]).toMatch(/^served from cache \(\d+ s old; database_unavailable\): not found in this copy.*do not re-create it/);
  } finally {
    await client.close();
    await ps.close();
  }
});
