import Database from 'better-sqlite3';
import pg from 'pg';

/** A row as the driver returns it. */
export type Row = Record<string, unknown>;
/** Parameters of a statement (`?` placeholders on both engines). */
export type Params = readonly (string | number | null)[];

/** Statements on one connection (or, outside a transaction, the pool). */
export interface RawQueries {
  all(sql: string, params?: Params): Promise<Row[]>;
}

/**
 * The baseline: the plain driver on the same database, with no service, no
 * validation, no mapping — what the same SQL costs by itself.
 */
export interface RawDriver extends RawQueries {
  readonly engine: 'sqlite' | 'postgres';
  /** BEGIN (IMMEDIATE on SQLite) … COMMIT on one connection; ROLLBACK on error. */
  transaction<T>(fn: (q: RawQueries) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** better-sqlite3 on the same file, statements prepared once and reused, as the store does. */
export function openRawSqlite(file: string): RawDriver {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let stmt = cache.get(sql);
    if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
    return stmt;
  };
  const run = (sql: string, params: Params = []): Row[] => {
    const stmt = prepare(sql);
    if (stmt.reader) return stmt.all(...params) as Row[];
    stmt.run(...params);
    return [];
  };
  const queries: RawQueries = { all: async (sql, params) => run(sql, params) };
  return {
    engine: 'sqlite',
    ...queries,
    async transaction(fn) {
      run('BEGIN IMMEDIATE');
      try {
        const result = await fn(queries);
        run('COMMIT');
        return result;
      } catch (error) {
        if (db.inTransaction) run('ROLLBACK');
        throw error;
      }
    },
    close: async () => void db.close(),
  };
}

const dollarCache = new Map<string, { name: string; text: string }>();
/**
 * `?` → `$1, $2, …` (the SQL used here has no `?` inside literals), as a named
 * statement: prepared once per connection, like better-sqlite3's prepared
 * statements on the SQLite side — the fastest the driver can do.
 */
function dollars(sql: string): { name: string; text: string } {
  let entry = dollarCache.get(sql);
  if (!entry) {
    let n = 0;
    entry = { name: `raw_${dollarCache.size + 1}`, text: sql.replace(/\?/g, () => `$${++n}`) };
    dollarCache.set(sql, entry);
  }
  return entry;
}

/** `pg` with a pool of the same size as the store's (10), on the same database. */
export function openRawPostgres(url: string): RawDriver {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const on = (c: pg.Pool | pg.PoolClient): RawQueries => ({ all: async (sql, params = []) => (await c.query({ ...dollars(sql), values: params as unknown[] })).rows as Row[] });
  return {
    engine: 'postgres',
    ...on(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(on(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/**
 * Brings a freshly seeded database to the state a real one is in minutes after
 * a bulk load: on PostgreSQL autovacuum would vacuum (insert threshold) and
 * analyze the tables, so plans and index-only scans are those of a settled
 * database. SQLite gets nothing: the product never runs ANALYZE, so no bench may.
 */
export async function settleAfterLoad(raw: RawDriver): Promise<void> {
  if (raw.engine === 'postgres') await raw.all('vacuum analyze');
}
