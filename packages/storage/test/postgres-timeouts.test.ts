import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError, ValidationError } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../src/open/open.js';
import { resolvePostgresSettings } from '../src/open/postgres-settings.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '../src/testing/databases.js';

/**
 * A TCP proxy in front of PostgreSQL that can freeze: it stops forwarding in
 * both directions without closing anything — the server looks alive and
 * never answers, as a hung host or a dropped route does.
 */
class FreezingProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private frozen = false;
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      client.pipe(upstream);
      upstream.pipe(client);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => this.sockets.delete(s));
        if (this.frozen) s.pause(); // after pipe(), which would resume it
      }
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
  }

  freeze(): void {
    this.frozen = true;
    for (const s of this.sockets) s.pause();
  }

  thaw(): void {
    this.frozen = false;
    for (const s of this.sockets) s.resume();
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('PostgreSQL settings from the URL and the open options', () => {
  it('reads pool size and timeouts from the URL, over the options, and hands the driver a URL without them', () => {
    const { url, settings } = resolvePostgresSettings('postgres://u@h:5432/db?pool_size=3&statement_timeout_ms=700&sslmode=disable', { poolSize: 7, connectTimeoutMs: 900 });
    expect(settings).toMatchObject({ poolSize: 3, statementTimeoutMs: 700, connectTimeoutMs: 900, idleInTransactionTimeoutMs: 60_000, poolTimeoutMs: 60_000 });
    expect(url).toBe('postgres://u@h:5432/db?sslmode=disable');
  });

  it('refuses a bad value with a validation error that names it', () => {
    expect(() => resolvePostgresSettings('postgres://h/db?pool_size=0')).toThrow(ValidationError);
    expect(() => resolvePostgresSettings('postgres://h/db?statement_timeout_ms=soon')).toThrow(/statement_timeout_ms in the database URL must be a whole number of milliseconds/);
    expect(() => resolvePostgresSettings('postgres://h/db', { poolSize: 1.5 })).toThrow(/the poolSize option/);
  });
});

const pgReason = await postgresUnavailableReason();
// Reason kept visible in the output: this machine has no PostgreSQL (never skipped under CI).
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] PostgreSQL that stops answering: ${pgReason}`);

(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('a PostgreSQL that stops answering', () => {
  let db: TestDatabase;
  let proxy: FreezingProxy;
  let ps: ProjectStatusHandle;

  beforeAll(async () => {
    db = await createPostgresDatabase('frozen');
    await (await openProjectStatus({ databaseUrl: db.url, root: db.root })).close(); // migrate directly
    const direct = new URL(db.url);
    proxy = new FreezingProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    await proxy.start();
    const through = new URL(db.url);
    through.host = `127.0.0.1:${proxy.port}`;
    through.searchParams.set('statement_timeout_ms', '400');
    ps = await openProjectStatus({ databaseUrl: through.toString(), root: db.root, clientId: 'test', postgres: { connectTimeoutMs: 400, poolSize: 1 } }); // one connection: the first call after the freeze must use the open one
  });

  afterAll(async () => {
    await ps?.close().catch(() => undefined);
    await proxy?.stop();
    await db?.drop();
  });

  it('fails a call with a retryable error that says how long it waited, and health_check reports it unhealthy', { timeout: 30_000 }, async () => {
    const item = await ps.create_work_item({ item_type: 'task', title: 'before the freeze' });
    proxy.freeze();
    try {
      // Bounded, not hanging: without timeouts these calls never settle while the proxy is frozen.
      // One statement on the one open connection: the server never answers it (400 ms statement timeout + 1 s).
      const one = await ps.query_work_item({ id: item.id }).catch((e: unknown) => e);
      expect(one).toBeInstanceOf(DatabaseError);
      expect((one as DatabaseError).message).toContain('the PostgreSQL database did not answer in 1400 ms');
      expect((one as DatabaseError).details).toMatchObject({ retryable: true, code: 'ANSWER_TIMEOUT', timeout_ms: 1400 });
      // New connections cannot log in either (400 ms connect timeout).
      const read = await ps.list_work_items({}).catch((e: unknown) => e);
      expect(read).toBeInstanceOf(DatabaseError);
      expect((read as DatabaseError).message).toContain('the PostgreSQL database did not answer a new connection in 400 ms');
      expect((read as DatabaseError).details).toMatchObject({ retryable: true });

      const write = await ps.update_work_item({ id: item.id, version: 1, title: 'during the freeze' }).catch((e: unknown) => e);
      expect(write).toBeInstanceOf(DatabaseError);
      expect((write as DatabaseError).details).toMatchObject({ retryable: true });

      const health = await ps.health_check({});
      expect(health.healthy).toBe(false);
      expect(health.warnings.join(' ')).toMatch(/did not answer/);
    } finally {
      proxy.thaw();
    }
    // Once it answers again, so does the store (broken connections were dropped, not reused).
    await expect(ps.query_work_item({ id: item.id })).resolves.toMatchObject({ item: { title: 'before the freeze' } });
    expect((await ps.health_check({})).healthy).toBe(true);
  });

  it('gives up on a statement the server runs too long (statement_timeout) and keeps working', { timeout: 30_000 }, async () => {
    const store = await openProjectStatus({ databaseUrl: `${db.url}${db.url.includes('?') ? '&' : '?'}statement_timeout_ms=200`, root: db.root });
    try {
      // A write that has to wait for a lock held longer than the statement timeout.
      const holder = await openProjectStatus({ databaseUrl: db.url, root: db.root });
      try {
        const item = await holder.create_work_item({ item_type: 'task', title: 'locked' });
        const { default: pg } = await import('pg');
        const locker = new pg.Client({ connectionString: db.url });
        await locker.connect();
        try {
          await locker.query('begin');
          await locker.query('select 1 from work_items where id = $1 for update', [item.id]);
          const error = await store.update_work_item({ id: item.id, version: 1, title: 'waits' }).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DatabaseError);
          expect((error as DatabaseError).message).toContain('ran longer than 200 ms');
          expect((error as DatabaseError).details).toMatchObject({ retryable: true, code: '57014' });
          await locker.query('rollback');
        } finally {
          await locker.end();
        }
        await expect(store.update_work_item({ id: item.id, version: 1, title: 'now' })).resolves.toMatchObject({ version: 2 });
      } finally {
        await holder.close();
      }
    } finally {
      await store.close();
    }
  });
});
