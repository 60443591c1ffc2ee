import type { Database } from 'better-sqlite3';
import type { SqlExecutor, SqlParam, TransactionalExecutor } from './executor.js';
import { fromDriver } from '../errors/translate.js';

/** Calls the driver, marking what it throws as a database failure (see `isDatabaseFailure`). */
async function driver<T>(call: () => T): Promise<T> {
  try {
    return call();
  } catch (error) {
    throw fromDriver(error);
  }
}

/** Statements on one better-sqlite3 connection, as it is (no queue, no busy retry: the host holds its transaction). */
export function sqliteSession(db: Database): SqlExecutor {
  return {
    engine: 'sqlite',
    all: <T>(sql: string, params: readonly SqlParam[] = []) => driver(() => db.prepare(sql).all(...params) as T[]),
    get: <T>(sql: string, params: readonly SqlParam[] = []) => driver(() => db.prepare(sql).get(...params) as T | undefined),
    run: (sql: string, params: readonly SqlParam[] = []) => driver(() => db.prepare(sql).run(...params).changes),
  };
}

/**
 * Runs the store on a connection inside a transaction someone else began and
 * will commit (a host's). Each of our own transactions becomes a savepoint:
 * a failed operation rolls back only its own writes and leaves the host's
 * transaction usable; what succeeded commits or rolls back with the host's.
 * Calls are serialised, since they share the one connection.
 */
export class SavepointExecutor implements TransactionalExecutor {
  readonly engine: SqlExecutor['engine'];
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly ex: SqlExecutor) {
    this.engine = ex.engine;
  }

  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.ex.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return this.ex.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<number> {
    return this.ex.run(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, lockKey?: number): Promise<T> {
    const run = async (): Promise<T> => {
      await this.ex.run('savepoint project_status');
      try {
        // Held until the host's transaction ends, like our own transactions' locks.
        if (lockKey !== undefined && this.engine === 'postgres') await this.ex.get('select pg_advisory_xact_lock(?)', [lockKey]);
        const result = await fn(this.ex);
        await this.ex.run('release savepoint project_status');
        return result;
      } catch (error) {
        await this.ex.run('rollback to savepoint project_status').catch(() => undefined);
        await this.ex.run('release savepoint project_status').catch(() => undefined);
        throw error;
      }
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** The connection and its transaction are the host's. */
  async close(): Promise<void> {}
}
