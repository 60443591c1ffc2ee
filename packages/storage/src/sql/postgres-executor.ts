import type { SqlExecutor, SqlParam, TransactionalExecutor } from './executor.js';

/** The parts of knex we use (MikroORM's connection holds the instance). */
interface KnexLike {
  raw(sql: string, params: readonly SqlParam[]): Promise<{ rows: unknown[]; rowCount: number | null }> & { transacting?: unknown };
  transaction<T>(fn: (trx: KnexLike) => Promise<T>): Promise<T>;
}

function on(knex: KnexLike): SqlExecutor {
  return {
    engine: 'postgres',
    all: async <T>(sql: string, params: readonly SqlParam[] = []) => (await knex.raw(sql, params as SqlParam[])).rows as T[],
    get: async <T>(sql: string, params: readonly SqlParam[] = []) => (await knex.raw(sql, params as SqlParam[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlParam[] = []) => (await knex.raw(sql, params as SqlParam[])).rowCount ?? 0,
  };
}

/**
 * PostgreSQL through the knex pool MikroORM manages (`?` placeholders are
 * rewritten to `$n` by knex). Transactions run at READ COMMITTED: versioned
 * UPDATEs re-check their WHERE after waiting on a concurrent writer, which is
 * what makes optimistic locking safe; classes of writes whose checks span
 * rows (cycles, moves, claims, vendor names) also take a transaction-scoped
 * advisory lock.
 */
export class PostgresExecutor implements TransactionalExecutor {
  readonly engine = 'postgres' as const;
  private readonly direct: SqlExecutor;

  constructor(
    private readonly knex: KnexLike,
    private readonly onClose: () => Promise<void>,
  ) {
    this.direct = on(knex);
  }

  all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.direct.all<T>(sql, params);
  }

  get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return this.direct.get<T>(sql, params);
  }

  run(sql: string, params?: readonly SqlParam[]): Promise<number> {
    return this.direct.run(sql, params);
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, lockKey?: number): Promise<T> {
    return this.knex.transaction(async (trx) => {
      const tx = on(trx);
      if (lockKey !== undefined) await tx.all('select pg_advisory_xact_lock(?)', [lockKey]);
      return fn(tx);
    });
  }

  close(): Promise<void> {
    return this.onClose();
  }
}
