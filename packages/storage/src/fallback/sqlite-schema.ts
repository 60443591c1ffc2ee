import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { MIGRATION_NAMES, MIGRATIONS_TABLE } from '../migrations/names.js';
import { SQLITE_SCHEMA_DDL, SQLITE_SCHEMA_MIGRATIONS } from './sqlite-schema.generated.js';

/**
 * The SQLite schema of the checked-in migrations as plain DDL, for the
 * throwaway in-memory databases the git and markdown fallback layers fill.
 *
 * Why not run the migrations: they are MikroORM classes, and loading MikroORM
 * and its migrator costs 0.4–1.5 s — on every CLI call that falls back to git
 * while the database is down. `scripts/write-fallback-schema.ts` captures the
 * DDL a migrated database ends up with into `sqlite-schema.generated.ts`; a
 * test fails when a migration is added without re-running it, and should a
 * stale file ever ship anyway, {@link fallbackTemplate} notices that the
 * migration names differ and migrates with MikroORM instead (slow, never wrong).
 */

/** Tables and indexes SQLite makes on its own (or FTS5 makes for its virtual table), which DDL must not repeat. */
function isImplicit(name: string): boolean {
  return name === 'sqlite_sequence' || name === MIGRATIONS_TABLE || name.startsWith('sqlite_autoindex_') || /^work_items_fts_(data|idx|content|docsize|config)$/.test(name);
}

/** The DDL that recreates `db`'s schema, in creation order (tables before their indexes and triggers). */
export function readSqliteSchema(db: Database): string[] {
  const rows = db.prepare(`select name, sql from sqlite_master where sql is not null order by rowid`).all() as { name: string; sql: string }[];
  return rows.filter((r) => !isImplicit(r.name)).map((r) => r.sql);
}

let template: Buffer | undefined;

/**
 * An empty database with the current schema, serialised: each fallback view
 * opens its own copy with `new Database(buffer)` (an in-memory database, no
 * file, nothing to clean up), so the schema is built once per process.
 */
export async function fallbackTemplate(): Promise<Buffer> {
  if (template) return template;
  const { default: Sqlite } = await import('better-sqlite3');
  const current = SQLITE_SCHEMA_MIGRATIONS.length === MIGRATION_NAMES.sqlite.length && SQLITE_SCHEMA_MIGRATIONS.every((name, i) => name === MIGRATION_NAMES.sqlite[i]);
  if (current) {
    const db = new Sqlite(':memory:');
    try {
      db.exec(SQLITE_SCHEMA_DDL.map((s) => `${s};`).join('\n'));
      template = db.serialize();
    } finally {
      db.close();
    }
    return template;
  }
  template = await migratedTemplate(Sqlite);
  return template;
}

/** The slow path: migrate a temporary file with MikroORM and serialise it. */
async function migratedTemplate(Sqlite: typeof BetterSqlite3): Promise<Buffer> {
  const [{ mkdtempSync, rmSync }, { tmpdir }, { join }, { openMigratedOrm }] = await Promise.all([import('node:fs'), import('node:os'), import('node:path'), import('../open/migrate.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'project-status-schema-'));
  try {
    const file = join(dir, 'schema.db');
    const { orm } = await openMigratedOrm({ engine: 'sqlite', file });
    await orm.close(true);
    const db = new Sqlite(file);
    try {
      db.pragma('journal_mode = DELETE');
      return db.serialize();
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
