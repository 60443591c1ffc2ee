import { existsSync, mkdirSync } from 'node:fs';
import type { CustomTypesConfig } from 'pg';
import { dirname } from 'node:path';
import { createProjectStatus, DatabaseError, ValidationError, type Operation, type ProjectStatus } from '@project-status/core';
import type { DatabaseTarget } from '../orm/config.js';
import { translateError } from '../errors/translate.js';
import { createProjectFiles } from '../files/project-files.js';
import { isInStateDir, keepStateOutOfGit } from '../files/state-gitignore.js';
import { pgUtcTimestampToIso } from '../sql/mappers.js';
import { explainTimeout, PostgresExecutor } from '../sql/postgres-executor.js';
import { SqliteExecutor } from '../sql/sqlite-executor.js';
import { SqlStore } from '../sql/sql-store.js';
import { resolveTarget, type ResolveOptions, type ResolvedTarget } from './config.js';
import { migrationNames } from '../migrations/names.js';
import { openWhenAvailable } from './open-when-available.js';
import { canWriteSqlite, openSqliteReadOnly, readOnlyDatabaseError } from './sqlite-read-only.js';
import { ANSWER_MARGIN_MS, resolvePostgresSettings, type PostgresSettings } from './postgres-settings.js';

/** MikroORM (and its migrator) load only when a schema must change: a current database opens without them. */
const loadMigrator = () => import('./migrate.js');

export interface OpenOptions extends ResolveOptions {
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
}

/** The library handle: every operation as a method, plus where the data lives. */
export interface ProjectStatusHandle extends ProjectStatus {
  readonly root: string;
  readonly target: DatabaseTarget;
  readonly origin: ResolvedTarget['origin'];
  /** Migrations applied while opening (empty when the schema was current). */
  readonly appliedMigrations: readonly string[];
}

/** Opens a SQLite store: the driver handle directly when the schema is current, MikroORM's migrator first when not. */
async function openSqlite(file: string, wantReadOnly = false): Promise<{ store: SqlStore; applied: string[] }> {
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
  const hasTable = db.prepare(`select 1 from sqlite_master where type = 'table' and name = 'mikro_orm_migrations'`).get();
  const done = hasTable ? new Set((db.prepare('select name from mikro_orm_migrations').all() as { name: string }[]).map((r) => r.name)) : new Set<string>();
  if (known.some((name) => !done.has(name))) {
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
  return { store: new SqlStore(new SqliteExecutor(db, async () => void db.close(), { path: file, readOnly })), applied };
}

/** PostgreSQL's type OID of `timestamptz`. */
const TIMESTAMPTZ_OID = 1184;

/**
 * Opens a PostgreSQL pool. Like SQLite, a database whose schema is current
 * opens without MikroORM (its start-up costs ~0.4 s); the migrator runs only
 * when a checked-in migration is missing.
 */
async function openPostgres(givenUrl: string, options: Partial<PostgresSettings> = {}): Promise<{ store: SqlStore; applied: string[] }> {
  const { url, settings } = resolvePostgresSettings(givenUrl, options);
  const { default: pg } = await import('pg');
  const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
  const timestamptz = (text: string) => pgUtcTimestampToIso(text) ?? parseTimestamptz(text);
  // timestamptz arrives as the canonical ISO string the mappers pass through; everything else as pg parses it.
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMPTZ_OID && format !== 'binary' ? timestamptz : pg.types.getTypeParser(oid, format)),
  };
  // A connect that hangs gives up after connectTimeoutMs; waiting for a busy pool (a FIFO queue) is bounded
  // apart by poolTimeoutMs — the pool applies its own timeout to both, so each client gets the shorter one.
  class BoundedClient extends pg.Client {
    constructor(config?: ConstructorParameters<typeof pg.Client>[0]) {
      super({ ...(config as object), connectionTimeoutMillis: settings.connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
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
  pool.on('error', () => undefined);
  try {
    let done = new Set<string>();
    try {
      done = new Set((await pool.query<{ name: string }>('select name from mikro_orm_migrations')).rows.map((r) => r.name));
    } catch (error) {
      if ((error as { code?: string }).code !== '42P01') throw explainTimeout(error, settings); // 42P01: no migrations table yet
    }
    let applied: string[] = [];
    if (migrationNames('postgres').some((name) => !done.has(name))) {
      const { orm, applied: a } = await (await loadMigrator()).openMigratedOrm({ engine: 'postgres', url });
      await orm.close(true);
      applied = a;
    }
    return { store: new SqlStore(new PostgresExecutor(pool, settings)), applied };
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}

/** Where an explicitly named database came from, for the error that it does not exist. */
const NAMED_BY: Record<ResolvedTarget['origin'], string> = {
  option: 'the database URL option (--database-url)',
  env: 'PROJECT_STATUS_DATABASE_URL',
  'config-file': 'databaseUrl in .project-status/config.json',
  default: 'the default location',
};

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
    `there is no SQLite database at ${target.file} (named by ${NAMED_BY[origin]}); check the path for a typo, or create the database there on purpose with \`project-status init\` (library: openProjectStatus({ create: true }))`,
    { path: target.file, origin, reason: 'database_missing' },
  );
}

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
  if (options.whenUnavailable === 'defer') return openWhenAvailable(options, openProjectStatus);
  const resolved = resolveTarget(options);
  assertCreatable(resolved, options.create === true);
  mkdirSync(resolved.root, { recursive: true });
  let opened: { store: SqlStore; applied: string[] };
  try {
    opened = resolved.target.engine === 'sqlite' ? await openSqlite(resolved.target.file, options.readOnly) : await openPostgres(resolved.target.url, options.postgres);
  } catch (error) {
    const translated = translateError(error);
    if (translated instanceof DatabaseError) {
      const where = resolved.target.engine === 'sqlite' ? resolved.target.file : resolved.target.url.replace(/:[^:@/]*@/, ':***@');
      throw new DatabaseError(`could not open the ${resolved.target.engine} database at ${where}: ${translated.message}`, { ...translated.details, origin: resolved.origin }, error);
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
  const api = createProjectStatus({
    store: opened.store,
    clientId: options.clientId ?? resolved.configFile.clientId ?? options.defaultClientId,
    clock: options.clock,
    newId: options.newId,
    extraOperations: options.extraOperations,
    files: createProjectFiles(resolved.root),
  });
  return Object.assign(api, { root: resolved.root, target: resolved.target, origin: resolved.origin, appliedMigrations: opened.applied });
}
