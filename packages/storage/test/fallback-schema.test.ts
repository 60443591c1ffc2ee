import Sqlite from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/index.js';
import { migrationNames } from '../src/migrations/names.js';
import { fallbackTemplate, readSqliteSchema } from '../src/fallback/sqlite-schema.js';
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

  it('builds a template that holds that schema and no rows', async () => {
    const copy = new Sqlite(await fallbackTemplate());
    try {
      expect(readSqliteSchema(copy)).toEqual([...SQLITE_SCHEMA_DDL]);
      expect(copy.prepare('select count(*) as n from work_items').get()).toEqual({ n: 0 });
    } finally {
      copy.close();
    }
  });
});
