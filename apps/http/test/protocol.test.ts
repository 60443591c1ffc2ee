import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { createHttpApp } from '../src/index.js';
import { send } from './support/send.js';

const TOKEN = 'correct-horse-battery-staple';

describeEachEngine('http protocol: auth, origin, body limits and errors', (ctx) => {
  const countItems = async () => (await ctx.ps().list_work_items({ include_deleted: true, limit: 1 })).total_count;

  it('requires the bearer token on every route but /health when a token is set', async () => {
    const app = createHttpApp(ctx.ps(), { token: TOKEN });
    const missing = await send(app, 'GET', '/work-items');
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('UNAUTHORIZED');
    expect(missing.headers.get('WWW-Authenticate')).toMatch(/^Bearer/);
    const wrong = await send(app, 'POST', '/work-items', { body: { item_type: 'task', title: 'intruder' }, headers: { Authorization: 'Bearer not-the-token' } });
    expect(wrong.status).toBe(401);
    expect((await send(app, 'GET', '/openapi.json')).status).toBe(401);
    expect((await send(app, 'GET', '/docs')).status).toBe(401);
    expect((await send(app, 'GET', '/health')).status).toBe(200);
    const right = await send(app, 'GET', '/work-items', { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(right.status).toBe(200);
    expect(right.body.items.map((i: { title: string }) => i.title)).not.toContain('intruder');
  });

  it('sends no CORS headers by default and refuses requests from a foreign origin', async () => {
    const app = createHttpApp(ctx.ps());
    const sameOrigin = await send(app, 'GET', '/health', { headers: { Origin: 'http://localhost' } });
    expect(sameOrigin.status).toBe(200);
    expect(sameOrigin.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const before = await countItems();
    const foreign = await send(app, 'POST', '/work-items', { raw: '{"item_type":"task","title":"csrf"}', headers: { Origin: 'https://evil.example', 'Content-Type': 'text/plain' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('FORBIDDEN');
    expect(foreign.headers.get('Access-Control-Allow-Origin')).toBeNull();
    const preflight = await send(app, 'OPTIONS', '/work-items', { headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(await countItems()).toBe(before);
  });

  it('allows exactly the one --cors-origin, with the locking headers', async () => {
    const app = createHttpApp(ctx.ps(), { corsOrigin: 'http://localhost:5173' });
    const preflight = await send(app, 'OPTIONS', '/work-items/x', { headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'PATCH', 'Access-Control-Request-Headers': 'if-match' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('Access-Control-Allow-Headers')).toMatch(/If-Match/);
    const get = await send(app, 'GET', '/configuration', { headers: { Origin: 'http://localhost:5173' } });
    expect(get.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(get.headers.get('Access-Control-Expose-Headers')).toMatch(/ETag/);
    expect((await send(app, 'GET', '/configuration', { headers: { Origin: 'http://localhost:5174' } })).status).toBe(403);
  });

  it('refuses a request addressed to a host name the server does not answer to (DNS rebinding)', async () => {
    const app = createHttpApp(ctx.ps(), { allowedHosts: ['127.0.0.1', 'localhost'] });
    expect((await send(app, 'GET', 'http://127.0.0.1/health')).status).toBe(200);
    const rebound = await send(app, 'GET', 'http://attacker.example/work-items');
    expect(rebound.status).toBe(403);
    expect(rebound.body.details.host).toBe('attacker.example');
  });

  it('answers 413 to a body over the limit and writes nothing', async () => {
    const before = await countItems();
    const small = createHttpApp(ctx.ps(), { maxBodyBytes: 2048 });
    const big = await send(small, 'POST', '/work-items', { body: { item_type: 'task', title: 'big', metadata: { blocked_reason: 'x'.repeat(4000) } } });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: { max_bytes: 2048 } });
    const defaults = createHttpApp(ctx.ps());
    const huge = await send(defaults, 'POST', '/work-items', { raw: JSON.stringify({ item_type: 'task', title: 'huge', labels: Array(120_000).fill('label-text') }) });
    expect(huge.status).toBe(413);
    expect(await countItems()).toBe(before);
  });

  it('reads a body whenever the transport may carry one, and skips it only on HTTP/1 without length headers', async () => {
    const app = createHttpApp(ctx.ps());
    const post = (incoming: { headers: Record<string, string>; httpVersionMajor: number }) =>
      app.request('/work-items', { method: 'POST', body: JSON.stringify({ item_type: 'task', title: `over HTTP/${incoming.httpVersionMajor}` }) }, { incoming });
    // HTTP/2 may send a body with no content-length: it is read, limited and checked.
    expect((await post({ headers: {}, httpVersionMajor: 2 })).status).toBe(201);
    expect((await post({ headers: { 'content-length': '44' }, httpVersionMajor: 1 })).status).toBe(201);
    // On HTTP/1 Node reads no body for such a request, so neither does the app.
    const skipped = await post({ headers: {}, httpVersionMajor: 1 });
    expect(skipped.status).toBe(400);
    expect(((await skipped.json()) as { message: string }).message).toMatch(/item_type/);
  });

  it('answers 400 to malformed JSON, a body that is not an object and a body on a query route', async () => {
    const app = createHttpApp(ctx.ps());
    const before = await countItems();
    const malformed = await send(app, 'POST', '/work-items', { raw: '{"item_type": "task", "title": ', headers: { 'Content-Type': 'application/json' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_ERROR');
    expect(malformed.body.message).toMatch(/not valid JSON/);
    const array = await send(app, 'POST', '/work-items', { raw: '[1,2]' });
    expect(array.status).toBe(400);
    expect(array.body.message).toMatch(/JSON object/);
    const bodyOnGet = await send(app, 'DELETE', '/work-items/0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', { raw: '{"cascade":true}', headers: { 'If-Match': '"1"' } });
    expect(bodyOnGet.status).toBe(400);
    expect(await countItems()).toBe(before);
  });

  it('answers 404 to an unknown route and 405 with Allow to a wrong method', async () => {
    const app = createHttpApp(ctx.ps());
    const unknown = await send(app, 'GET', '/work-itemz');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ code: 'NOT_FOUND', details: { path: '/work-itemz' } });
    const wrongMethod = await send(app, 'PUT', '/vendors/acme');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('Allow')).toBe('GET, PATCH');
  });

  it('takes the actor from X-Client-Id and refuses an unusable one', async () => {
    const app = createHttpApp(ctx.ps(), { clientId: 'server-default' });
    const ok = await send(app, 'POST', '/enhancements', { body: { title: 'by header' }, headers: { 'X-Client-Id': 'claude-code' } });
    expect(ok.body.created_by).toBe('claude-code');
    const explicit = await send(app, 'POST', '/enhancements', { body: { title: 'by field', created_by: 'alice' }, headers: { 'X-Client-Id': 'claude-code' } });
    expect(explicit.body.created_by).toBe('alice');
    const tooLong = await send(app, 'POST', '/enhancements', { body: { title: 'nope' }, headers: { 'X-Client-Id': 'x'.repeat(101) } });
    expect(tooLong.status).toBe(400);
    expect(tooLong.body.details.issues[0].path).toBe('X-Client-Id');
  });

  it('logs one line per request with method, path, status, time and actor', async () => {
    const lines: string[] = [];
    const app = createHttpApp(ctx.ps(), { log: (line) => lines.push(line) });
    await send(app, 'GET', '/health', { headers: { 'X-Client-Id': 'probe' } });
    await send(app, 'GET', '/nowhere');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/health 200 \d+\.\dms probe$/);
    expect(lines[1]).toMatch(/^GET \/nowhere 404 /);
  });
});
