import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { describeEachEngine } from '@project-status/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';

/** `{"item_type":"task","title":"Café"}` with the é as one Latin-1 byte, as `curl --data-binary $'…\xe9…'` sends it. */
const latin1 = (json: string) => Buffer.from(json, 'latin1');

describeEachEngine('HTTP request bodies that are not UTF-8', (ctx) => {
  let server: ServerType;
  let base: string;
  beforeAll(async () => {
    server = serve({ fetch: createHttpApp(ctx.ps()).fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
  });
  const post = (path: string, body: Buffer, method = 'POST', headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method, body: new Uint8Array(body), headers: { 'Content-Type': 'application/json', ...headers } });

  it('refuses a POST with an invalid byte with 400 VALIDATION_ERROR naming where it is, and creates nothing', async () => {
    const before = (await ctx.ps().list_work_items({ include_deleted: true })).total_count;
    const res = await post('/work-items', latin1('{"item_type":"task","title":"Caf\xe9"}'));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string; details: { issues: { path: string }[]; encoding_error: unknown } };
    expect(body).toMatchObject({ code: 'VALIDATION_ERROR', details: { issues: [{ path: '(body)' }], encoding_error: { offset: 32, byte: 0xe9, line: 1, column: 33 } } });
    expect(body.message).toContain('the request body is not valid UTF-8: byte 0xE9 at offset 32');
    expect((await ctx.ps().list_work_items({ include_deleted: true })).total_count).toBe(before);
  });

  it('refuses a PATCH with an invalid byte and leaves the item as it was', async () => {
    const created = await post('/work-items', Buffer.from('{"item_type":"task","title":"Café"}'));
    expect(created.status).toBe(201);
    const item = (await created.json()) as { id: string; title: string; version: number };
    expect(item.title).toBe('Café');
    const res = await post(`/work-items/${item.id}`, latin1('{"title":"Caf\xe9 2"}'), 'PATCH', { 'If-Match': `"${item.version}"` });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: { encoding_error: { offset: 13 } } });
    expect((await ctx.ps().query_work_item({ id: item.id })).item).toMatchObject({ title: 'Café', version: item.version });
  });

  it('refuses a query value percent-encoded in Latin-1 instead of storing the raw %E9, and reads UTF-8 percent-encoding', async () => {
    const created = (await (await post('/work-items', Buffer.from('{"item_type":"task","title":"To delete"}'))).json()) as { id: string; version: number };
    const res = await fetch(`${base}/work-items/${created.id}?close_reason=Caf%E9`, { method: 'DELETE', headers: { 'If-Match': `"${created.version}"` } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_ERROR', details: { issues: [{ path: 'close_reason' }] } });
    expect((await ctx.ps().query_work_item({ id: created.id })).item).toMatchObject({ deleted_at: null, version: created.version });
    const search = await fetch(`${base}/work-items/search?q=Caf%E9`);
    expect(search.status).toBe(400);
    expect(((await search.json()) as { message: string }).message).toContain('"q"');
    expect((await fetch(`${base}/work-items/search?q=Caf%C3%A9`)).status).toBe(200);
  });

  it('accepts a body behind a UTF-8 byte order mark', async () => {
    const res = await post('/work-items', Buffer.from('\uFEFF{"item_type":"task","title":"Naïve"}'));
    expect(res.status).toBe(201);
    expect(((await res.json()) as { title: string }).title).toBe('Naïve');
  });
});
