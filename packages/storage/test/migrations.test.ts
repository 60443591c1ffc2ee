import { expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { initOrm } from '../src/orm/init.js';
import { parseDatabaseUrl } from '../src/open/config.js';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('migrations', (ctx) => {
  it('produce exactly the schema the entities describe', async () => {
    // The suite's handle has already migrated the fresh database on open.
    const target = parseDatabaseUrl(ctx.db().url, ctx.db().root);
    const orm = await initOrm(target, migrations[target.engine]);
    try {
      let diff = await orm.schema.getUpdateSchemaSQL({ wrap: false, safe: false, dropTables: true });
      if (ctx.engine === 'sqlite') {
        // MikroORM 6 cannot read named CHECK constraints back from SQLite, so it
        // always proposes to add them. Accept such a line only when the table's
        // stored definition already carries that very constraint.
        const conn = orm.em.getConnection();
        const tables = (await conn.execute(`select name, sql from sqlite_master where type = 'table'`)) as { name: string; sql: string }[];
        const ddl = new Map(tables.map((t) => [t.name, t.sql]));
        diff = diff
          .split('\n')
          .filter((line) => {
            const m = /^alter table `(\w+)` add constraint (\w+) check\((.*)\);$/.exec(line.trim());
            return !(m && ddl.get(m[1]!)?.includes(`constraint ${m[2]} check (${m[3]})`));
          })
          .join('\n');
      }
      expect(diff.trim()).toBe('');
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await orm.close(true);
    }
  });

  it('are recorded once and not re-applied when another client opens the database', async () => {
    const other = await ctx.openClient();
    expect(other.appliedMigrations).toEqual([]);
    expect(ctx.ps().appliedMigrations).toEqual(migrations[ctx.engine].map((m) => m.name));
  });

  it('enforce the rules in the database itself (checks, unique lower(name), singleton)', async () => {
    const target = parseDatabaseUrl(ctx.db().url, ctx.db().root);
    const orm = await initOrm(target, migrations[target.engine]);
    const conn = orm.em.getConnection();
    const now = new Date().toISOString();
    try {
      await expect(conn.execute(`insert into vendors (id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by) values (?, 'x', 'melted', '1', '{}', 1, ?, ?, 't', 't')`, ['01a20000-0000-7000-8000-000000000001', now, now])).rejects.toThrow();
      await conn.execute(`insert into vendors (id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by) values (?, 'Dup', 'broken', '1', '{}', 1, ?, ?, 't', 't')`, ['01a20000-0000-7000-8000-000000000002', now, now]);
      await expect(conn.execute(`insert into vendors (id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by) values (?, 'DUP', 'broken', '1', '{}', 1, ?, ?, 't', 't')`, ['01a20000-0000-7000-8000-000000000003', now, now])).rejects.toThrow();
      await expect(conn.execute(`insert into project_configuration (id, active_context_type, default_token_budget, database_healthy, version, updated_at, updated_by) values (2, 'feature', 200000, true, 1, ?, 't')`, [now])).rejects.toThrow();
      await expect(conn.execute(`insert into work_items (id, item_type, title, status, path, depth, metadata, labels, version, created_at, updated_at, created_by, updated_by) values (?, 'task', 't', 'active', '/x', 6, '{}', '[]', 1, ?, ?, 't', 't')`, ['01a20000-0000-7000-8000-000000000004', now, now])).rejects.toThrow();
    } finally {
      await orm.close(true);
    }
  });
});
