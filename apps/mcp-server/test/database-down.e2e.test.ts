import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createTcpForwarder, createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, TEST_POSTGRES_URL, type TcpForwarder, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, ok, type Loose } from './support.js';

const BIN = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm turbo run build" (or "pnpm test" at the root) first`);

const pgReason = await postgresUnavailableReason();
if (pgReason && POSTGRES_REQUIRED) throw new Error(`CI requires PostgreSQL: ${pgReason}`);

describe.skipIf(pgReason !== null)('project-status-mcp started while PostgreSQL is down', () => {
  let project: string;
  let db: TestDatabase;
  let proxy: TcpForwarder;
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'ps-mcp-down-'));
    mkdirSync(join(project, '.git'));
    db = await createTestDatabase('postgres', 'mcp-down');
    const real = new URL(TEST_POSTGRES_URL);
    // Down at first: the URL points at a port nothing listens on.
    proxy = await createTcpForwarder({ host: real.hostname, port: Number(real.port || 5432) });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [BIN, '--database-url', proxy.rewrite(db.url)],
      cwd: project,
      env: { PATH: process.env.PATH ?? '' },
      stderr: 'pipe',
    });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'outage-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    await proxy?.down();
    await db?.drop();
    rmSync(project, { recursive: true, force: true });
  });

  it('starts, lists its tools and says on stderr why the database is unavailable', async () => {
    expect((await client.listTools()).tools.map((t) => t.name)).toContain('health_check');
    expect(stderr).toMatch(/database is unavailable.*ECONNREFUSED/);
  });

  it('answers a tool call with the retryable DATABASE_ERROR and its cause', async () => {
    const error = await fails(client, 'list_work_items', {});
    expect(error.code).toBe('DATABASE_ERROR');
    expect(error.message).toMatch(/could not open the postgres database .*ECONNREFUSED/);
    expect(error.details.retryable).toBe(true);
  });

  it('answers health_check as unhealthy with the cause', async () => {
    const health = await ok(client, 'health_check');
    expect(health).toMatchObject({ healthy: false, data_source: 'postgres' });
    expect(health.warnings.join('\n')).toMatch(/ECONNREFUSED/);
  });

  it('connects for real once the database answers, without a restart', async () => {
    await proxy.up();
    // Attempts are spaced (1 s by default): ask until the server has tried again.
    let health: Loose = {};
    for (let i = 0; i < 100 && health.healthy !== true; i++) {
      health = await ok(client, 'health_check');
      if (!health.healthy) await sleep(100);
    }
    expect(health).toMatchObject({ healthy: true, warnings: [] });
    const item = await ok(client, 'create_work_item', { item_type: 'task', title: 'after the outage' });
    expect((await ok(client, 'query_work_item', { id: item.id })).item.title).toBe('after the outage');
  });
});

describe.skipIf(pgReason !== null)('project-status-mcp started with a PostgreSQL database that does not exist', () => {
  let project: string;
  let client: Client;
  let stderr = '';

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'ps-mcp-missing-'));
    mkdirSync(join(project, '.git'));
    const url = new URL(TEST_POSTGRES_URL);
    url.pathname = '/ps_no_such_database_here';
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, '--database-url', url.toString()], cwd: project, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' });
    transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    client = new Client({ name: 'misconfigured-test', version: '1.0.0' });
    await client.connect(transport);
  });
  afterAll(async () => {
    await client?.close();
    rmSync(project, { recursive: true, force: true });
  });

  it('starts, and every tool answers a non-retryable DATABASE_ERROR that says what to fix, not to retry', async () => {
    expect(stderr).toMatch(/database refused the connection.*does not exist/);
    const result = (await client.callTool({ name: 'list_work_items', arguments: {} })) as { isError?: boolean; content: { text: string }[] };
    expect(result.isError).toBe(true);
    const error = JSON.parse(result.content[0]!.text) as { code: string; message: string; details: Loose };
    expect(error).toMatchObject({ code: 'DATABASE_ERROR', details: { retryable: false, reason: 'database_misconfigured', code: '3D000' } });
    expect(error.message).toMatch(/database "ps_no_such_database_here" does not exist.*createdb/);
    expect(result.content[1]!.text).toMatch(/Retrying will not help/);
    expect(await ok(client, 'health_check')).toMatchObject({ healthy: false, status: 'down', layer: null });
  });
});
