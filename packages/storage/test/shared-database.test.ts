import { afterAll, describe, expect, it } from 'vitest';
import { ConflictError, DatabaseError, ValidationError } from '@project-status/core';
import { LEGACY_MIGRATIONS_TABLE, MIGRATIONS_TABLE, PROJECT_STATUS_TABLES } from '../src/migrations/names.js';
import { openProjectStatus } from '../src/open/open.js';
import { createPostgresDatabase, createTestDatabase, describeEachEngine, POSTGRES_REQUIRED, postgresUnavailableReason, queryRawSql, type TestDatabase } from '../src/testing/index.js';

/** Raw SQL on a test database, outside Project Status. */
const raw = (db: TestDatabase, sql: string) => queryRawSql(db, sql);

const tableNames = async (db: TestDatabase, schema = 'public'): Promise<string[]> =>
  (
    db.engine === 'sqlite'
      ? await raw(db, `select name from sqlite_master where type = 'table' order by name`)
      : await raw(db, `select table_name as name from information_schema.tables where table_schema = '${schema}' order by table_name`)
  ).map((r) => String(r.name));

describeEachEngine('the migrations table', (ctx) => {
  it('is our own, and every table we create is in PROJECT_STATUS_TABLES', async () => {
    const tables = await tableNames(ctx.db());
    expect(tables).toContain(MIGRATIONS_TABLE);
    expect(tables).not.toContain(LEGACY_MIGRATIONS_TABLE);
    const listed = (name: string) => PROJECT_STATUS_TABLES.some((t) => (typeof t === 'string' ? t === name : t.test(name)));
    expect(tables.filter((name) => !listed(name) && !name.startsWith('sqlite_'))).toEqual([]);
  });

  it('of an older version (mikro_orm_migrations) is adopted: the database opens as current and keeps working', async () => {
    const db = await createTestDatabase(ctx.engine, 'legacy-migrations');
    try {
      const first = await openProjectStatus({ databaseUrl: db.url, root: db.root });
      const item = await first.create_work_item({ item_type: 'task', title: 'made before the upgrade' });
      await first.close();
      // What a database migrated before 0.1.0 looks like, with a host's row beside ours.
      await raw(db, `alter table ${MIGRATIONS_TABLE} rename to ${LEGACY_MIGRATIONS_TABLE}`);
      await raw(db, `insert into ${LEGACY_MIGRATIONS_TABLE} (name) values ('Migration20260101000000_host')`);

      const upgraded = await openProjectStatus({ databaseUrl: db.url, root: db.root });
      expect(upgraded.appliedMigrations).toEqual([]);
      expect((await upgraded.store.getWorkItem(item.id))?.title).toBe('made before the upgrade');
      await upgraded.create_work_item({ item_type: 'task', title: 'made after' });
      await upgraded.close();

      const ours = await raw(db, `select name from ${MIGRATIONS_TABLE} order by id`);
      expect(ours.map((r) => r.name)).toEqual(first.appliedMigrations);
      expect((await raw(db, `select name from ${LEGACY_MIGRATIONS_TABLE}`)).map((r) => r.name)).toEqual(['Migration20260101000000_host']);

      // Once only our rows were there, the old table goes.
      await raw(db, `delete from ${LEGACY_MIGRATIONS_TABLE}`);
      await raw(db, `insert into ${LEGACY_MIGRATIONS_TABLE} (name) select name from ${MIGRATIONS_TABLE}`);
      await raw(db, `drop table ${MIGRATIONS_TABLE}`);
      const again = await openProjectStatus({ databaseUrl: db.url, root: db.root });
      expect(again.appliedMigrations).toEqual([]);
      await again.close();
      expect(await tableNames(db)).not.toContain(LEGACY_MIGRATIONS_TABLE);
      expect((await raw(db, `select name from ${MIGRATIONS_TABLE}`)).map((r) => r.name)).toEqual(first.appliedMigrations);
    } finally {
      await db.drop();
    }
  });
});

describeEachEngine('a host transaction through ps.store.transaction', (ctx) => {
  it("gets the host's own error back unchanged, and nothing is written", async () => {
    class HostError extends Error {}
    const boom = new HostError('boom');
    const base = await ctx.ps().create_work_item({ item_type: 'task', title: 'outside' });
    const id = '01a20000-0000-7000-8000-0000000000aa';
    const failed = ctx.ps().store.transaction(async (tx) => {
      await tx.insertWorkItem({ ...base, id, path: `/${id}` });
      throw boom;
    });
    await expect(failed).rejects.toBe(boom);
    expect(await ctx.ps().store.getWorkItem(id)).toBeNull();
  });

  // Codes a database driver also uses: the error is still the host's, and comes back as the same object.
  it.each(['ETIMEDOUT', 'ECONNREFUSED', 'QUOTA', '40001', 'SQLITE_BUSY', 'SQLITE_READONLY', undefined])("gets a host error with code %s back as the very same object, and nothing is written", async (code) => {
    const boom = Object.assign(new Error('billing API timed out'), code === undefined ? {} : { code });
    const base = await ctx.ps().create_work_item({ item_type: 'task', title: 'outside' });
    const id = '01a20000-0000-7000-8000-0000000000ab';
    const failed = ctx.ps().store.transaction(async (tx) => {
      await tx.insertWorkItem({ ...base, id, path: `/${id}` });
      throw boom;
    });
    await expect(failed).rejects.toBe(boom);
    expect(boom.message).toBe('billing API timed out');
    expect(await ctx.ps().store.getWorkItem(id)).toBeNull();
  });

  it('translates a real database error raised in the same transaction', async () => {
    const base = await ctx.ps().create_work_item({ item_type: 'task', title: 'taken' });
    const failed = ctx.ps().store.transaction(async (tx) => {
      await tx.insertWorkItem({ ...base });
      throw new Error('not reached');
    });
    await expect(failed).rejects.toBeInstanceOf(ConflictError);
  });

  it('still turns a failure of the database into a domain error', async () => {
    const failed = ctx.ps().store.transaction(async (tx) => tx.insertWorkItem({ id: 'x' } as never));
    await expect(failed).rejects.toSatisfy((e) => e instanceof DatabaseError || e instanceof ValidationError);
  });
});

describe('a failed open', () => {
  it('names where the URL came from', async () => {
    const url = 'postgres://nobody@127.0.0.1:1/none';
    const fromOption = openProjectStatus({ databaseUrl: url, root: process.cwd(), env: {} });
    await expect(fromOption).rejects.toThrow(/the databaseUrl option/);
    await expect(fromOption).rejects.not.toThrow(/PROJECT_STATUS_DATABASE_URL/);
    await expect(openProjectStatus({ root: process.cwd(), env: { PROJECT_STATUS_DATABASE_URL: url } })).rejects.toThrow(/check PROJECT_STATUS_DATABASE_URL/);
  });
});

const pgReason = await postgresUnavailableReason();
const describePg = pgReason && !POSTGRES_REQUIRED ? describe.skip : describe;

describePg('PostgreSQL schema of our own', () => {
  const dbs: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it('holds our tables and migrations table, for the migrator and the runtime pool alike', async () => {
    const db = await createPostgresDatabase('own-schema');
    dbs.push(db);
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, schema: 'tracker' });
    expect(ps.appliedMigrations.length).toBeGreaterThan(0);
    const item = await ps.create_work_item({ item_type: 'task', title: 'in its own schema' });
    await ps.close();
    expect(await tableNames(db, 'public')).toEqual([]);
    expect(await tableNames(db, 'tracker')).toContain('work_items');
    expect(await tableNames(db, 'tracker')).toContain(MIGRATIONS_TABLE);

    const url = new URL(db.url);
    url.searchParams.set('schema', 'tracker');
    const again = await openProjectStatus({ databaseUrl: url.toString(), root: db.root });
    expect(again.appliedMigrations).toEqual([]);
    expect((await again.store.getWorkItem(item.id))?.title).toBe('in its own schema');
    await again.close();
  });

  it('refuses a search_path in the URL options and a bad schema name, changing nothing', async () => {
    const db = await createPostgresDatabase('bad-schema');
    dbs.push(db);
    const url = new URL(db.url);
    url.searchParams.set('options', '-c search_path=tracker');
    await expect(openProjectStatus({ databaseUrl: url.toString(), root: db.root })).rejects.toThrow(/\?schema=name/);
    await expect(openProjectStatus({ databaseUrl: db.url, root: db.root, schema: 'Tracker; drop' })).rejects.toBeInstanceOf(ValidationError);
    expect(await raw(db, `select schema_name from information_schema.schemata where schema_name = 'tracker'`)).toEqual([]);
    expect(await tableNames(db, 'public')).toEqual([]);
  });
});
