import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTcpForwarder, createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, runBinary, startServer, stop, stopAll } from './support/binary.js';

const TOKEN = 'e2e-token-0123456789abcdef';

const cleanups: (() => Promise<void>)[] = [];

beforeAll(requireBuiltBinary);

afterEach(async () => {
  await stopAll();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

const pgReason = await postgresUnavailableReason();

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  // Skipped only on a machine without PostgreSQL (never under CI): the reason is printed.
  if (skip) console.warn(`[skip] http binary [postgres]: ${pgReason}`);
  (skip ? describe.skip : describe)(`the project-status-http binary [${engine}]`, () => {
    it('serves requests on a free port, enforces If-Match and logs each request to stderr', async () => {
      const db: TestDatabase = await createTestDatabase(engine, 'http_e2e');
      cleanups.push(() => db.drop());
      const project = join(db.root, 'project');
      mkdirSync(join(project, '.git'), { recursive: true });
      const server = await startServer(['--root', project, '--client-id', 'e2e'], engine === 'postgres' ? { PROJECT_STATUS_DATABASE_URL: db.url } : {});
      expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      const created = await fetch(`${server.base}/work-items`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ item_type: 'task', title: 'from e2e' }) });
      expect(created.status).toBe(201);
      const item = (await created.json()) as { id: string; created_by: string };
      expect(item.created_by).toBe('e2e');

      const read = await fetch(`${server.base}/work-items/${item.id}`);
      const etag = read.headers.get('etag')!;
      expect(etag).toBe('"1"');
      expect((await fetch(`${server.base}/work-items/${item.id}`, { method: 'PATCH', body: '{"status":"completed"}' })).status).toBe(428);
      const patched = await fetch(`${server.base}/work-items/${item.id}`, { method: 'PATCH', headers: { 'If-Match': etag }, body: '{"status":"completed"}' });
      expect(patched.status).toBe(200);
      expect(patched.headers.get('etag')).toBe('"2"');
      const stale = await fetch(`${server.base}/work-items/${item.id}`, { method: 'PATCH', headers: { 'If-Match': etag }, body: '{"title":"lost"}' });
      expect(stale.status).toBe(412);

      const health = (await (await fetch(`${server.base}/health`)).json()) as { data_source: string };
      expect(health.data_source).toBe(engine);
      if (engine === 'sqlite') expect(existsSync(join(project, '.project-status', 'status.db'))).toBe(true);

      expect(server.stderr()).toMatch(new RegExp(`PATCH /work-items/${item.id} 412 [\\d.]+ms e2e`));
      expect(await stop(server)).toBe(0);
    });
  });
}

describe('the project-status-http binary', () => {
  it('refuses to start on a non-loopback host without a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-http-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const child = runBinary(['--host', '0.0.0.0', '--port', '0', '--root', dir]);
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/refusing to listen on 0\.0\.0\.0 without a token/);
    expect(existsSync(join(dir, '.project-status'))).toBe(false);
  });

  it('requires the token from the environment on every route but /health', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-http-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer(['--root', dir], { PROJECT_STATUS_HTTP_TOKEN: TOKEN });
    expect((await fetch(`${server.base}/work-items`)).status).toBe(401);
    expect((await fetch(`${server.base}/work-items`, { headers: { Authorization: 'Bearer wrong-token-wrong-token' } })).status).toBe(401);
    expect((await fetch(`${server.base}/work-items`, { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${server.base}/health`)).status).toBe(200);
  });

  it('still refuses a body on a query route and a body over the limit when the body is only declared by header', async () => {
    // The server skips the body of requests that declare none; these declare one each way a client can.
    // (A GET's body never reaches the app: the adapter builds a fetch Request, which cannot carry one.)
    const dir = mkdtempSync(join(tmpdir(), 'ps-http-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const server = await startServer(['--root', dir, '--max-body-bytes', '2048']);
    const { port } = new URL(server.base);
    const send = (method: string, path: string, headers: Record<string, string>, body: string) =>
      new Promise<{ status: number; body: { code: string; message: string } }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: Number(port), method, path, headers }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            try {
              resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
            } catch {
              reject(new Error(`${method} ${path} answered ${res.statusCode} with a body that is not JSON: ${text}`));
            }
          });
        });
        req.on('error', reject);
        req.end(body);
      });
    const item = '/work-items/0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f';
    const sized = await send('DELETE', item, { 'Content-Length': '16', 'If-Match': '"1"' }, '{"cascade":true}');
    expect(sized.status).toBe(400);
    expect(sized.body.message).toMatch(/send no body/);
    const chunked = await send('DELETE', item, { 'Transfer-Encoding': 'chunked', 'If-Match': '"1"' }, '{"cascade":true}');
    expect(chunked.status).toBe(400);
    expect(chunked.body.message).toMatch(/send no body/);
    const big = await send('POST', '/work-items', { 'Transfer-Encoding': 'chunked', 'Content-Type': 'application/json' }, JSON.stringify({ item_type: 'task', title: 'x'.repeat(4000) }));
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
    const plain = await send('GET', '/work-items?limit=1', {}, '');
    expect(plain.status).toBe(200);
  });

  it('prints its help and version', async () => {
    const output = async (args: string[]) => {
      const child = runBinary(args);
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      return { code, out };
    };
    const help = await output(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--cors-origin/);
    const version = await output(['--version']);
    expect(version.out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe.skipIf(pgReason !== null && !POSTGRES_REQUIRED)('the project-status-http binary while the database is down', () => {
  it('listens anyway, answers /health with 503 and the cause, and connects once PostgreSQL answers', async () => {
    const db: TestDatabase = await createTestDatabase('postgres', 'http_down');
    const real = new URL(db.url);
    const proxy = await createTcpForwarder({ host: real.hostname, port: Number(real.port || 5432) });
    cleanups.push(async () => {
      await proxy.down();
      await db.drop();
    });
    const server = await startServer(['--root', db.root, '--database-url', proxy.rewrite(db.url)]);
    expect(server.stderr()).toMatch(/database is unavailable.*ECONNREFUSED/);
    const down = await fetch(`${server.base}/health`);
    expect(down.status).toBe(503);
    expect(((await down.json()) as { warnings: string[] }).warnings.join('\n')).toMatch(/ECONNREFUSED/);

    await proxy.up();
    // Attempts are spaced (1 s): ask until the server has tried again.
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i++) {
      const res = await fetch(`${server.base}/health`);
      await res.body?.cancel();
      status = res.status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    expect((await fetch(`${server.base}/work-items`)).status).toBe(200);
  });
});
