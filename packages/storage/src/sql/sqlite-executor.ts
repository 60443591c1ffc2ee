import { AsyncLocalStorage } from 'node:async_hooks';
import type { Database, Statement } from 'better-sqlite3';
import type { SqlExecutor, SqlParam, TransactionalExecutor } from './executor.js';
import { isReadOnlyFailure, readOnlyDatabaseError } from '../open/sqlite-read-only.js';
import { fromDriver, isDatabaseFailure } from '../errors/translate.js';

const BUSY_DEADLINE_MS = 10_000;

function isBusy(error: unknown): boolean {
  const code = (error as { code?: string }).code ?? '';
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * SQLite through the better-sqlite3 handle MikroORM opened: prepared
 * statements are cached per SQL text, so a hot read costs about what the raw
 * driver costs.
 *
 * Writers take `BEGIN IMMEDIATE`. The driver is synchronous, so waiting for a
 * lock held by another connection must not block the event loop (that
 * connection may live in this very process): `busy_timeout` is 0 and a busy
 * database is retried asynchronously with backoff.
 */
export class SqliteExecutor implements TransactionalExecutor {
  readonly engine = 'sqlite' as const;
  private readonly statements = new Map<string, Statement>();
  /** Tail of the queue of transactions on this connection. */
  private queue: Promise<unknown> = Promise.resolve();
  private inTransaction = false;
  /** Marks the async context of the running transaction (see `settled`). */
  private readonly context = new AsyncLocalStorage<SqliteExecutor>();

  /**
   * @param readOnly the file this connection reads without being able to
   *   write it: every write fails at once with a CONFLICT that says so.
   * @param file the database file, named in the error when a write meets a
   *   file that became read-only after opening.
   */
  constructor(
    private readonly db: Database,
    private readonly onClose: () => Promise<void>,
    private readonly file?: { path: string; readOnly: boolean },
  ) {}

  private refuseReadOnly(): void {
    if (this.file?.readOnly) throw readOnlyDatabaseError(this.file.path);
  }

  /** Only the driver's failures: a host's error thrown inside a transaction comes back as it is. */
  private explain(error: unknown): unknown {
    return this.file && isDatabaseFailure(error) && isReadOnlyFailure(error) ? readOnlyDatabaseError(this.file.path) : error;
  }

  private prepare(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  /**
   * Reads outside a transaction wait for one in progress on this connection,
   * so they never see uncommitted rows — unless they come from inside that
   * transaction's own work (code that used the store instead of the
   * transaction's view): waiting there would deadlock, and on the same
   * connection the read already sees the transaction's writes.
   */
  private async settled(): Promise<void> {
    if (this.context.getStore() === this) return;
    while (this.inTransaction) await this.queue.catch(() => undefined);
  }

  /** Calls the driver, marking what it throws as a database failure (see `isDatabaseFailure`). */
  private driver<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      throw fromDriver(error);
    }
  }

  private async retryBusy<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + BUSY_DEADLINE_MS;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        return this.driver(fn);
      } catch (error) {
        if (!isBusy(error) || Date.now() > deadline) throw error;
        await sleep(wait + Math.random() * wait);
      }
    }
  }

  private direct(): SqlExecutor {
    return {
      engine: 'sqlite',
      all: async <T>(sql: string, params: readonly SqlParam[] = []) => this.driver(() => this.prepare(sql).all(...params) as T[]),
      get: async <T>(sql: string, params: readonly SqlParam[] = []) => this.driver(() => this.prepare(sql).get(...params) as T | undefined),
      run: async (sql: string, params: readonly SqlParam[] = []) => this.driver(() => this.prepare(sql).run(...params).changes),
    };
  }

  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    if (this.inTransaction) await this.settled();
    return this.retryBusy(() => this.prepare(sql).all(...params) as T[]);
  }

  async get<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    if (this.inTransaction) await this.settled();
    return this.retryBusy(() => this.prepare(sql).get(...params) as T | undefined);
  }

  async run(sql: string, params: readonly SqlParam[] = []): Promise<number> {
    this.refuseReadOnly();
    if (this.inTransaction) await this.settled();
    return this.retryBusy(() => this.prepare(sql).run(...params).changes).catch((error: unknown) => {
      throw this.explain(error);
    });
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    // Every transaction here writes (reads go straight to the connection).
    this.refuseReadOnly();
    const run = async (): Promise<T> => {
      await this.retryBusy(() => this.prepare('BEGIN IMMEDIATE').run());
      this.inTransaction = true;
      try {
        const result = await this.context.run(this, () => fn(this.direct()));
        await this.retryBusy(() => this.prepare('COMMIT').run());
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.driver(() => this.prepare('ROLLBACK').run());
        throw this.explain(error);
      } finally {
        this.inTransaction = false;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  async close(): Promise<void> {
    await this.queue;
    this.statements.clear();
    await this.onClose();
  }
}
