import type { Pool, PoolClient } from 'pg';
import { isKeyed, type SqlExecutor, type SqlParam, type TransactionalExecutor } from './executor.js';

/** Statement text → its `$n` form and the name it is prepared under. */
const statements = new Map<string, { text: string; name: string | undefined }>();
/** Distinct texts remembered; beyond this, new ones are converted on every call (no unbounded growth). */
const MAX_REMEMBERED = 2000;
let named = 0;

/**
 * The `$n` text of a statement and, for a {@link keyed} one, a name:
 * node-postgres then prepares it once per connection, and PostgreSQL's default
 * plan cache mode settles on one generic plan after five executions (planning
 * the recursive CTEs costs more than running them). Other statements run
 * unnamed, which PostgreSQL plans for their actual parameter values.
 * A name is never reused for another text.
 */
function statement(sql: string): { text: string; name: string | undefined } {
  const known = statements.get(sql);
  if (known) return known;
  let n = 0;
  let quote: string | null = null;
  let text = '';
  for (const ch of sql) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
    } else if (ch === '?') {
      text += `$${++n}`;
      continue;
    }
    text += ch;
  }
  const entry = { text, name: isKeyed(sql) ? `ps_${++named}` : undefined };
  // Keyed texts are few by contract and must keep their name; others are only a conversion cache.
  if (entry.name || statements.size < MAX_REMEMBERED) statements.set(sql, entry);
  return entry;
}

/**
 * `?` placeholders → `$1, $2, …` (PostgreSQL's syntax), skipping quoted
 * strings and identifiers. Our SQL never uses the jsonb `?` operators.
 */
export function toPositional(sql: string): string {
  return statement(sql).text;
}

/** A node-postgres client or pool (ours or a host's). */
export interface Queryable {
  query(config: { name?: string; text: string; values?: unknown[]; types?: unknown }): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** A node-postgres pool: `connect` hands out a client to run a transaction on. */
export interface PoolLike extends Queryable {
  connect(): Promise<Queryable & { release(error?: Error | boolean): void }>;
  end(): Promise<void>;
}

/**
 * Statements on one client or pool. `types` (the result parsers the mappers
 * expect) goes with every query, so a host's pool or client with parsers of
 * its own (MikroORM's, say) reads our rows the same way ours does.
 */
export function on(db: Queryable, types?: unknown): SqlExecutor {
  const query = (sql: string, params: readonly SqlParam[]) => {
    const { text, name } = statement(sql);
    return db.query(types ? { name, text, values: params as unknown[], types } : { name, text, values: params as unknown[] });
  };
  return {
    engine: 'postgres',
    all: async <T>(sql: string, params: readonly SqlParam[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlParam[] = []) => (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql: string, params: readonly SqlParam[] = []) => (await query(sql, params)).rowCount ?? 0,
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

  /** `owned: false` for a host's pool: `close` then leaves it open. */
  constructor(
    private readonly pool: Pool | PoolLike,
    private readonly options: { types?: unknown; owned?: boolean } = {},
  ) {
    this.direct = on(pool, options.types);
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
    const client = (await this.pool.connect()) as PoolClient;
    try {
      await client.query('begin');
      if (lockKey !== undefined) await client.query('select pg_advisory_xact_lock($1)', [lockKey]);
      const result = await fn(on(client, this.options.types));
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
    return this.options.owned === false ? Promise.resolve() : this.pool.end();
  }
}
