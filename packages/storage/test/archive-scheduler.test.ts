import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startArchiveScheduler } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('background archive', (ctx) => {
  it('runs at most once per interval, remembering the last run across restarts', async () => {
    const past = await ctx.openClient({ clock: () => new Date('2023-06-01T00:00:00Z') });
    await past.create_work_item({ item_type: 'task', title: 'ancient', status: 'completed' });
    const runs: unknown[] = [];
    const scheduler = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false, onRun: (r) => runs.push(r) });
    const first = await scheduler.tick();
    expect(first).toMatchObject({ archived: 1 });
    expect(existsSync(join(ctx.db().root, '.project-status', 'maintenance.json'))).toBe(true);
    expect(await scheduler.tick()).toBeNull();
    const restarted = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false });
    expect(await restarted.tick()).toBeNull();
    const eager = startArchiveScheduler(ctx.ps(), { root: ctx.db().root, enabled: false, intervalMs: 0 });
    expect(await eager.tick()).toMatchObject({ archived: 0 });
    expect(runs).toHaveLength(1);
    expect((await ctx.ps().query_archived_work_items({})).items.map((i) => i.title)).toEqual(['ancient']);
  });
});
