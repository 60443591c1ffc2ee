import { z } from 'zod';
import { lazySchema, ValidationError } from '@project-status/core';

/**
 * How long PostgreSQL may take before a call gives up, and how many
 * connections a process keeps. Every bound turns a server that stopped
 * answering (frozen, not down: no error ever arrives) into a retryable
 * DATABASE_ERROR within a known time instead of a call that hangs.
 */
export interface PostgresSettings {
  /** Connections in the pool (default 10). Callers beyond it wait their turn, first come first served. */
  poolSize: number;
  /** Opening one connection, TCP and login (default 5 000 ms). */
  connectTimeoutMs: number;
  /**
   * One statement, enforced by the server (`statement_timeout`); the client
   * gives up 1 s later when the server does not answer at all (default 30 000 ms).
   */
  statementTimeoutMs: number;
  /** A transaction left open without a statement is ended by the server (default 60 000 ms). */
  idleInTransactionTimeoutMs: number;
  /** Waiting for a free connection when all are busy (default 60 000 ms): a long queue, not a failure. */
  poolTimeoutMs: number;
}

export const DEFAULT_POSTGRES_SETTINGS: PostgresSettings = {
  poolSize: 10,
  connectTimeoutMs: 5_000,
  statementTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 60_000,
  poolTimeoutMs: 60_000,
};

/** How much longer than `statement_timeout` the client waits for a server that does not answer at all. */
export const ANSWER_MARGIN_MS = 1_000;

/** URL query parameter → setting (the URL may come from PROJECT_STATUS_DATABASE_URL or config.json). */
const URL_PARAMS = {
  pool_size: 'poolSize',
  connect_timeout_ms: 'connectTimeoutMs',
  statement_timeout_ms: 'statementTimeoutMs',
  idle_in_transaction_timeout_ms: 'idleInTransactionTimeoutMs',
  pool_timeout_ms: 'poolTimeoutMs',
} as const satisfies Record<string, keyof PostgresSettings>;

const Millis = lazySchema(() => z.coerce.number().int().min(1).max(86_400_000));
const Setting: Record<keyof PostgresSettings, z.ZodType<number>> = lazySchema(() => ({
  poolSize: z.coerce.number().int().min(1).max(1_000),
  connectTimeoutMs: Millis,
  statementTimeoutMs: Millis,
  idleInTransactionTimeoutMs: Millis,
  poolTimeoutMs: Millis,
}));

function check(key: keyof PostgresSettings, value: unknown, where: string): number {
  const parsed = Setting[key].safeParse(value);
  if (!parsed.success) {
    const range = key === 'poolSize' ? 'a whole number from 1 to 1000' : 'a whole number of milliseconds from 1 to 86400000';
    throw ValidationError.field(key, `${where} must be ${range}; got ${JSON.stringify(value)}`, { setting: key });
  }
  return parsed.data;
}

/**
 * The settings for a PostgreSQL URL: URL query parameters (`?pool_size=20&
 * statement_timeout_ms=5000`, also `connect_timeout_ms`,
 * `idle_in_transaction_timeout_ms`, `pool_timeout_ms`) over the open
 * options over the defaults, plus the URL without those parameters (what the
 * driver gets). A bad value is a VALIDATION_ERROR naming it.
 */
export function resolvePostgresSettings(url: string, options: Partial<PostgresSettings> = {}): { url: string; settings: PostgresSettings } {
  const settings = { ...DEFAULT_POSTGRES_SETTINGS };
  for (const [key, value] of Object.entries(options) as [keyof PostgresSettings, unknown][]) {
    if (value !== undefined) settings[key] = check(key, value, `the ${key} option`);
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, settings }; // the driver reports a malformed URL in its own words
  }
  let touched = false;
  for (const [param, key] of Object.entries(URL_PARAMS) as [keyof typeof URL_PARAMS, keyof PostgresSettings][]) {
    const value = parsed.searchParams.get(param);
    if (value === null) continue;
    settings[key] = check(key, value, `${param} in the database URL`);
    parsed.searchParams.delete(param);
    touched = true;
  }
  return { url: touched ? parsed.toString() : url, settings };
}
