import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { openProjectStatus, type ProjectStatusHandle } from '@project-status/storage';
import { createTestDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMcpServer, SessionTable, startHttpServer, type HttpServerOptions, type RunningHttpServer } from '../src/index.js';
import { initializeRequest, mcpHeaders, ok } from './support.js';

const initialize = initializeRequest;

/** One raw initialize that never sends DELETE; returns the session id it got. */
async function abandonedInitialize(url: string): Promise<{ status: number; id: string | null }> {
  const res = await fetch(url, { method: 'POST', headers: mcpHeaders, body: JSON.stringify(initialize) });
  await res.text();
  return { status: res.status, id: res.headers.get('mcp-session-id') };
}

/** Whether a session id is still known to the server (404 once it is gone). */
async function sessionStatus(url: string, id: string): Promise<number> {
  const res = await fetch(url, { method: 'POST', headers: { ...mcpHeaders, 'mcp-session-id': id, 'mcp-protocol-version': '2025-06-18' }, body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) });
  await res.text();
  return res.status;
}

async function connect(url: string, name: string): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name, version: '1' });
  await client.connect(transport);
  return { client, transport };
}

describe('MCP over HTTP sessions', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let http: RunningHttpServer | undefined;
  const start = async (options: Partial<HttpServerOptions> = {}) => {
    http = await startHttpServer({ host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024, createServer: () => createMcpServer(ps), ...options });
    return http;
  };

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
  });
  afterEach(async () => {
    await http?.close();
    http = undefined;
  });
  afterAll(async () => {
    await ps.close();
    await db.drop();
  });

  it('frees the slots of clients that went away without DELETE once they are idle past the timeout', async () => {
    let now = 0;
    const server = await start({ sessionIdleTimeoutMs: 60_000, maxSessions: 3, now: () => now });
    const gone: string[] = [];
    for (const name of ['a', 'b', 'c']) {
      const { client, transport } = await connect(server.url, name);
      await ok(client, 'list_vendors');
      gone.push(transport.sessionId!);
      // Closes the streams but sends no DELETE: the client simply vanishes.
      await client.close();
    }
    expect(server.sessions).toBe(3);
    // The server notices each vanished stream on its own schedule; idle time counts from then.
    await vi.waitFor(() => expect(server.sessionsInUse).toBe(0));
    now += 59_000;
    expect(server.sweep()).toBe(0);
    now += 1_000;
    expect(server.sweep()).toBe(3);
    expect(server.sessions).toBe(0);
    for (const id of gone) expect(await sessionStatus(server.url, id)).toBe(404);
    const { client } = await connect(server.url, 'newcomer');
    await ok(client, 'list_vendors');
    expect(server.sessions).toBe(1);
    await client.close();
  });

  it('keeps a connected client working and lets a new one in after a flood of initializes', async () => {
    const server = await start(); // the defaults
    const { client: steady } = await connect(server.url, 'steady');
    await ok(steady, 'create_vendor', { name: 'before-the-flood' });
    for (let i = 0; i < 300; i++) {
      const { status } = await abandonedInitialize(server.url);
      expect(status).toBe(200);
    }
    const { client: newcomer } = await connect(server.url, 'newcomer');
    expect((await ok(newcomer, 'list_vendors')).vendors.map((v: { name: string }) => v.name)).toContain('before-the-flood');
    await ok(steady, 'create_vendor', { name: 'after-the-flood' });
    expect(server.sessions).toBeLessThanOrEqual(32);
    await steady.close();
    await newcomer.close();
  });

  it('bounds the sessions of one client, closing its least recently used first', async () => {
    const server = await start({ maxSessionsPerClient: 2 });
    const first = await abandonedInitialize(server.url);
    const second = await abandonedInitialize(server.url);
    expect(await sessionStatus(server.url, first.id!)).toBe(200); // used now: the second is least recent
    const third = await abandonedInitialize(server.url);
    expect(server.sessions).toBe(2);
    expect(await sessionStatus(server.url, second.id!)).toBe(404);
    expect(await sessionStatus(server.url, first.id!)).toBe(200);
    expect(await sessionStatus(server.url, third.id!)).toBe(200);
  });
});

describe('SessionTable', () => {
  const table = (limits: { maxSessions?: number; maxSessionsPerClient?: number } = {}) => {
    const closed: string[] = [];
    const t = new SessionTable<string>({ idleTimeoutMs: 10, maxSessions: limits.maxSessions ?? 10, maxSessionsPerClient: limits.maxSessionsPerClient ?? 10, now: () => 0 }, (s) => closed.push(s));
    return { t, closed };
  };

  it('never expires or evicts a session with an open stream while an idle one can go', () => {
    const { t, closed } = table({ maxSessions: 2 });
    t.admit('a', 'x', 'a');
    t.admit('b', 'y', 'b');
    const release = t.use('a'); // a is in use and yet the least recently used one after b is touched
    t.use('b')();
    expect(t.admit('c', 'z', 'c')).toEqual({ ok: true });
    expect(closed).toEqual(['b']);
    release();
  });

  it('refuses a newcomer only when every session is in use', () => {
    const { t } = table({ maxSessions: 1 });
    t.admit('a', 'x', 'a');
    t.use('a');
    expect(t.admit('b', 'y', 'b')).toMatchObject({ ok: false, message: expect.stringMatching(/in use/) });
  });
});
