import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { commit, send } from './support/send.js';

describeEachEngine('http vendor, deployment, configuration, enhancement and history routes', (ctx) => {
  let app: ReturnType<typeof createHttpApp> | undefined;
  const http = () => (app ??= createHttpApp(ctx.ps()));

  it('creates a vendor, refuses a duplicate name in any case, and reads it by name case-insensitively', async () => {
    const created = await send(http(), 'POST', '/vendors', { body: { name: 'Acme Extractor' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"1"');
    expect(created.headers.get('Location')).toBe('/vendors/Acme%20Extractor');
    expect(created.body).toMatchObject({ status: 'broken', extractor_version: '0.0.0' });

    const duplicate = await send(http(), 'POST', '/vendors', { body: { name: 'ACME extractor' } });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('CONFLICT');

    const read = await send(http(), 'GET', '/vendors/acme%20EXTRACTOR');
    expect(read.status).toBe(200);
    expect(read.headers.get('ETag')).toBe('"1"');
    expect(read.body.name).toBe('Acme Extractor');
    expect((await send(http(), 'GET', '/vendors/nobody')).status).toBe(404);
  });

  it('updates a vendor only with the current version in If-Match, and lists vendors by status', async () => {
    await send(http(), 'POST', '/vendors', { body: { name: 'beta' } });
    const noIfMatch = await send(http(), 'PATCH', '/vendors/beta', { body: { status: 'operational' } });
    expect(noIfMatch.status).toBe(428);
    const updated = await send(http(), 'PATCH', '/vendors/beta', {
      body: { status: 'operational', metadata: { test_results: { passing: 3, total: 4, skipped: 1 } } },
      headers: { 'If-Match': '"1"' },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('ETag')).toBe('"2"');
    const stale = await send(http(), 'PATCH', '/vendors/beta', { body: { status: 'broken' }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.details).toMatchObject({ expected_version: 1, current_version: 2 });
    const invalid = await send(http(), 'PATCH', '/vendors/beta', { body: { metadata: { test_results: { passing: 9, total: 4, skipped: 0 } } }, headers: { 'If-Match': '"2"' } });
    expect(invalid.status).toBe(400);

    const operational = await send(http(), 'GET', '/vendors?status=operational');
    expect(operational.body.vendors.map((v: { name: string }) => v.name)).toEqual(['beta']);
    expect(operational.body.operational).toBe(1);
    expect((await send(http(), 'GET', '/vendors?status=sideways')).status).toBe(400);
  });

  it('records deployments linked to vendors and work items and lists them newest first', async () => {
    const vendor = (await send(http(), 'POST', '/vendors', { body: { name: 'gamma' } })).body;
    const task = (await send(http(), 'POST', '/work-items', { body: { item_type: 'task', title: 'deployed task' } })).body;
    const metadata = { pr_number: 7, pr_title: 'Ship gamma', commit_hash: commit(7), test_summary: { passed: 12, failed: 0 }, constitutional_compliance: true };
    const recorded = await send(http(), 'POST', '/deployments', {
      body: { deployed_at: '2026-01-02T03:04:05Z', commit_hash: commit(7), metadata, affected_vendor_ids: [vendor.id], related_work_item_ids: [task.id] },
    });
    expect(recorded.status).toBe(201);
    expect(recorded.body.vendors.map((v: { name: string }) => v.name)).toEqual(['gamma']);

    const unknownVendor = await send(http(), 'POST', '/deployments', {
      body: { commit_hash: commit(8), metadata: { ...metadata, commit_hash: commit(8) }, affected_vendor_ids: ['0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f'] },
    });
    expect(unknownVendor.status).toBe(404);

    const byVendor = await send(http(), 'GET', '/deployments?vendor=gamma&limit=10');
    expect(byVendor.status).toBe(200);
    expect(byVendor.body.deployments.map((d: { commit_hash: string }) => d.commit_hash)).toEqual([commit(7)]);
    const since = await send(http(), 'GET', '/deployments?since=2027-01-01T00:00:00Z');
    expect(since.body.total_count).toBe(0);
  });

  it('reads the configuration with ETag "0" before the first write and updates it with If-Match', async () => {
    const initial = await send(http(), 'GET', '/configuration');
    expect(initial.status).toBe(200);
    expect(initial.headers.get('ETag')).toBe('"0"');
    expect(initial.body.default_token_budget).toBe(200000);
    const updated = await send(http(), 'PATCH', '/configuration', { body: { active_context_type: 'maintenance' }, headers: { 'If-Match': initial.headers.get('ETag')! } });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('ETag')).toBe('"1"');
    const again = await send(http(), 'PATCH', '/configuration', { body: { default_token_budget: 1 }, headers: { 'If-Match': '"1"' } });
    expect(again.status).toBe(400);
    expect((await send(http(), 'GET', '/configuration')).body.active_context_type).toBe('maintenance');
  });

  it('creates, filters and updates enhancements', async () => {
    const created = await send(http(), 'POST', '/enhancements', { body: { title: 'Dark mode', priority: 1, target_quarter: '2026-Q3' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('ETag')).toBe('"1"');
    await send(http(), 'POST', '/enhancements', { body: { title: 'Someday', priority: 5 } });
    const high = await send(http(), 'GET', '/enhancements?priority=1');
    expect(high.body.enhancements.map((e: { title: string }) => e.title)).toEqual(['Dark mode']);
    const updated = await send(http(), 'PATCH', `/enhancements/${created.body.id}`, { body: { status: 'approved' }, headers: { 'If-Match': '"1"' } });
    expect(updated.status).toBe(200);
    expect(updated.body.status).toBe('approved');
    const stale = await send(http(), 'PATCH', `/enhancements/${created.body.id}`, { body: { status: 'completed' }, headers: { 'If-Match': '"1"' } });
    expect(stale.status).toBe(412);
    expect((await send(http(), 'GET', '/enhancements?target_quarter=Q3')).status).toBe(400);
  });

  it('returns the history of any entity by type and id, and a health report', async () => {
    await send(http(), 'POST', '/vendors', { body: { name: 'delta' } });
    const history = await send(http(), 'GET', '/history/vendor/delta');
    expect(history.status).toBe(200);
    expect(history.body.entries[0]).toMatchObject({ entity_type: 'vendor', action: 'create', version: 1 });
    expect((await send(http(), 'GET', '/history/planet/mars')).status).toBe(400);

    const health = await send(http(), 'GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ healthy: true, data_source: ctx.engine });
  });

  it('answers 503 DATABASE_ERROR when the store cannot be reached', async () => {
    const client = await ctx.openClient();
    const broken = createHttpApp(client);
    await client.close();
    const res = await send(broken, 'GET', '/work-items');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('DATABASE_ERROR');
  });
});
