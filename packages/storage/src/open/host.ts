import { ValidationError } from '@project-status/core';
import type { DatabaseTarget } from '../orm/config.js';
import { pgResultTypes } from '../sql/pg-types.js';
import { DEFAULT_POSTGRES_SETTINGS } from './postgres-settings.js';
import { on, type PoolLike, type Queryable } from '../sql/postgres-executor.js';
import { sqliteSession } from '../sql/session-executor.js';
import type { SqlExecutor } from '../sql/executor.js';

/**
 * What a host hands `openProjectStatus` to share its database: a
 * node-postgres pool, or its MikroORM (the instance or an EntityManager).
 */
export interface HostConnection {
  /** PostgreSQL: a node-postgres `Pool` of the host's. Its size is the host's; `close()` leaves it open. */
  pool?: PoolLike & { options?: PgPoolOptions };
  /** A host's MikroORM, or its `EntityManager`: PostgreSQL runs on its connection pool, SQLite on its database file. */
  orm?: MikroOrmLike;
}

interface PgPoolOptions {
  connectionString?: string;
  host?: string;
  port?: number | string;
  user?: string;
  password?: unknown;
  database?: string;
}

/** The part of MikroORM's `MikroORM` / `EntityManager` used here. */
export type MikroOrmLike = { em: EntityManagerLike } | EntityManagerLike;

interface EntityManagerLike {
  getConnection(): unknown;
  getTransactionContext?(): unknown;
}

const entityManager = (orm: MikroOrmLike): EntityManagerLike => ('em' in orm ? orm.em : orm);

interface KnexClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  config?: { client?: unknown };
}

interface MikroConnection {
  getKnex(): { client: KnexClient };
  getConnectionOptions(): PgPoolOptions;
  config: { get(key: string): unknown };
  getPlatform(): { constructor: { name: string } };
}

function urlFrom(parts: PgPoolOptions, field: string): string {
  if (parts.connectionString) return parts.connectionString;
  if (parts.password !== undefined && typeof parts.password !== 'string') {
    throw ValidationError.field(field, 'give the pool its password as a string (or a connectionString): the migrator opens its own connection with it');
  }
  const url = new URL('postgres://localhost');
  url.hostname = parts.host ?? 'localhost';
  url.port = String(parts.port ?? 5432);
  url.username = encodeURIComponent(parts.user ?? '');
  url.password = encodeURIComponent(parts.password ?? '');
  url.pathname = `/${encodeURIComponent(parts.database ?? '')}`;
  return url.toString();
}

const isPostgres = (conn: MikroConnection) => /postgre/i.test(conn.getPlatform().constructor.name);

/**
 * Where a host's pool or ORM points (for the migrator, which runs on a
 * connection of its own and only when a migration is pending), and the
 * pool-like our PostgreSQL store runs on.
 */
export function hostTarget(host: HostConnection, schema: string | undefined): { target: DatabaseTarget; pool?: PoolLike } | undefined {
  if (host.pool && host.orm) throw ValidationError.field('pool', 'pass a pool or an orm, not both');
  if (host.pool) return { target: { engine: 'postgres', url: urlFrom(host.pool.options ?? {}, 'pool'), ...(schema ? { schema } : {}) }, pool: host.pool };
  if (!host.orm) return undefined;
  const conn = entityManager(host.orm).getConnection() as MikroConnection;
  if (!isPostgres(conn)) {
    // SQLite: our own connection to the same file (WAL lets both write); ps.inTransaction runs on the host's.
    const file = String(conn.config.get('dbName'));
    if (!file || file === ':memory:') throw ValidationError.field('orm', "an in-memory SQLite database lives on the host's one connection; give it a file, or use ps.inTransaction(em)");
    return { target: { engine: 'sqlite', file } };
  }
  const client = conn.getKnex().client;
  const pool: PoolLike = {
    query: async (config) => {
      const c = (await client.acquireConnection()) as Queryable;
      try {
        return await c.query(config);
      } finally {
        await client.releaseConnection(c);
      }
    },
    connect: async () => {
      const c = (await client.acquireConnection()) as Queryable;
      return { query: (config) => c.query(config), release: () => void client.releaseConnection(c) };
    },
    end: async () => undefined,
  };
  return { target: { engine: 'postgres', url: urlFrom(conn.getConnectionOptions(), 'orm'), ...(schema ? { schema } : {}) }, pool };
}

/**
 * A host's pool cannot be switched to our schema per query: its sessions must
 * already have it first in `search_path`.
 */
export async function checkHostSearchPath(pool: PoolLike, schema: string): Promise<void> {
  const row = (await pool.query({ text: `select current_setting('search_path') as path` })).rows[0] as { path: string };
  const first = row.path.split(',')[0]?.trim().replace(/^"|"$/g, '');
  if (first !== schema) {
    throw ValidationError.field('schema', `the pool's search_path is "${row.path}"; create it with options: '-c search_path=${schema}' so that every session uses the schema "${schema}"`, { schema });
  }
}

/**
 * The connection of a transaction the host has open: a node-postgres client
 * (after its `begin`), or a MikroORM EntityManager inside `em.transactional`.
 */
export type HostTransaction = Queryable | MikroOrmLike;

/** Our statements on the host transaction's connection. */
export async function hostTransactionExecutor(tx: HostTransaction, engine: DatabaseTarget['engine'], schema: string | undefined): Promise<SqlExecutor> {
  let connection: unknown = tx;
  if ('em' in tx || 'getTransactionContext' in tx) {
    const trx = entityManager(tx as MikroOrmLike).getTransactionContext?.() as { client?: KnexClient } | undefined;
    if (!trx?.client) throw ValidationError.field('transaction', 'pass the EntityManager that em.transactional(...) gives its callback (this one has no transaction open)');
    connection = await trx.client.acquireConnection();
  }
  const c = connection as { prepare?: unknown; query?: unknown };
  if (engine === 'sqlite' && typeof c.prepare === 'function') return sqliteSession(connection as never);
  if (engine === 'postgres' && typeof c.query === 'function') {
    const ex = on(connection as Queryable, DEFAULT_POSTGRES_SETTINGS, await pgResultTypes());
    // Our schema first for the rest of the host's transaction (`set local` ends with it), the host's path after it.
    if (schema) await ex.run(`select set_config('search_path', ? || ', ' || current_setting('search_path'), true)`, [schema]);
    return ex;
  }
  throw ValidationError.field('transaction', `this store is ${engine}; pass ${engine === 'postgres' ? 'a node-postgres client in a transaction, or a MikroORM EntityManager' : 'a MikroORM EntityManager'} inside a transaction on the same database`);
}
