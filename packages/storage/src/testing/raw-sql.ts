import type { TestDatabase } from './databases.js';

/**
 * Runs one SQL statement on a test database through its driver, beside any
 * open handle: for tests that need rows the operations would refuse to write
 * (data stored by an older version, or by hand). Placeholders are `?` on both
 * engines.
 *
 * @example
 * await executeRawSql(ctx.db(), 'update work_items set title = ? where id = ?', ['two\nlines', id]);
 */
export async function executeRawSql(db: TestDatabase, sql: string, params: unknown[] = []): Promise<void> {
  await queryRawSql(db, sql, params);
}

/** Like {@link executeRawSql}, returning the rows a query reads (none for other statements). */
export async function queryRawSql(db: TestDatabase, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (db.engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const conn = new Database(db.file!);
    try {
      const statement = conn.prepare(sql);
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
      statement.run(...params);
      return [];
    } finally {
      conn.close();
    }
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    let n = 0;
    const result = await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    );
    return result.rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
