import { describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { openProjectStatus } from '../src/open/open.js';
import { parseDatabaseUrl } from '../src/open/config.js';
import { initOrm } from '../src/orm/init.js';
import { createTestDatabase, ENGINES, POSTGRES_REQUIRED, postgresUnavailableReason } from '../src/testing/databases.js';

const pgReason = await postgresUnavailableReason();

for (const engine of ENGINES) {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  (skip ? describe.skip : describe)(`the change-feed migration [${engine}]`, () => {
    it('numbers the history an existing database already holds by time, then keeps counting', async () => {
      const db = await createTestDatabase(engine, 'feed_migration');
      try {
        // A database as the previous release left it: only the initial migration, with history.
        const orm = await initOrm(parseDatabaseUrl(db.url, db.root), migrations[engine].slice(0, 1));
        try {
          await orm.getMigrator().up();
          const conn = orm.em.getConnection();
          const rows = [
            ['01a40000-0000-7000-8000-000000000003', '2026-01-03T00:00:00.000Z'],
            ['01a40000-0000-7000-8000-000000000001', '2026-01-01T00:00:00.000Z'],
            ['01a40000-0000-7000-8000-000000000002', '2026-01-02T00:00:00.000Z'],
          ];
          for (const [id, at] of rows) {
            await conn.execute(`insert into history (id, entity_type, entity_id, version, action, actor, at, changes) values (?, 'work_item', ?, 1, 'create', 'old', ?, '{}')`, [id, `item-${at!.slice(8, 10)}`, at]);
          }
        } finally {
          await orm.close(true);
        }
        const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'new' });
        try {
          expect(ps.appliedMigrations).toContain('Migration20261130000000_change_feed');
          const before = await ps.list_changes({});
          expect(before.changes.map((c) => [c.seq, c.entity_id])).toEqual([
            [1, 'item-01'],
            [2, 'item-02'],
            [3, 'item-03'],
          ]);
          const item = await ps.create_work_item({ item_type: 'task', title: 'after the upgrade' });
          const after = await ps.list_changes({ after: 3 });
          expect(after.changes.map((c) => [c.seq, c.entity_id])).toEqual([[4, item.id]]);
        } finally {
          await ps.close();
        }
      } finally {
        await db.drop();
      }
    });
  });
}
