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
}

/** Encodes a JSON column value for either engine. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(value ?? null);
}
