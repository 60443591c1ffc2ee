import { expect, it } from 'vitest';
import { shortIdFor } from '@project-status/core';
import { migrations } from '../src/migrations/index.js';
import { openProjectStatus } from '../src/index.js';
import { initOrm } from '../src/orm/init.js';
import { parseDatabaseUrl } from '../src/open/config.js';
import { describeEachEngine } from '../src/testing/index.js';
import { createTestDatabase } from '../src/testing/databases.js';

// Two items whose random tails are equal, so their 6-character short ids collide.
const TWINS = ['0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', '0290b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f'];

describeEachEngine('agent workflow migration', (ctx) => {
  it('gives the items of a database made before it short ids (oldest keeps the short one) and the default priority', async () => {
    const db = await createTestDatabase(ctx.engine, 'aw-migration');
    try {
      const target = parseDatabaseUrl(db.url, db.root);
      const orm = await initOrm(target, migrations[target.engine].slice(0, 1));
      await orm.getMigrator().up();
      const conn = orm.em.getConnection();
      for (const [i, id] of TWINS.entries()) {
        const at = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
        await conn.execute(
          `insert into work_items (id, item_type, title, status, path, depth, metadata, labels, version, created_at, updated_at, created_by, updated_by) values (?, 'task', ?, 'active', ?, 0, '{}', '[]', 1, ?, ?, 't', 't')`,
          [id, `old ${i}`, `/${id}`, at, at],
        );
      }
      await orm.close(true);

      const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
      try {
        expect(ps.appliedMigrations).toEqual(migrations[ctx.engine].slice(1).map((m) => m.name));
        const [older, newer] = await Promise.all(TWINS.map(async (id) => (await ps.query_work_item({ id })).item));
        expect(older).toMatchObject({ short_id: shortIdFor(TWINS[0]!), priority: 3, lease_expires_at: null, close_reason: null });
        expect(newer!.short_id.startsWith(older!.short_id)).toBe(true);
        expect(newer!.short_id.length).toBeGreaterThan(6);
        expect((await ps.query_work_item({ id: newer!.short_id })).item.title).toBe('old 1');
        const fresh = await ps.create_work_item({ item_type: 'task', title: 'after the migration' });
        expect(fresh.short_id).toHaveLength(6);
      } finally {
        await ps.close();
      }
    } finally {
      await db.drop();
    }
  });
});
