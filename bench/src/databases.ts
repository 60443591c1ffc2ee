import { createPostgresDatabase, createSqliteDatabase, type TestDatabase } from '@project-status/storage/testing';

/** A throw-away database for one benchmark run (`file` is set for SQLite, for the raw driver). */
export type BenchDatabase = TestDatabase;

/**
 * Creates an empty database for the engine — the same helpers the test suites
 * use, on the server of `adminUrl` for PostgreSQL.
 *
 * @example
 * const db = await createBenchDatabase('postgres', 'postgres://postgres@127.0.0.1:5432/test', 'scale1');
 * try { ... } finally { await db.drop(); }
 */
export function createBenchDatabase(engine: 'sqlite' | 'postgres', adminUrl: string, label: string): Promise<BenchDatabase> {
  return engine === 'sqlite' ? Promise.resolve(createSqliteDatabase()) : createPostgresDatabase(`bench_${label}`, adminUrl);
}
