import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServedBy } from '@project-status/core';
import { openProjectStatus } from '../src/index.js';
import { POSTGRES_REQUIRED } from '../src/testing/index.js';
import { freePort } from '../src/testing/outage-proxy.js';

/**
 * Once, a real PostgreSQL server that stops and starts again (issue 12): a
 * throwaway cluster made with initdb and run with pg_ctl as the `postgres`
 * user, on its own port. The shared test server is never touched.
 */
const BIN = ['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin`).find((dir) => existsSync(join(dir, 'initdb')));

function unavailable(): string | null {
  if (!BIN) return 'no initdb under /usr/lib/postgresql/*/bin';
  if (process.getuid?.() !== 0) return 'starting a cluster as the postgres user needs root here (runuser)';
  try {
    execFileSync('runuser', ['-u', 'postgres', '--', 'true']);
  } catch (error) {
    return `cannot run as postgres: ${(error as Error).message}`;
  }
  return null;
}

const reason = unavailable();
if (reason) {
  if (POSTGRES_REQUIRED) throw new Error(`the throwaway PostgreSQL cluster test cannot run: ${reason}`);
  console.warn(`skipping the throwaway PostgreSQL cluster test: ${reason}`);
}

describe.skipIf(reason !== null)('a throwaway PostgreSQL cluster that stops and starts again', () => {
  let dir: string;
  let data: string;
  let port: number;
  const asPostgres = (args: string[]) => execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe', timeout: 60_000 });
  const start = () => asPostgres([join(BIN!, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  const stop = () => asPostgres([join(BIN!, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ps-cluster-'));
    chmodSync(dir, 0o755);
    chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    data = join(dir, 'data');
    port = await freePort();
    asPostgres([join(BIN!, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
    start();
  }, 120_000);
  afterAll(() => {
    try {
      stop();
    } catch {
      // already stopped
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers from the cache while the server is stopped, keeps queued writes across a restart of the client, and lands them once it runs again', async () => {
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const root = join(dir, 'project');
    const options = { databaseUrl: url, root, clientId: 'laptop', fallback: { probeIntervalMs: 50 }, postgres: { connectTimeoutMs: 1000 } };
    let ps = await openProjectStatus(options);
    const task = await ps.create_work_item({ item_type: 'task', title: 'survives a server stop' });
    await ps.fallback!.refresh();

    stop();
    let by: ServedBy | undefined;
    const read = await ps.query_work_item({ id: task.id }, { onServed: (s) => (by = s) });
    expect(read.item.title).toBe('survives a server stop');
    expect(by).toMatchObject({ data_source: 'cache' });
    const queued = await ps.update_work_item({ id: task.id, version: task.version, title: 'changed while stopped' }, { onServed: (s) => (by = s) });
    expect(by).toMatchObject({ queued: true, outbox_position: 1 });
    expect(queued.version).toBe(task.version + 1);
    await ps.close();

    ps = await openProjectStatus(options);
    try {
      expect((await ps.health_check({})).pending_outage_writes).toBe(1);
      start();
      expect((await ps.fallback!.drain()).remaining).toBe(0);
      const plain = await openProjectStatus({ databaseUrl: url, root });
      try {
        expect((await plain.query_work_item({ id: task.id })).item).toMatchObject({ title: 'changed while stopped', version: task.version + 1, updated_by: 'laptop' });
      } finally {
        await plain.close();
      }
    } finally {
      await ps.close();
    }
  }, 120_000);
});
