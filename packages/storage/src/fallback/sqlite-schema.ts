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
 * stale file ever ship anyway, {@link fallbackSchema} notices that the
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

/** An empty view database, and what to run on it once its rows are in. */
export interface FallbackSchema {
  /** The serialised empty database: each view opens its own copy with `new Database(image)`. */
  image: Buffer;
  /**
   * SQL to run after loading: the non-unique indexes. Built in bulk after the
   * rows are in, an index costs a fraction of maintaining it row by row
   * (120 000 rows: seconds); unique indexes stay in the image, as inserts
   * rely on them (`on conflict`). A view is read-only, so it has no triggers.
   */
  afterLoad: string;
  /**
   * The one statement that fills the full-text index from the loaded rows,
   * run by the view on its first search (only search reads it, and at
   * 120 000 rows it is a second of the open a fallback read would otherwise
   * wait for); empty when the image keeps its triggers (the slow path).
   */
  fullText: string;
}

const isIndex = (sql: string) => /^CREATE INDEX /i.test(sql);
const isTrigger = (sql: string) => /^CREATE TRIGGER /i.test(sql);

/**
 * The full-text insert trigger, turned into one statement that indexes every
 * row at once: `insert into fts(cols) values (exprs of new.x)` becomes
 * `insert into fts(cols) select exprs of x from work_items`. Null when the
 * trigger has another shape; the image then keeps its triggers and the index
 * is filled row by row, as on the primary.
 */
export function bulkFullTextFill(ddl: readonly string[]): string | null {
  const trigger = ddl.find((s) => /^CREATE TRIGGER \S+ after insert on work_items begin insert into work_items_fts/i.test(s));
  const m = trigger ? /begin (insert into work_items_fts\s*\([^)]*\)) values \((.*)\); end$/is.exec(trigger) : null;
  return m ? `${m[1]} select ${m[2]!.replace(/\bnew\./g, '')} from work_items` : null;
}

let schema: FallbackSchema | undefined;

/** The view schema, built once per process (see {@link FallbackSchema}). */
export async function fallbackSchema(): Promise<FallbackSchema> {
  if (schema) return schema;
  const { default: Sqlite } = await import('better-sqlite3');
  const current = SQLITE_SCHEMA_MIGRATIONS.length === MIGRATION_NAMES.sqlite.length && SQLITE_SCHEMA_MIGRATIONS.every((name, i) => name === MIGRATION_NAMES.sqlite[i]);
  if (!current) {
    schema = { image: await migratedTemplate(Sqlite), afterLoad: '', fullText: '' };
    return schema;
  }
  const fill = bulkFullTextFill(SQLITE_SCHEMA_DDL);
  const now = SQLITE_SCHEMA_DDL.filter((s) => !isIndex(s) && !(fill && isTrigger(s)));
  const later = SQLITE_SCHEMA_DDL.filter(isIndex);
  const db = new Sqlite(':memory:');
  try {
    db.exec(now.map((s) => `${s};`).join('\n'));
    schema = { image: db.serialize(), afterLoad: later.map((s) => `${s};`).join('\n'), fullText: fill ?? '' };
  } finally {
    db.close();
  }
  return schema;
}

/**
 * Migrates a temporary SQLite file with MikroORM (the checked-in migrations)
 * and hands the open database to `use`: the slow path of {@link fallbackSchema}
 * and the source `scripts/write-fallback-schema.ts` captures the DDL from.
 */
export async function withMigratedSqlite<T>(Sqlite: typeof BetterSqlite3, use: (db: Database) => T): Promise<T> {
  const [{ mkdtempSync, rmSync }, { tmpdir }, { join }, { openMigratedOrm }] = await Promise.all([import('node:fs'), import('node:os'), import('node:path'), import('../open/migrate.js')]);
  const dir = mkdtempSync(join(tmpdir(), 'project-status-schema-'));
  try {
    const file = join(dir, 'schema.db');
    const { orm } = await openMigratedOrm({ engine: 'sqlite', file });
    await orm.close(true);
    const db = new Sqlite(file);
    try {
      return use(db);
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The slow path: a migrated temporary file, serialised. */
function migratedTemplate(Sqlite: typeof BetterSqlite3): Promise<Buffer> {
  return withMigratedSqlite(Sqlite, (db) => {
    db.pragma('journal_mode = DELETE');
    return db.serialize();
  });
}
