import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openProjectStatus, type ProjectStatusHandle } from '@project-status/storage';
import { createTestDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer, startHttpServer, UnsafeBindError, type RunningHttpServer } from '../src/index.js';
import { initializeRequest, mcpHeaders, ok } from './support.js';

const TOKEN = 'test-token-0123456789abcdef';
const initialize = initializeRequest;

describe('Streamable HTTP', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let http: RunningHttpServer;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
    http = await startHttpServer({ host: '127.0.0.1', port: 0, token: TOKEN, maxBodyBytes: 64 * 1024, createServer: () => createMcpServer(ps) });
  });
  afterAll(async () => {
    await http.close();
    await ps.close();
    await db.drop();
  });

  it('refuses to listen off loopback without a bearer token', async () => {
    const options = { port: 0, maxBodyBytes: 1024, createServer: () => createMcpServer(ps) };
    await expect(startHttpServer({ ...options, host: '0.0.0.0' })).rejects.toBeInstanceOf(UnsafeBindError);
    await expect(startHttpServer({ ...options, host: '::' })).rejects.toThrow(/refusing to listen on :: without a bearer token/);
  });

  it('serves a whole session to a client that sends the token', async () => {
    const client = new Client({ name: 'http-client', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    const { tools } = await client.listTools();
    expect(tools.length).toBe(Object.keys(ps.operations).length);
    const vendor = await ok(client, 'create_vendor', { name: 'over-http' });
    expect(vendor.created_by).toBe('http-client');
    await client.close();
  });

  it('rejects requests without the token or with a wrong one', async () => {
    const missing = await fetch(http.url, { method: 'POST', headers: mcpHeaders, body: JSON.stringify(initialize) });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const wrong = await fetch(http.url, { method: 'POST', headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}-nope` }, body: JSON.stringify(initialize) });
    expect(wrong.status).toBe(401);
  });

  it('refuses a foreign Origin and accepts the server\'s own', async () => {
    const foreign = await fetch(http.url, {
      method: 'POST',
      headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}`, origin: 'https://evil.example' },
      body: JSON.stringify(initialize),
    });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toMatch(/origin https:\/\/evil.example is not allowed/);
    const local = await fetch(http.url, {
      method: 'POST',
      headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}`, origin: new URL(http.url).origin },
      body: JSON.stringify(initialize),
    });
    expect(local.status).toBe(200);
    expect(local.headers.get('mcp-session-id')).toBeTruthy();
    await local.body?.cancel();
  });

  it('refuses an oversize body with 413 before parsing it', async () => {
    const huge = JSON.stringify({ ...initialize, params: { ...initialize.params, padding: 'x'.repeat(100 * 1024) } });
    const response = await fetch(http.url, { method: 'POST', headers: { ...mcpHeaders, authorization: `Bearer ${TOKEN}` }, body: huge });
    expect(response.status).toBe(413);
  });

  it('answers malformed JSON, unknown sessions and other paths with clear errors', async () => {
    const auth = { ...mcpHeaders, authorization: `Bearer ${TOKEN}` };
    expect((await fetch(http.url, { method: 'POST', headers: auth, body: '{not json' })).status).toBe(400);
    // A Latin-1 byte is refused, not read as U+FFFD.
    const latin1 = await fetch(http.url, { method: 'POST', headers: auth, body: new Uint8Array(Buffer.from(JSON.stringify({ ...initialize, params: { ...initialize.params, clientInfo: { name: 'Caf_', version: '1' } } }).replace('Caf_', 'Caf\xe9'), 'latin1')) });
    expect(latin1.status).toBe(400);
    expect(await latin1.json()).toMatchObject({ error: { code: -32700, message: expect.stringContaining('request body is not valid UTF-8: byte 0xE9 at offset') } });
    const unknown = await fetch(http.url, { method: 'POST', headers: { ...auth, 'mcp-session-id': 'nope' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(unknown.status).toBe(404);
    const noSession = await fetch(http.url, { method: 'POST', headers: auth, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
    expect(noSession.status).toBe(400);
    expect((await fetch(http.url.replace('/mcp', '/other'), { headers: auth })).status).toBe(404);
  });
});
