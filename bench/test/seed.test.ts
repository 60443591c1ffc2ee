import { afterAll, expect, it } from 'vitest';
import { openProjectStatus } from '@project-status/storage';
import { createTestDatabase, describeEachEngine, type TestDatabase } from '@project-status/storage/testing';
import { seedProject, type SeedResult } from '../src/seed.js';

// One tree of 150 items: 1/8 of the seed scale keeps the suite fast on both engines.
const SCALE = 1 / 8;
const UNTIL = new Date('2026-06-01T00:00:00Z');

describeEachEngine('seedProject', (ctx) => {
  let seeded: SeedResult;
  const progress: [number, number][] = [];

  it('writes the planned vendors, work items and deployments through the services', async () => {
    seeded = await seedProject(ctx.ps(), { scale: SCALE, until: UNTIL, batchSize: 40, onProgress: (d, t) => progress.push([d, t]) });
    const ps = ctx.ps();
    expect((await ps.list_vendors({})).count).toBe(seeded.counts.vendors);
    expect(seeded.vendorNames).toHaveLength(seeded.counts.vendors);
    const live = seeded.counts.workItems - seeded.counts.deleted;
    expect((await ps.list_work_items({})).total_count).toBe(live);
    expect(seeded.workItemIds).toHaveLength(live);
    expect((await ps.list_deployments({})).total_count).toBe(seeded.counts.deployments);
    expect((await ps.get_history({ entity_type: 'work_item', entity_id: seeded.rootIds[0]! })).total_count).toBeGreaterThan(0);
  });

  it('reports progress until every step is done', () => {
    expect(progress.length).toBeGreaterThan(1);
    const [done, total] = progress.at(-1)!;
    expect(done).toBe(total);
  });

  it('builds trees five levels deep under each project root', async () => {
    const detail = await ctx.ps().query_work_item({ id: seeded.rootIds[0]! });
    let deepest = 0;
    const walk = (nodes: { children?: unknown[] }[], level: number) => {
      for (const n of nodes) {
        deepest = Math.max(deepest, level);
        walk((n.children ?? []) as { children?: unknown[] }[], level + 1);
      }
    };
    walk(detail.descendants as { children?: unknown[] }[], 1);
    expect(deepest).toBe(5);
  });

  it('leaves both ready work and work blocked by unfinished dependencies', async () => {
    const ps = ctx.ps();
    expect((await ps.list_ready_work({ item_type: 'task' })).count).toBeGreaterThan(0);
    const waiting = await Promise.all(seeded.leaves.slice(0, 60).map((l) => ps.query_work_item({ id: l.id })));
    expect(waiting.some((d) => d.dependencies.waits_for.some((w) => w.unfinished))).toBe(true);
  });
});

const scratch: TestDatabase[] = [];
afterAll(async () => {
  for (const db of scratch) await db.drop();
});

it('gives the same ids for the same seed and timeline in two fresh databases', async () => {
  const runs: SeedResult[] = [];
  for (let k = 0; k < 2; k++) {
    const db = await createTestDatabase('sqlite');
    scratch.push(db);
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
    runs.push(await seedProject(ps, { scale: SCALE, until: UNTIL }));
    await ps.close();
  }
  expect(runs[1]!.workItemIds).toEqual(runs[0]!.workItemIds);
  expect(runs[1]!.vendorIds).toEqual(runs[0]!.vendorIds);
});
