import type { Pool, PoolClient } from 'pg';
import type { SqlExecutor, SqlParam, TransactionalExecutor } from './executor.js';

const converted = new Map<string, string>();

/**
 * `?` placeholders → `$1, $2, …` (PostgreSQL's syntax), skipping quoted
 * strings and identifiers. Our SQL never uses the jsonb `?` operators. Cached
 * per statement text.
 */
export function toPositional(sql: string): string {
  let out = converted.get(sql);
  if (out !== undefined) return out;
  let n = 0;
  let quote: string | null = null;
  out = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      out += `$${++n}`;
      continue;
    }
    out += ch;
  }
  if (converted.size > 1000) converted.clear();
  converted.set(sql, out);
  return out;
}

interface Queryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

function on(db: Queryable): SqlExecutor {
  return {
    engine: 'postgres',
    all: async <T>(sql: string, params: readonly SqlParam[] = []) => (await db.query(toPositional(sql), params as unknown[])).rows as T[],
    get: async <T>(sql: string, params: readonly SqlParam[] = []) => (await db.query(toPositional(sql), params as unknown[])).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlParam[] = []) => (await db.query(toPositional(sql), params as unknown[])).rowCount ?? 0,
  };
}

/**
 * PostgreSQL through a node-postgres pool. Transactions run at READ
 * COMMITTED: a versioned UPDATE that waited on a concurrent writer re-checks
 * its WHERE clause, which is what makes optimistic locking safe; classes of
 * writes whose checks span rows (cycles, moves, claims, vendor names) also
 * take a transaction-scoped advisory lock.
 */
export class PostgresExecutor implements TransactionalExecutor {
  readonly engine = 'postgres' as const;
  private readonly direct: SqlExecutor;

  constructor(private readonly pool: Pool) {
    this.direct = on(pool);
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

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, lockKey?: number): Promise<T> {
    const client: PoolClient = await this.pool.connect();
    try {
      await client.query('begin');
      if (lockKey !== undefined) await client.query('select pg_advisory_xact_lock($1)', [lockKey]);
      const result = await fn(on(client));
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
