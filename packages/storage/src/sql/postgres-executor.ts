import type { Pool, PoolClient } from 'pg';
import { DatabaseError } from '@project-status/core';
import { ANSWER_MARGIN_MS, DEFAULT_POSTGRES_SETTINGS, type PostgresSettings } from '../open/postgres-settings.js';
import { fromDriver } from '../errors/translate.js';
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

/**
 * A timeout of the driver or the server as a retryable DatabaseError that
 * says which bound was hit; anything else unchanged (translateError handles it).
 */
export function explainTimeout(error: unknown, settings: PostgresSettings): unknown {
  const message = (error as Error)?.message ?? '';
  const code = (error as { code?: string })?.code;
  const retry = (text: string, extra: Record<string, unknown>) => new DatabaseError(`${text}; retry`, { retryable: true, ...extra }, error);
  if (message === 'Query read timeout') {
    const ms = settings.statementTimeoutMs + ANSWER_MARGIN_MS;
    return retry(`the PostgreSQL database did not answer in ${ms} ms (it is overloaded, frozen or unreachable)`, { code: 'ANSWER_TIMEOUT', timeout_ms: ms });
  }
  if (message === 'timeout expired' || /connection timeout/i.test(message)) {
    return retry(`the PostgreSQL database did not answer a new connection in ${settings.connectTimeoutMs} ms (it is overloaded, frozen or unreachable)`, { code: 'CONNECT_TIMEOUT', timeout_ms: settings.connectTimeoutMs });
  }
  if (message === 'timeout exceeded when trying to connect') {
    return retry(`all ${settings.poolSize} PostgreSQL connections stayed busy for ${settings.poolTimeoutMs} ms (raise pool_size, or lower the load)`, { code: 'POOL_TIMEOUT', timeout_ms: settings.poolTimeoutMs });
  }
  if (code === '57014') {
    return retry(`the statement ran longer than ${settings.statementTimeoutMs} ms and PostgreSQL cancelled it (statement_timeout)`, { code, timeout_ms: settings.statementTimeoutMs });
  }
  if (code === '25P03') {
    return retry(`PostgreSQL ended a transaction left idle for ${settings.idleInTransactionTimeoutMs} ms`, { code, timeout_ms: settings.idleInTransactionTimeoutMs });
  }
  return error;
}

/** True when the connection can no longer be trusted (no answer, or gone): it must not return to the pool. */
function isBroken(error: unknown): boolean {
  const code = (error as DatabaseError)?.details?.code ?? (error as { code?: string })?.code;
  return code === 'ANSWER_TIMEOUT' || code === 'CONNECT_TIMEOUT' || code === '25P03' || code === 'ECONNRESET' || code === '57P01';
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
export function on(db: Queryable, settings: PostgresSettings, types?: unknown): SqlExecutor {
  const query = async (sql: string, params: readonly SqlParam[]) => {
    const { text, name } = statement(sql);
    try {
      return await db.query(types ? { name, text, values: params as unknown[], types } : { name, text, values: params as unknown[] });
    } catch (error) {
      throw fromDriver(explainTimeout(error, settings));
    }
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
    readonly settings: PostgresSettings = DEFAULT_POSTGRES_SETTINGS,
    private readonly options: { types?: unknown; owned?: boolean } = {},
  ) {
    this.direct = on(pool, settings, options.types);
  }

  /** How long a health check waits: a connection (queue and connect) plus one answer. */
  get pingTimeoutMs(): number {
    return Math.min(this.settings.connectTimeoutMs + this.settings.statementTimeoutMs + ANSWER_MARGIN_MS, 10_000);
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
    let client: PoolClient;
    try {
      client = (await this.pool.connect()) as PoolClient;
    } catch (error) {
      throw fromDriver(explainTimeout(error, this.settings));
    }
    // A connection lost between two statements (server gone, network reset) emits 'error' on the
    // checked-out client, where the pool no longer listens: without a listener it would crash the
    // process. The next statement fails with the cause anyway.
    const lost = () => undefined;
    (client as unknown as NodeJS.EventEmitter).on('error', lost);
    const tx = on(client, this.settings, this.options.types);
    let broken: unknown;
    try {
      await tx.run('begin');
      if (lockKey !== undefined) await tx.get('select pg_advisory_xact_lock(?)', [lockKey]);
      const result = await fn(tx);
      await tx.run('commit');
      return result;
    } catch (error) {
      // A connection that stopped answering is dropped (the server rolls back what it held); others roll back.
      if (isBroken(error)) broken = error;
      else await client.query('rollback').catch((e: unknown) => void (broken = e));
      throw error;
    } finally {
      (client as unknown as NodeJS.EventEmitter).off('error', lost);
      client.release(broken instanceof Error ? broken : broken === undefined ? undefined : true);
    }
  }

  close(): Promise<void> {
    return this.options.owned === false ? Promise.resolve() : this.pool.end();
  }
}
