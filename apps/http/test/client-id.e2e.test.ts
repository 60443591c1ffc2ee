import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { requireBuiltBinary, runBinary, startServer, stopAll, type Running } from './support/binary.js';

const dirs: string[] = [];

/** A fresh SQLite project; with `clientId`, its `.project-status/config.json` names that client. */
function project(clientId?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-http-client-'));
  dirs.push(dir);
  mkdirSync(join(dir, '.project-status'), { recursive: true });
  if (clientId !== undefined) writeFileSync(join(dir, '.project-status', 'config.json'), JSON.stringify({ clientId }));
  return dir;
}

/** Creates a task through the API and returns who the store recorded as its creator. */
async function createdBy(server: Running, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${server.base}/work-items`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ item_type: 'task', title: 'Who made me' }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { created_by: string }).created_by;
}

beforeAll(requireBuiltBinary);

afterEach(async () => {
  await stopAll();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the client id of the project-status-http binary [sqlite]', { timeout: 60_000 }, () => {
  it('records clientId from .project-status/config.json for a request without X-Client-Id, and the header still wins', async () => {
    const server = await startServer(['--root', project('cfg-bot')]);
    expect(await createdBy(server)).toBe('cfg-bot');
    expect(await createdBy(server, { 'X-Client-Id': 'header-bot' })).toBe('header-bot');
    expect(server.stderr()).toMatch(/POST \/work-items 201 [\d.]+ms cfg-bot/);
  });

  it('lets PROJECT_STATUS_CLIENT_ID win over config.json', async () => {
    const server = await startServer(['--root', project('cfg-bot')], { PROJECT_STATUS_CLIENT_ID: 'env-bot' });
    expect(await createdBy(server)).toBe('env-bot');
  });

  it('lets --client-id win over the environment and config.json', async () => {
    const server = await startServer(['--root', project('cfg-bot'), '--client-id', 'flag-bot'], { PROJECT_STATUS_CLIENT_ID: 'env-bot' });
    expect(await createdBy(server)).toBe('flag-bot');
  });

  it('reads an X-Client-Id sent as UTF-8 bytes (as curl sends it) as UTF-8, and Latin-1 bytes as Latin-1', async () => {
    const server = await startServer(['--root', project()]);
    // fetch sends each character of a header value as one byte: these are the UTF-8 bytes of the names.
    const bytes = (name: string, encoding: BufferEncoding) => Buffer.from(name, encoding).toString('latin1');
    expect(await createdBy(server, { 'X-Client-Id': bytes('Zoë', 'utf8') })).toBe('Zoë');
    expect(await createdBy(server, { 'X-Client-Id': bytes('Jürgen-ü', 'utf8') })).toBe('Jürgen-ü');
    // Not valid UTF-8: what HTTP says the bytes are.
    expect(await createdBy(server, { 'X-Client-Id': bytes('Zoë', 'latin1') })).toBe('Zoë');
  });

  it('records "http" when nobody names a client', async () => {
    const server = await startServer(['--root', project()]);
    expect(await createdBy(server)).toBe('http');
  });

  it('states the precedence in --help', async () => {
    const child = runBinary(['--help']);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    // 'close', not 'exit': stdout may still be draining when the process exits.
    expect(await new Promise<number | null>((resolve) => child.on('close', resolve))).toBe(0);
    expect(out.replace(/\s+/g, ' ')).toContain('(env PROJECT_STATUS_CLIENT_ID, then "clientId" in .project-status/config.json, then http)');
  });
});
