/**
 * The narrow SQL surface the store is written against: parameterised
 * statements with `?` placeholders (both engines), and transactions. Two
 * implementations sit on the connection MikroORM already holds.
 */
export type SqlParam = string | number | null;

export interface SqlExecutor {
  readonly engine: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T = Record<string, unknown>>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** Runs a statement; returns the number of rows it changed. */
  run(sql: string, params?: readonly SqlParam[]): Promise<number>;
}

export interface TransactionalExecutor extends SqlExecutor {
  /** Runs `fn` in one transaction (serialised writers); `lockKey` serialises a class of writes on PostgreSQL. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>, lockKey?: number): Promise<T>;
  close(): Promise<void>;
  /** How long a health check's ping may take before the database counts as not answering (default 10 s). */
  readonly pingTimeoutMs?: number;
}

const keyedStatements = new Set<string>();

/**
 * Marks a statement whose parameters are all keys (ids, unique names,
 * versions), so that the best plan is the same whatever their values. On
 * PostgreSQL such a statement is prepared once per connection and may run on
 * one cached generic plan (no planning per call); every other statement is
 * planned for its actual parameter values, because a generic plan for, say,
 * `status = ?` or `limit ?` can be orders of magnitude worse for some values.
 * Returns `sql` unchanged. Only pass constant (or finitely many) texts.
 */
export function keyed(sql: string): string {
  keyedStatements.add(sql);
  return sql;
}

/** Whether {@link keyed} marked `sql`. */
export function isKeyed(sql: string): boolean {
  return keyedStatements.has(sql);
}

/** Encodes a JSON column value for either engine. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value ?? null);
}
