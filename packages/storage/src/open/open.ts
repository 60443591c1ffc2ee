import { existsSync, mkdirSync } from 'node:fs';
import type { CustomTypesConfig } from 'pg';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { dirname } from 'node:path';
import { DatabaseError, ValidationError, type Operation, type ProjectStatus } from '@project-status/core';
import type { DatabaseTarget } from '../orm/config.js';
import { translateError } from '../errors/translate.js';
import { isInStateDir, keepStateOutOfGit } from '../files/state-gitignore.js';
import { pgResultTypes } from '../sql/pg-types.js';
import { explainTimeout, PostgresExecutor, type PoolLike } from '../sql/postgres-executor.js';
import { SqliteExecutor } from '../sql/sqlite-executor.js';
import { SqlStore } from '../sql/sql-store.js';
import { ChangeNotifier, PostgresListener, SqliteDataVersionPoller } from '../changes/change-notifier.js';
import { FEED_CHANNEL } from '../changes/change-queries.js';
import { resolveTarget, type ResolveOptions, type ResolvedTarget } from './config.js';
import { LEGACY_MIGRATIONS_TABLE, MIGRATIONS_TABLE, migrationNames } from '../migrations/names.js';
import { postgresConnectionUrl } from './schema.js';
import { checkHostSearchPath, hostTarget, hostTransactionExecutor, type HostConnection, type HostTransaction } from './host.js';
import { SavepointExecutor } from '../sql/session-executor.js';
import { openWhenAvailable } from './open-when-available.js';
import { openWithFallback, type FallbackOptions } from '../fallback/open-fallback.js';
import type { FallbackControl } from '../fallback/fallback-store.js';
import { bindOperations } from './bind.js';
import { canWriteSqlite, openSqliteReadOnly, readOnlyDatabaseError } from './sqlite-read-only.js';
import { ANSWER_MARGIN_MS, resolvePostgresSettings, type PostgresSettings } from './postgres-settings.js';

/** MikroORM (and its migrator) load only when a schema must change: a current database opens without them. */
const loadMigrator = () => import('./migrate.js');

export interface OpenOptions extends ResolveOptions, HostConnection {
  /** Default actor for writes that name none (`created_by`/`updated_by` win); wins over `clientId` in config.json. */
  clientId?: string;
  /** The actor when neither `clientId` nor config.json names one, e.g. `cli`, `mcp`, `http` (default `library`). */
  defaultClientId?: string;
  clock?: () => Date;
  newId?: () => string;
  /** Extra catalog operations (report, import, health). */
  extraOperations?: Record<string, Operation>;
  /**
   * When the database cannot be opened (unreachable, refusing): `throw` the DATABASE_ERROR
   * (default), or `defer`: return a handle anyway whose calls retry opening and fail with
   * the cause until it works, while `health_check` reports it. See {@link openWhenAvailable}.
   */
  whenUnavailable?: 'throw' | 'defer';
  /** With `defer`: least milliseconds between two attempts to open (default 1000). */
  reopenIntervalMs?: number;
  /**
   * Create a SQLite database (and its folders) that does not exist yet at an
   * explicitly named path (option, `PROJECT_STATUS_DATABASE_URL`,
   * config.json); `project-status init` sets it. Without it such a path must
   * exist: a typo fails instead of opening a new, empty database. The
   * default `.project-status/status.db` is always created on first use.
   */
  create?: boolean;
  /**
   * SQLite: open the file read-only — reads work, every write fails with a
   * CONFLICT (`reason: "read_only"`) naming the file. Automatic when this
   * process cannot write the file or its folder.
   */
  readOnly?: boolean;
  /**
   * PostgreSQL pool size and timeouts (see {@link PostgresSettings}); query
   * parameters of the URL (`?pool_size=20&statement_timeout_ms=5000`) win.
   */
  postgres?: Partial<PostgresSettings>;
  /**
   * Keep working when the database is down (docs/outage.md): reads fall
   * through the local cache `.project-status/cache.db`, git and markdown;
   * writes are queued and replayed when it answers again. `true` for the
   * defaults. Implies `whenUnavailable: 'defer'`.
   */
  fallback?: boolean | FallbackOptions;
}

/** The library handle: every operation as a method, plus where the data lives. */
export interface ProjectStatusHandle extends ProjectStatus {
  readonly root: string;
  readonly target: DatabaseTarget;
  readonly origin: ResolvedTarget['origin'];
  /** Migrations applied while opening (empty when the schema was current). */
  readonly appliedMigrations: readonly string[];
  /**
   * The operations, run inside a transaction the host has open (a
   * node-postgres client after `begin`, or the EntityManager of
   * `em.transactional`): what they write commits or rolls back with the
   * host's own writes. A failed operation undoes only its own writes.
   */
  inTransaction(tx: HostTransaction): Promise<ProjectStatus>;
  /** The outage fallback's controls, when opened with `fallback`. */
  readonly fallback?: FallbackControl;
}

/** Opens a SQLite store: the driver handle directly when the schema is current, MikroORM's migrator first when not. */
export async function openSqlite(file: string, wantReadOnly = false): Promise<{ store: SqlStore; applied: string[]; db?: SqliteDatabase }> {
  const readOnly = file !== ':memory:' && existsSync(file) && (wantReadOnly || !canWriteSqlite(file));
  if (file !== ':memory:' && !existsSync(file)) mkdirSync(dirname(file), { recursive: true });
  const { default: Database } = await import('better-sqlite3');
  const db = readOnly ? openSqliteReadOnly(Database, file) : new Database(file);
  // A reader cannot switch the journal mode; the file keeps the one its writer set.
  if (!readOnly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 0');
  let applied: string[] = [];
  const known = migrationNames('sqlite');
  const hasTable = (name: string) => db.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined;
  const done = hasTable(MIGRATIONS_TABLE) ? new Set((db.prepare(`select name from ${MIGRATIONS_TABLE}`).all() as { name: string }[]).map((r) => r.name)) : new Set<string>();
  // The migrator also moves rows an older version left in the legacy table.
  if (known.some((name) => !done.has(name)) || hasTable(LEGACY_MIGRATIONS_TABLE)) {
    if (readOnly) {
      db.close();
      throw readOnlyDatabaseError(file, known.filter((name) => !done.has(name)));
    }
    if (file === ':memory:') {
      // An in-memory database exists only on its own connection: migrate through MikroORM's, then keep using it.
      const { orm, applied: a } = await (await loadMigrator()).openMigratedOrm({ engine: 'sqlite', file });
      db.close();
      const knex = (orm.em.getConnection() as unknown as { getKnex(): { client: { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> } } }).getKnex();
      const raw = await knex.client.acquireConnection();
      await knex.client.releaseConnection(raw);
      return { store: new SqlStore(new SqliteExecutor(raw as never, () => orm.close(true))), applied: a };
    }
    const { orm, applied: a } = await (await loadMigrator()).openMigratedOrm({ engine: 'sqlite', file });
    await orm.close(true);
    applied = a;
  }
  const changes = new ChangeNotifier(new SqliteDataVersionPoller(() => db.pragma('data_version', { simple: true }) as number));
  return { store: new SqlStore(new SqliteExecutor(db, async () => void db.close(), { path: file, readOnly }), changes), applied, db };
}

/**
 * Opens a PostgreSQL pool (or runs on a host's: `hostPool`). Like SQLite, a
 * database whose schema is current opens without MikroORM (its start-up costs
 * ~0.4 s); the migrator runs only when a checked-in migration is missing.
 */
async function openPostgres(target: { url: string; schema?: string }, options: Partial<PostgresSettings> = {}, hostPool?: PoolLike): Promise<{ store: SqlStore; applied: string[] }> {
  const { url, settings } = resolvePostgresSettings(target.url, options);
  const { default: pg } = await import('pg');
  const types = await pgResultTypes();
  // A connect that hangs gives up after connectTimeoutMs; waiting for a busy pool (a FIFO queue) is bounded
  // apart by poolTimeoutMs — the pool applies its own timeout to both, so each client gets the shorter one.
  class BoundedClient extends pg.Client {
    constructor(config?: ConstructorParameters<typeof pg.Client>[0]) {
      super({ ...(config as object), connectionTimeoutMillis: settings.connectTimeoutMs });
    }
  }
  const pool =
    hostPool ??
    new pg.Pool({
      connectionString: postgresConnectionUrl({ url, schema: target.schema }),
      max: settings.poolSize,
      connectionTimeoutMillis: settings.poolTimeoutMs,
      Client: BoundedClient,
      // Server side: a statement or an idle transaction ends there; client side: a server that stopped answering.
      statement_timeout: settings.statementTimeoutMs,
      idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
      query_timeout: settings.statementTimeoutMs + ANSWER_MARGIN_MS,
      keepAlive: true,
      types: types as CustomTypesConfig,
    });
  // An idle client losing its server must not crash the process; the next query reports it.
  if (!hostPool) (pool as InstanceType<typeof pg.Pool>).on('error', () => undefined);
  try {
    if (hostPool && target.schema) await checkHostSearchPath(hostPool, target.schema);
    let done = new Set<string>();
    try {
      done = new Set(((await pool.query({ text: `select name from ${MIGRATIONS_TABLE}` })).rows as { name: string }[]).map((r) => r.name));
    } catch (error) {
      if ((error as { code?: string }).code !== '42P01') throw explainTimeout(error, settings); // 42P01: no migrations table yet
    }
    let applied: string[] = [];
    if (migrationNames('postgres').some((name) => !done.has(name))) {
      const { orm, applied: a } = await (await loadMigrator()).openMigratedOrm({ engine: 'postgres', url, schema: target.schema });
      await orm.close(true);
      applied = a;
    }
    // The feed's LISTEN connection: its own client, outside the pool, opened only while someone watches.
    const listenerUrl = postgresConnectionUrl({ url, schema: target.schema });
    const changes = new ChangeNotifier(new PostgresListener(() => new pg.Client({ connectionString: listenerUrl, connectionTimeoutMillis: settings.connectTimeoutMs, keepAlive: true, types: types as CustomTypesConfig }), FEED_CHANNEL));
    return { store: new SqlStore(new PostgresExecutor(pool, settings, { types, owned: !hostPool }), changes), applied };
  } catch (error) {
    if (!hostPool) await pool.end().catch(() => undefined);
    throw error;
  }
}

/** Where an explicitly named database came from, for the error that it does not exist. */

/**
 * Opening must never quietly become creating: a SQLite path someone typed
 * (option, environment, config.json) that does not exist is a typo until
 * `create` says otherwise, and opening it would hand back an empty database
 * (and new folders) that hides the real one. Only the default
 * `.project-status/status.db` is created on first use, as every surface promises.
 */
function assertCreatable(resolved: ResolvedTarget, create: boolean): void {
  const { target, origin } = resolved;
  if (target.engine !== 'sqlite' || target.file === ':memory:' || origin === 'default' || create || existsSync(target.file)) return;
  throw ValidationError.field(
    'databaseUrl',
    `there is no SQLite database at ${target.file} (named by ${URL_SOURCES[origin]}); check the path for a typo, or create the database there on purpose with \`project-status init\` (library: openProjectStatus({ create: true }))`,
    { path: target.file, origin, reason: 'database_missing' },
  );
}

/** Where the database URL came from, named as its user set it. */
const URL_SOURCES: Record<ResolvedTarget['origin'], string> = {
  option: 'the databaseUrl option (--database-url)',
  env: 'PROJECT_STATUS_DATABASE_URL',
  'config-file': 'databaseUrl in .project-status/config.json',
  default: 'the default location .project-status/status.db',
  host: 'the pool or ORM passed to openProjectStatus',
};

/**
 * Opens Project Status: resolves the project root and database (option →
 * `PROJECT_STATUS_DATABASE_URL` in `env` → `.project-status/config.json` →
 * `.project-status/status.db`), applies pending migrations, and returns every
 * operation bound to the store.
 *
 * @example
 * const ps = await openProjectStatus({ clientId: 'billing-service' });
 * const { items } = await ps.list_ready_work({});
 * await ps.close();
 */
export async function openProjectStatus(options: OpenOptions = {}): Promise<ProjectStatusHandle> {
  if (options.fallback) return openWithFallback(options, openProjectStatus);
  if (options.whenUnavailable === 'defer') return openWhenAvailable(options, openProjectStatus);
  const resolved = resolveTarget(options);
  const host = hostTarget(options, resolved.target.engine === 'postgres' ? resolved.target.schema : options.schema);
  if (host) Object.assign(resolved, { target: host.target, origin: 'host' });
  assertCreatable(resolved, options.create === true);
  mkdirSync(resolved.root, { recursive: true });
  let opened: { store: SqlStore; applied: string[] };
  try {
    opened = resolved.target.engine === 'sqlite' ? await openSqlite(resolved.target.file, options.readOnly) : await openPostgres(resolved.target, options.postgres, host?.pool);
  } catch (error) {
    const translated = translateError(error);
    if (translated instanceof DatabaseError) {
      const where = resolved.target.engine === 'sqlite' ? resolved.target.file : resolved.target.url.replace(/:[^:@/]*@/, ':***@');
      const message = translated.message.replaceAll('the database URL', URL_SOURCES[resolved.origin]);
      throw new DatabaseError(`could not open the ${resolved.target.engine} database at ${where} (from ${URL_SOURCES[resolved.origin]}): ${message}`, { ...translated.details, origin: resolved.origin }, error);
    }
    throw translated;
  }
  if (resolved.target.engine === 'sqlite' && isInStateDir(resolved.root, resolved.target.file)) {
    try {
      keepStateOutOfGit(resolved.root);
    } catch {
      // A read-only checkout can still be read; `project-status init` reports a failure to write the file.
    }
  }
  const bind = (store: SqlStore) => bindOperations(store, resolved, options);
  const { target } = resolved;
  const inTransaction = async (tx: HostTransaction) =>
    bind(new SqlStore(new SavepointExecutor(await hostTransactionExecutor(tx, target.engine, target.engine === 'postgres' ? target.schema : undefined))));
  return Object.assign(bind(opened.store), { root: resolved.root, target, origin: resolved.origin, appliedMigrations: opened.applied, inTransaction });
}
