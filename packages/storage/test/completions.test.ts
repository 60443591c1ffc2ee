import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('count_completions: completed work per day, dated from history', (ctx) => {
  it('dates each completed item by the entry that completed it, not by a later edit, and leaves out reopened, deleted and old ones', async () => {
    let now = Date.parse('2026-05-01T10:00:00.000Z');
    const day = 86_400_000;
    const ps = await ctx.openClient({ clientId: 'clock', clock: () => new Date(now) });
    try {
      const task = (title: string, status?: 'completed') => ps.create_work_item({ item_type: 'task', title, status });
      const old = await task('completed long ago', 'completed'); // 2026-05-01, outside a 28-day window
      now += 51 * day; // 2026-06-21
      const a = await task('completed then renamed');
      const b = await task('completed at creation', 'completed');
      const reopened = await task('completed then reopened');
      const deleted = await task('completed then deleted');
      const a2 = await ps.update_work_item({ id: a.id, version: a.version, status: 'completed' });
      const r2 = await ps.update_work_item({ id: reopened.id, version: reopened.version, status: 'completed' });
      const d2 = await ps.update_work_item({ id: deleted.id, version: deleted.version, status: 'completed' });
      now += 3 * day; // 2026-06-24: edits after completion must not move the date
      await ps.update_work_item({ id: a.id, version: a2.version, title: 'renamed after completion' });
      await ps.update_work_item({ id: old.id, version: old.version, labels: ['touched'] });
      await ps.update_work_item({ id: reopened.id, version: r2.version, status: 'active' });
      await ps.update_work_item({ id: deleted.id, version: d2.version, delete: true });
      now += 2 * day; // 2026-06-26
      const result = await ps.count_completions({ days: 28 });
      expect(result.since).toBe('2026-05-29T10:00:00.000Z');
      expect(result.per_day).toEqual([{ day: '2026-06-21', completed: 2 }]);
      expect(b.status).toBe('completed');
      expect((await ps.count_completions({ days: 366 })).per_day).toEqual([
        { day: '2026-05-01', completed: 1 },
        { day: '2026-06-21', completed: 2 },
      ]);
      await expect(ps.count_completions({ days: 0 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    } finally {
      await ps.close();
    }
  });
});
