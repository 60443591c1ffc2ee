import type { Database } from 'better-sqlite3';
import { ConflictError, type DataSource, type PingResult, type Store, type Snapshot, type StoreWriter, type TransactionLock, type WorkItem, type WorkItemQuery } from '@project-status/core';
import { placeholders } from '../sql/fragments.js';
import { DEP_COLUMNS } from '../sql/graph-queries.js';
import { WORK_ITEM_COLUMNS } from '../sql/mappers.js';
import { asNewDeployment } from '../sql/vendor-deployment-queries.js';
import { workItemParams } from '../sql/work-item-queries.js';
import { SqliteExecutor } from '../sql/sqlite-executor.js';
import { SqlStore } from '../sql/sql-store.js';
import type { LayerSource } from './layer.js';
import { fallbackSchema } from './sqlite-schema.js';

/** What a fallback view holds: the rows of a {@link Snapshot} (the markdown layer fills only some). */
export type SnapshotData = Pick<Snapshot, 'vendors' | 'work_items' | 'dependencies' | 'deployments' | 'enhancements'> & {
  /** Null: the source did not say; the defaults are served, as for a store nobody configured. */
  configuration: Snapshot['configuration'] | null;
};

/** How a fallback view names itself in the error a write gets. */
export interface SnapshotStoreOptions {
  source: Exclude<LayerSource, 'cache'>;
  /** What the data is, for messages: "the snapshot committed in 1a2b3c4 at 2026-…". */
  describe: string;
  /** ISO time the data reflects, when known. */
  as_of: string | null;
}

/**
 * The error every write to a git or markdown fallback view gets: nothing was
 * written, and retrying the same call against the same view cannot help —
 * the data is a copy of a file, not a database. `CONFLICT`, not
 * `DATABASE_ERROR`, because the latter tells clients to retry.
 */
export function readOnlyFallbackError(options: SnapshotStoreOptions): ConflictError {
  return new ConflictError(
    `the database is unavailable and this answer comes from a read-only ${options.source} fallback (${options.describe}), so nothing was written; write again once the database answers (health_check shows when)`,
    { reason: 'read_only_fallback', data_source: options.source, as_of: options.as_of, retryable: false },
  );
}

/**
 * The SQL store over an in-memory copy of the data, with the engine set to
 * the layer that served it and every write refused. Reads run the same SQL as
 * the primary's, so every read operation of the catalog works unchanged.
 */
class SnapshotStore extends SqlStore {
  override readonly engine: DataSource;

  constructor(
    executor: SqliteExecutor,
    private readonly options: SnapshotStoreOptions,
    private readonly db: Database,
    /** The statement that fills the full-text index, until the first search ran it. */
    private fullText: string,
  ) {
    super(executor);
    this.engine = options.source;
  }

  /** Whether the full-text index still waits for the first search (see `FallbackSchema.fullText`). */
  get fullTextPending(): boolean {
    return this.fullText !== '';
  }

  override searchWorkItems(query: string, filter: WorkItemQuery, page: { limit: number; offset: number }) {
    if (this.fullText) {
      const fill = this.fullText;
      this.fullText = '';
      this.db.pragma('query_only = OFF');
      try {
        this.db.exec(fill);
      } finally {
        this.db.pragma('query_only = ON');
      }
    }
    return super.searchWorkItems(query, filter, page);
  }

  override transaction<T>(_fn: (tx: StoreWriter) => Promise<T>, _options?: { lock?: TransactionLock }): Promise<T> {
    return Promise.reject(readOnlyFallbackError(this.options));
  }

  /** A view of a file has no database behind it to reach. */
  override async ping(): Promise<PingResult> {
    return { ok: false, latency_ms: 0, outage: true, error: `no database answers here: this is a read-only ${this.options.source} fallback (${this.options.describe})` };
  }
}

/**
 * Loads `data` into a fresh in-memory SQLite database (the schema of the
 * checked-in migrations, see ./sqlite-schema.ts; indexes are built after the
 * rows are in, the full-text index on the first search) and returns it as a
 * read-only {@link Store} whose `engine` is `options.source`.
 *
 * Foreign keys are not enforced while loading: a snapshot edited by hand or
 * cut short still answers for the rows it has (a deployment naming a vendor
 * the file lacks keeps the link, as the primary would have). After loading,
 * the connection is `query_only`, so even a write that got past
 * `transaction` could not change it.
 *
 * @example
 * const store = await openSnapshotStore(snapshot, { source: 'git', describe: 'snapshot of 1a2b3c4', as_of });
 * const ps = createProjectStatus({ store });
 * await ps.list_ready_work({});
 */
export async function openSnapshotStore(data: SnapshotData, options: SnapshotStoreOptions): Promise<Store> {
  const [{ default: Sqlite }, schema] = await Promise.all([import('better-sqlite3'), fallbackSchema()]);
  const db = new Sqlite(schema.image);
  db.pragma('foreign_keys = OFF');
  const loader = new SqlStore(new SqliteExecutor(db, async () => undefined));
  try {
    // Parents first, as the primary stored them (and as any reader of paths expects).
    const clashing = loadWorkItems(db, [...data.work_items].sort((a, b) => a.depth - b.depth));
    loadDependencies(db, data.dependencies);
    await loader.transaction(async (tx) => {
      await tx.insertVendors(data.vendors);
      // Only a hand-edited snapshot has these: the store's insert gives each the shortest free short id.
      if (clashing.length) await tx.insertWorkItems(clashing);
      if (data.deployments.length) await tx.insertDeployments(data.deployments.map(asNewDeployment));
      if (data.enhancements.length) await tx.insertEnhancements(data.enhancements);
      // Never written (version 0): no row, so reads answer the defaults exactly as the primary did.
      const config = data.configuration;
      if (config && config.version > 0) await tx.saveConfiguration({ ...config, updated_at: config.updated_at ?? options.as_of ?? new Date(0).toISOString(), updated_by: config.updated_by ?? options.source }, 0);
    });
    // Inserting starts the singleton at version 1; a client reading it here must see the version it has.
    if (data.configuration && data.configuration.version > 0) db.prepare('update project_configuration set version = ? where id = 1').run(data.configuration.version);
    db.exec(schema.afterLoad);
    db.pragma('query_only = ON');
  } catch (error) {
    db.close();
    throw error;
  }
  return new SnapshotStore(new SqliteExecutor(db, async () => void db.close()), options, db, schema.fullText);
}

/**
 * Inserts the snapshot's work items with one prepared statement in one
 * synchronous transaction of the driver — at 120 000 items the bulk of a
 * view's load, where going through the store's async multi-row insert (a
 * statement built, run and its RETURNING rows read per 40 items) cost about
 * twice the driver's own time. Items whose short id another one already
 * holds (only in a snapshot edited by hand) are returned, not inserted.
 */
function loadWorkItems(db: Database, items: readonly WorkItem[]): WorkItem[] {
  const insert = db.prepare(`insert into work_items (${WORK_ITEM_COLUMNS}) values ${placeholders(WORK_ITEM_COLUMNS.split(', '))} on conflict (short_id) do nothing`);
  const clashing: WorkItem[] = [];
  db.transaction(() => {
    for (const item of items) if (insert.run(workItemParams(item)).changes === 0) clashing.push(item);
  })();
  return clashing;
}

/** The dependency edges, likewise (23 000 at 100×: one awaited statement each cost a few hundred ms). */
function loadDependencies(db: Database, deps: Snapshot['dependencies']): void {
  const insert = db.prepare(`insert into work_item_dependencies (${DEP_COLUMNS}) values (?, ?, ?, ?, ?, ?)`);
  db.transaction(() => {
    for (const d of deps) insert.run(d.id, d.source_id, d.target_id, d.dependency_type, d.created_at, d.created_by);
  })();
}

export type { SnapshotStore };
