import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

describeEachEngine('http error hints in the API\'s own routes', (ctx) => {
  let app: ReturnType<typeof createHttpApp> | undefined;
  const http = () => (app ??= createHttpApp(ctx.ps(), { clientId: 'http-test' }));
  const create = async (body: Record<string, unknown>) => (await send(http(), 'POST', '/work-items', { body })).body as { id: string; version: number };

  it('answers a refused delete with the DELETE route and its cascade query field, not MCP fields', async () => {
    const parent = await create({ item_type: 'project', title: 'hint-p', metadata: { description: 'd' } });
    await create({ item_type: 'task', title: 'hint-child', parent_id: parent.id });
    const res = await send(http(), 'DELETE', `/work-items/${parent.id}`, { headers: { 'If-Match': '"1"' } });
    expect(res.status).toBe(409);
    expect(res.body.next).toBe(`delete the whole subtree: DELETE /work-items/${parent.id}?cascade=true with If-Match: "1"`);
    expect(res.text).not.toContain('cascade: true');
    const cascaded = await send(http(), 'DELETE', `/work-items/${parent.id}?cascade=true`, { headers: { 'If-Match': '"1"' } });
    expect(cascaded.status).toBe(200);
  });

  it('answers a refused completion with the PATCH body that completes the subtree, and that body works', async () => {
    const parent = await create({ item_type: 'project', title: 'hint-done', metadata: { description: 'd' } });
    const child = await create({ item_type: 'task', title: 'hint-open', parent_id: parent.id });
    const res = await send(http(), 'PATCH', `/work-items/${parent.id}`, { body: { status: 'completed' }, headers: { 'If-Match': '"1"' } });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'CONFLICT', details: { reason: 'unfinished_children', unfinished_children: [{ id: child.id }] } });
    expect(res.body.next).toBe(`complete the whole subtree: PATCH /work-items/${parent.id} with body {"status":"completed","cascade":true} with If-Match: "1"`);
    const done = await send(http(), 'PATCH', `/work-items/${parent.id}`, { body: { status: 'completed', cascade: true }, headers: { 'If-Match': '"1"' } });
    expect(done.status).toBe(200);
    expect((await send(http(), 'GET', `/work-items/${child.id}`)).body.item.status).toBe('completed');
  });

  it('points a losing claim at the ready-work route and leaves errors without a hint alone', async () => {
    const task = await create({ item_type: 'task', title: 'hint-claim' });
    await send(http(), 'POST', `/work-items/${task.id}/claim`, { body: { assignee: 'a' } });
    const lost = await send(http(), 'POST', `/work-items/${task.id}/claim`, { body: { assignee: 'b' } });
    expect(lost.body).toMatchObject({ code: 'CONFLICT', next: 'see unclaimed ready work: GET /work-items/ready' });
    expect(lost.body.message).not.toContain('list_ready_work');
    const other = await create({ item_type: 'task', title: 'hint-cycle' });
    await send(http(), 'POST', `/work-items/${task.id}/dependencies`, { body: { target_id: other.id, dependency_type: 'blocks' } });
    const cycle = await send(http(), 'POST', `/work-items/${other.id}/dependencies`, { body: { target_id: task.id, dependency_type: 'blocks' } });
    expect(cycle.status).toBe(400);
    expect(cycle.body).not.toHaveProperty('next');
  });
});
