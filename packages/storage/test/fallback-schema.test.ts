import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/index.js';
import { migrationNames } from '../src/migrations/names.js';
import { bulkFullTextFill, fallbackSchema, readSqliteSchema } from '../src/fallback/sqlite-schema.js';
import { SQLITE_SCHEMA_DDL, SQLITE_SCHEMA_MIGRATIONS } from '../src/fallback/sqlite-schema.generated.js';
import { createSqliteDatabase } from '../src/testing/index.js';

const FIX = 'run `pnpm --filter @project-status/storage exec tsx scripts/write-fallback-schema.ts` after adding a SQLite migration';

describe('the fallback views’ schema (generated DDL instead of loading MikroORM)', () => {
  const db = createSqliteDatabase();
  afterAll(() => db.drop());

  it('was generated from the current list of migrations', () => {
    expect(SQLITE_SCHEMA_MIGRATIONS, FIX).toEqual(migrationNames('sqlite'));
  });

  it('is exactly the schema the migrations produce', async () => {
    const ps = await openProjectStatus({ root: db.root, databaseUrl: db.url });
    await ps.close();
    const migrated = new Sqlite(db.file!, { readonly: true });
    try {
      expect(readSqliteSchema(migrated), FIX).toEqual([...SQLITE_SCHEMA_DDL]);
    } finally {
      migrated.close();
    }
  });

  it('builds an empty view with that schema, indexes and full text once the rows are in, and no triggers (views are read-only)', async () => {
    const { image, afterLoad } = await fallbackSchema();
    const copy = new Sqlite(image);
    try {
      expect(copy.prepare('select count(*) as n from work_items').get()).toEqual({ n: 0 });
      copy.exec(afterLoad);
      expect(readSqliteSchema(copy).sort()).toEqual(SQLITE_SCHEMA_DDL.filter((s) => !/^CREATE TRIGGER /i.test(s)).sort());
    } finally {
      copy.close();
    }
  });

  it('indexes every row for full-text search in one statement, as the insert trigger would have row by row', () => {
    const fill = bulkFullTextFill(SQLITE_SCHEMA_DDL);
    expect(fill).toMatch(/^insert into work_items_fts\(rowid, title, body, labels, live\) select rowid, title, .* from work_items$/);
    expect(fill).not.toMatch(/\bnew\./);
    const row = { title: 'Fix the parser', metadata: JSON.stringify({ description: 'tokenizer', nested: { note: 'lexer' } }), labels: JSON.stringify(['outage']), deleted_at: null };
    const read = (db: Sqlite.Database) => db.prepare('select rowid, title, body, labels, live from work_items_fts').all();
    const insert = (db: Sqlite.Database) => db.prepare(`insert into work_items (id, item_type, title, status, path, depth, metadata, labels, version, created_at, updated_at, created_by, updated_by, short_id, priority) values ('a', 'task', ?, 'active', '/a', 0, ?, ?, 1, 'x', 'x', 'x', 'x', 'abcdef', 3)`).run(row.title, row.metadata, row.labels);
    const viaTrigger = new Sqlite(':memory:');
    const viaFill = new Sqlite(':memory:');
    try {
      viaTrigger.exec(SQLITE_SCHEMA_DDL.map((s) => `${s};`).join('\n'));
      viaFill.exec(SQLITE_SCHEMA_DDL.filter((s) => !/^CREATE TRIGGER /i.test(s)).map((s) => `${s};`).join('\n'));
      insert(viaTrigger);
      insert(viaFill);
      viaFill.exec(fill!);
      expect(read(viaFill)).toEqual(read(viaTrigger));
      expect(read(viaFill)).toHaveLength(1);
    } finally {
      viaTrigger.close();
      viaFill.close();
    }
  });
});
