import { expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { parseDatabaseUrl } from '../src/open/config.js';
import { openProjectStatus } from '../src/open/open.js';
import { initOrm } from '../src/orm/init.js';
import { createTestDatabase, describeEachEngine } from '../src/testing/index.js';

/** Every write at the same instant: children must be told apart by more than their delete time. */
const FROZEN = new Date('2026-06-01T12:00:00.000Z');

describeEachEngine(
  'cascade restore',
  (ctx) => {
    async function tree() {
      const ps = ctx.ps();
      const root = await ps.create_work_item({ item_type: 'project', title: 'root', metadata: { description: 'x' } });
      const a = await ps.create_work_item({ item_type: 'task', title: 'a', parent_id: root.id });
      const a1 = await ps.create_work_item({ item_type: 'task', title: 'a1', parent_id: a.id });
      const b = await ps.create_work_item({ item_type: 'task', title: 'b', parent_id: root.id });
      return { ps, root, a, a1, b };
    }
    const deleted = async (id: string) => (await ctx.ps().query_work_item({ id, include_deleted: true })).item.deleted_at !== null;

    it('brings the children back after a plain restore of the parent, which says they stay deleted and how to restore them', async () => {
      const { ps, root, a, a1, b } = await tree();
      const gone = await ps.update_work_item({ id: root.id, version: 1, delete: true, cascade: true });
      const back = await ps.update_work_item({ id: root.id, version: gone.version, restore: true });
      expect(back.deleted_at).toBeNull();
      expect(back.notes).toEqual([expect.stringContaining(`3 descendant item(s) deleted together with ${root.id} stay deleted`)]);
      expect(back.notes![0]).toContain(`project-status work restore ${root.id} --cascade`);
      for (const c of [a, a1, b]) expect(await deleted(c.id)).toBe(true);

      const children = await ps.update_work_item({ id: root.id, version: back.version, restore: true, cascade: true });
      expect(children.version).toBe(back.version); // the live parent itself does not change
      expect(children.notes).toEqual([expect.stringContaining('restored 3 descendant item(s)')]);
      for (const c of [a, a1, b]) expect(await deleted(c.id)).toBe(false);
      const history = await ps.get_history({ entity_type: 'work_item', entity_id: a1.id });
      expect(history.entries[0]).toMatchObject({ action: 'restore', changes: { deleted_at: { old: gone.deleted_at, new: null } } });

      // Nothing left to bring back: the old answer, now with the reason.
      await expect(ps.update_work_item({ id: root.id, version: back.version, restore: true, cascade: true })).rejects.toMatchObject({
        code: 'VALIDATION_ERROR',
        message: expect.stringContaining('none of its descendants were deleted together with it'),
      });
    });

    it('leaves a child deleted on its own, at the same instant, deleted — with everything under it', async () => {
      const { ps, root, a, a1, b } = await tree();
      const aGone = await ps.update_work_item({ id: a.id, version: 1, delete: true, cascade: true });
      const gone = await ps.update_work_item({ id: root.id, version: 1, delete: true, cascade: true });
      expect(gone.deleted_at).toBe(aGone.deleted_at); // same timestamp: only the recorded cascade tells them apart
      await ps.update_work_item({ id: root.id, version: gone.version, restore: true, cascade: true });
      expect(await deleted(b.id)).toBe(false);
      expect(await deleted(a.id)).toBe(true);
      expect(await deleted(a1.id)).toBe(true);
    });

    it('never brings back a child under an item deleted on its own since', async () => {
      const { ps, root, a, a1, b } = await tree();
      const gone = await ps.update_work_item({ id: root.id, version: 1, delete: true, cascade: true });
      const back = await ps.update_work_item({ id: root.id, version: gone.version, restore: true });
      // a comes back alone, then is deleted alone again (a1 is still deleted, so no cascade is needed).
      const aNow = (await ps.query_work_item({ id: a.id, include_deleted: true })).item;
      const aBack = await ps.update_work_item({ id: a.id, version: aNow.version, restore: true });
      await ps.update_work_item({ id: a.id, version: aBack.version, delete: true });
      await ps.update_work_item({ id: root.id, version: back.version, restore: true, cascade: true });
      expect(await deleted(b.id)).toBe(false);
      expect(await deleted(a.id)).toBe(true);
      expect(await deleted(a1.id)).toBe(true); // its parent stays deleted, so it does too
    });

    it('adds no note to a plain restore of an item whose children were not deleted with it', async () => {
      const ps = ctx.ps();
      const item = await ps.create_work_item({ item_type: 'task', title: 'alone' });
      const gone = await ps.update_work_item({ id: item.id, version: 1, delete: true });
      const back = await ps.update_work_item({ id: item.id, version: gone.version, restore: true });
      expect(back).not.toHaveProperty('notes');
      await expect(ps.update_work_item({ id: item.id, version: back.version, restore: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    });
  },
  { clock: () => FROZEN },
);

describeEachEngine('cascade restore of items deleted before the store recorded cascades', (ctx) => {
  it('marks the children deleted with their parent when migrating, so a cascade restore still finds them', async () => {
    const db = await createTestDatabase(ctx.engine, 'restore-backfill');
    try {
      const target = parseDatabaseUrl(db.url, db.root);
      const orm = await initOrm(target, migrations[target.engine].slice(0, 1));
      const [root, child, alone] = ['01a30000-0000-7000-8000-000000000001', '01a30000-0000-7000-8000-000000000002', '01a30000-0000-7000-8000-000000000003'];
      try {
        await orm.getMigrator().up();
        const conn = orm.em.getConnection();
        const insert = (id: string, parent: string | null, path: string, depth: number, deletedAt: string) =>
          conn.execute(
            `insert into work_items (id, item_type, title, status, parent_id, path, depth, metadata, labels, deleted_at, version, created_at, updated_at, created_by, updated_by) values (?, 'task', ?, 'active', ?, ?, ?, '{}', '[]', ?, 2, ?, ?, 't', 't')`,
            [id, id.slice(-1), parent, path, depth, deletedAt, deletedAt, deletedAt],
          );
        await insert(root, null, `/${root}`, 0, '2026-01-01T00:00:00.000Z');
        await insert(child, root, `/${root}/${child}`, 1, '2026-01-01T00:00:00.000Z'); // taken by the cascade
        await insert(alone, root, `/${root}/${alone}`, 1, '2025-12-01T00:00:00.000Z'); // deleted on its own before
      } finally {
        await orm.close(true);
      }
      const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
      try {
        expect(ps.appliedMigrations).toContain('Migration20261130000000_deleted_with');
        const back = await ps.update_work_item({ id: root, version: 2, restore: true });
        expect(back.notes).toEqual([expect.stringContaining('1 descendant item(s)')]);
        await ps.update_work_item({ id: root, version: back.version, restore: true, cascade: true });
        const live = (await ps.list_work_items({ parent_id: root })).items.map((i) => i.id);
        expect(live).toEqual([child]);
      } finally {
        await ps.close();
      }
    } finally {
      await db.drop();
    }
  });
});
