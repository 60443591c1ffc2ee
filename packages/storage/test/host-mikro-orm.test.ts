import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySchema } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM } from '@mikro-orm/postgresql';
import { PROJECT_STATUS_TABLES } from '../src/migrations/names.js';
import { openProjectStatus } from '../src/open/open.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '../src/testing/index.js';

/** A host service's own entity. */
const Invoice = new EntitySchema<{ id: number; total: number }>({
  name: 'Invoice',
  tableName: 'invoices',
  properties: { id: { type: 'number', primary: true }, total: { type: 'number' } },
});

/** The host's MikroORM, configured as the README's "Sharing a database" says (or without the exclusion). */
function hostOrm(url: string, exclude: boolean): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: url,
    entities: [Invoice],
    extensions: [Migrator],
    migrations: { migrationsList: [], snapshot: false, silent: true },
    schemaGenerator: exclude ? { skipTables: [...PROJECT_STATUS_TABLES] } : {},
    debug: false,
    logger: () => undefined,
  });
}

const pgReason = await postgresUnavailableReason();

(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('a host MikroORM app in the same PostgreSQL database', () => {
  let db: TestDatabase;
  let host: MikroORM;

  beforeAll(async () => {
    if (pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
    db = await createPostgresDatabase('host-orm');
    host = await hostOrm(db.url, true);
    await host.schema.updateSchema();
    // One store in the default schema, one in a schema of its own.
    for (const schema of [undefined, 'tracker']) {
      const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, schema });
      await ps.create_work_item({ item_type: 'task', title: `lives in ${schema ?? 'public'}` });
      await ps.close();
    }
  });

  afterAll(async () => {
    await host?.close(true);
    await db?.drop();
  });

  it('sees no schema change to make and no migration needed', async () => {
    expect((await host.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    expect(await host.getMigrator().checkMigrationNeeded()).toBe(false);
  });

  it('finds none of our migrations among its own', async () => {
    expect(await host.getMigrator().getExecutedMigrations()).toEqual([]);
    expect(await host.getMigrator().getPendingMigrations()).toEqual([]);
  });

  it('without the exclusion would drop our tables (why the README asks for it)', async () => {
    const naive = await hostOrm(db.url, false);
    try {
      const diff = await naive.schema.getUpdateSchemaSQL({ wrap: false });
      expect(diff).toMatch(/drop table if exists "work_items" cascade/);
      expect(diff).toMatch(/drop table if exists "tracker"\."work_items" cascade/);
    } finally {
      await naive.close(true);
    }
  });
});
