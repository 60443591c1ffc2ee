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
  if (db.engine === 'sqlite') {
    const { default: Database } = await import('better-sqlite3');
    const conn = new Database(db.file!);
    try {
      conn.prepare(sql).run(...params);
    } finally {
      conn.close();
    }
    return;
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    let n = 0;
    await client.query(
      sql.replace(/\?/g, () => `$${++n}`),
      params,
    );
  } finally {
    await client.end();
  }
}
