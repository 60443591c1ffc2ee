/**
 * MikroORM's better-sqlite3 driver, defined here on `@mikro-orm/knex`'s SQLite
 * base classes instead of taken from `@mikro-orm/better-sqlite`: that package
 * pins its own better-sqlite3 (11.10.0), so depending on it made every
 * install build a second ~28 MB native copy beside ours. This is the same
 * driver (Connection, Platform, SchemaHelper — MikroORM, MIT), on the
 * better-sqlite3 this package depends on. Used only by the migrator.
 */
import type { Configuration } from '@mikro-orm/core';
import { AbstractSqlDriver, BaseSqliteConnection, BaseSqlitePlatform, BaseSqliteSchemaHelper, BetterSqliteKnexDialect } from '@mikro-orm/knex';

class SqliteConnection extends BaseSqliteConnection {
  override createKnex(): void {
    this.client = this.createKnexClient(BetterSqliteKnexDialect as never);
    this.connected = true;
  }
}

/** SQLite's quoting: doubled single quotes, no backslash escapes. */
function escapeSqlite(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value instanceof Date) return escapeSqlite(value.toISOString());
  if (Buffer.isBuffer(value)) return `X'${value.toString('hex')}'`;
  if (Array.isArray(value)) return value.map(escapeSqlite).join(', ');
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return `'${text.replace(/'/g, "''")}'`;
}

class SqliteSchemaHelper extends BaseSqliteSchemaHelper {}

class SqlitePlatform extends BaseSqlitePlatform {
  protected override readonly schemaHelper: SqliteSchemaHelper = new SqliteSchemaHelper(this);

  override escape(value: unknown): string {
    return escapeSqlite(value);
  }
}

export class SqliteDriver extends AbstractSqlDriver<SqliteConnection, SqlitePlatform> {
  constructor(config: Configuration) {
    super(config, new SqlitePlatform(), SqliteConnection, ['knex', 'better-sqlite3']);
  }
}
