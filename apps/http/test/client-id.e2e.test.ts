import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** A running binary and everything it wrote to stderr so far. */
interface Running {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  base: string;
}

const started: Running[] = [];
const dirs: string[] = [];

function runBinary(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  // Only what the binary needs: no inherited PROJECT_STATUS_* from the developer's shell.
  return spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
}

async function startServer(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = runBinary(['--port', '0', ...args], env);
  let err = '';
  child.stderr.setEncoding('utf8');
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 15 s; stderr:\n${err}`)), 15_000);
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening; stderr:\n${err}`)));
  });
  const running = { child, stderr: () => err, base };
  started.push(running);
  return running;
}

function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null) return resolve(running.child.exitCode);
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

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

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (pnpm --filter @project-status/http build)`);
});

afterEach(async () => {
  for (const running of started.splice(0)) await stop(running);
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
