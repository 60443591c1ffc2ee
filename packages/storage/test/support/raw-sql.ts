import type { TestDatabase } from '../../src/testing/index.js';

/**
 * Runs statements on a test database with the plain driver, past the store:
 * for rows the operations would not write today (data stored before a
 * limit existed) and for emptying tables between property runs. Parameters
 * are `?` on SQLite and `$1…` on PostgreSQL.
 */
export async function rawSql(db: TestDatabase, statements: readonly (string | [string, readonly unknown[]])[]): Promise<void> {
  const list = statements.map((s) => (typeof s === 'string' ? ([s, []] as const) : s));
  if (db.engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const raw = new Database(db.file!);
    try {
      raw.pragma('foreign_keys = OFF');
      raw.transaction(() => {
        for (const [sql, params] of list) raw.prepare(sql).run(...params);
      })();
    } finally {
      raw.close();
    }
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    for (const [sql, params] of list) await client.query(sql, [...params]);
  } finally {
    await client.end();
  }
}
