import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

describeEachEngine('http agent-workflow routes', (ctx) => {
  let app: ReturnType<typeof createHttpApp> | undefined;
  const http = () => (app ??= createHttpApp(ctx.ps(), { clientId: 'http-test' }));

  it('plans a batch, takes short ids in paths, leases, notes, lists held work and releases', async () => {
    const plan = await send(http(), 'POST', '/work-items/batch', {
      body: { items: [{ ref: 'a', item_type: 'task', title: 'HTTP first', priority: 1 }, { ref: 'b', item_type: 'task', title: 'HTTP second', depends_on: ['a'] }] },
    });
    expect(plan.status).toBe(201);
    const [a, b] = plan.body.items as { id: string; short_id: string; ref: string }[];
    expect(plan.body.dependencies).toBe(1);

    const read = await send(http(), 'GET', `/work-items/${a!.short_id}`);
    expect(read.status).toBe(200);
    expect(read.body.item.id).toBe(a!.id);
    expect(read.body.dependencies.blocks.map((d: { short_id: string }) => d.short_id)).toEqual([b!.short_id]);

    const claim = await send(http(), 'POST', `/work-items/${a!.short_id}/claim`, { body: { lease_seconds: 120 }, headers: { 'X-Client-Id': 'agent-h' } });
    expect(claim.status).toBe(200);
    expect(claim.body.lease_expires_at).not.toBeNull();
    const note = await send(http(), 'POST', `/work-items/${a!.short_id}/notes`, { body: { text: 'started' }, headers: { 'X-Client-Id': 'agent-h' } });
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ author: 'agent-h', text: 'started', work_item_id: a!.id });
    const mine = await send(http(), 'GET', '/work-items/mine', { headers: { 'X-Client-Id': 'agent-h' } });
    expect(mine.body.items.map((i: { id: string }) => i.id)).toEqual([a!.id]);
    const notHolder = await send(http(), 'POST', `/work-items/${a!.short_id}/release`, { body: {} });
    expect(notHolder.status).toBe(409);
    const released = await send(http(), 'POST', `/work-items/${a!.short_id}/release`, { body: {}, headers: { 'X-Client-Id': 'agent-h' } });
    expect(released.status).toBe(200);
    expect(released.body.assignee).toBeNull();

    const done = await send(http(), 'PATCH', `/work-items/${a!.short_id}`, { body: { status: 'completed', close_reason: 'done over HTTP' }, headers: { 'If-Match': `"${released.body.version}"` } });
    expect(done.status).toBe(200);
    expect(done.body.close_reason).toBe('done over HTTP');
  });

  it('rejects a batch with a cycle as a 400 that names it, writing nothing', async () => {
    const before = await send(http(), 'GET', '/work-items?limit=1');
    const bad = await send(http(), 'POST', '/work-items/batch', {
      body: { items: [{ ref: 'x', item_type: 'task', title: 'X', depends_on: ['y'] }, { ref: 'y', item_type: 'task', title: 'Y', depends_on: ['x'] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('x → y → x');
    expect((await send(http(), 'GET', '/work-items?limit=1')).body.total_count).toBe(before.body.total_count);
  });

  it('serves the session context as markdown', async () => {
    const res = await send(http(), 'GET', '/session-context', { headers: { Accept: 'text/markdown' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/markdown');
    expect(res.text).toContain('# Session context for');
  });
});
