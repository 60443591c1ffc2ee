import { request } from 'node:http';
import { openProjectStatus, type ProjectStatusHandle } from '@project-status/storage';
import { createTestDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpServer, startHttpServer, type RunningHttpServer } from '../src/index.js';
import { initializeRequest, mcpHeaders } from './support.js';

const initialize = JSON.stringify(initializeRequest);

/** One raw POST of an initialize with exactly these headers (node:http lets a test set Host as a browser would). */
function post(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { ...mcpHeaders, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(initialize);
  });
}

describe('MCP over HTTP: Host and Origin checks', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let open: RunningHttpServer;
  let listed: RunningHttpServer;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
    open = await startHttpServer({ host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024, createServer: () => createMcpServer(ps) });
    listed = await startHttpServer({ host: '127.0.0.1', port: 0, maxBodyBytes: 64 * 1024, allowedOrigins: ['http://localhost:6274'], createServer: () => createMcpServer(ps) });
  });
  afterAll(async () => {
    await open.close();
    await listed.close();
    await ps.close();
    await db.drop();
  });

  it('answers to the loopback names it is bound as', async () => {
    for (const host of [`127.0.0.1:${open.port}`, `localhost:${open.port}`, `[::1]:${open.port}`]) {
      expect((await post(open.port, { host })).status, host).toBe(200);
    }
  });

  it('refuses a foreign Host without a token (DNS rebinding), even with a matching Origin', async () => {
    const rebound = await post(open.port, { host: `evil.example:${open.port}`, origin: `http://evil.example:${open.port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).error.message).toMatch(/host "evil.example:\d+" is not one this server answers to/);
    expect((await post(open.port, { host: `evil.example:${open.port}` })).status).toBe(403);
  });

  it('refuses a loopback Origin on another port, and accepts its own origin', async () => {
    const otherPort = await post(open.port, { host: `localhost:${open.port}`, origin: 'http://localhost:5173' });
    expect(otherPort.status).toBe(403);
    expect(otherPort.body).toMatch(/origin http:\/\/localhost:5173 is not allowed.*--allowed-origins/);
    expect((await post(open.port, { host: `localhost:${open.port}`, origin: `http://localhost:${open.port}` })).status).toBe(200);
  });

  it('accepts an origin listed with --allowed-origins, port included', async () => {
    expect((await post(listed.port, { host: `localhost:${listed.port}`, origin: 'http://localhost:6274' })).status).toBe(200);
    expect((await post(listed.port, { host: `localhost:${listed.port}`, origin: 'http://localhost:6275' })).status).toBe(403);
  });
});
