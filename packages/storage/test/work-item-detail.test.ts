import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

/**
 * query_work_item reads its four parts in one statement and sorts them in
 * code; these tests pin every part's content and order on both engines.
 */
describeEachEngine('query_work_item detail', (ctx) => {
  const hash = (n: number) => n.toString(16).padStart(40, '0');

  it('returns ancestors root first and the descendant tree in creation order, hiding deleted items unless asked', async () => {
    const ps = ctx.ps();
    const root = await ps.create_work_item({ item_type: 'project', title: 'root', metadata: { description: 'r' } });
    const mid = await ps.create_work_item({ item_type: 'task', title: 'mid', parent_id: root.id });
    const item = await ps.create_work_item({ item_type: 'task', title: 'item', parent_id: mid.id });
    const kids = [];
    for (const title of ['k1', 'k2', 'k3']) kids.push(await ps.create_work_item({ item_type: 'task', title, parent_id: item.id }));
    const grandkid = await ps.create_work_item({ item_type: 'task', title: 'g1', parent_id: kids[0]!.id });
    await ps.update_work_item({ id: kids[1]!.id, version: 1, delete: true });

    const detail = await ps.query_work_item({ id: item.id });
    expect(detail.item).toMatchObject({ id: item.id, short_id: item.short_id, title: 'item', depth: 2, path: item.path, metadata: {}, labels: [] });
    expect(detail.ancestors.map((a) => a.title)).toEqual(['root', 'mid']);
    expect(detail.descendants.map((d) => d.title)).toEqual(['k1', 'k3']);
    expect(detail.descendants[0]!.children.map((g) => g.id)).toEqual([grandkid.id]);
    expect(detail.descendants[0]).not.toHaveProperty('path');

    const withDeleted = await ps.query_work_item({ id: item.id, include_deleted: true });
    expect(withDeleted.descendants.map((d) => d.title)).toEqual(['k1', 'k2', 'k3']);
    expect(withDeleted.descendants[1]!.deleted).toBe(true);
    expect(withDeleted.descendants[0]!.deleted).toBeUndefined();

    const top = await ps.query_work_item({ id: root.id });
    expect(top.ancestors).toEqual([]);
    expect(top.descendants.map((d) => d.title)).toEqual(['mid']);
    expect(top.descendants[0]!.children[0]!.children.map((d) => d.title)).toEqual(['k1', 'k3']);
  });

  it('splits dependency edges into waits_for and blocks, flagging unfinished blockers', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'item' });
    const before = await ps.create_work_item({ item_type: 'task', title: 'before' });
    const done = await ps.create_work_item({ item_type: 'task', title: 'done' });
    const after = await ps.create_work_item({ item_type: 'task', title: 'after' });
    await ps.add_dependency({ source_id: before.id, target_id: item.id, dependency_type: 'blocks' });
    await ps.add_dependency({ source_id: item.id, target_id: done.id, dependency_type: 'depends_on' });
    await ps.update_work_item({ id: done.id, version: 1, status: 'completed' });
    await ps.add_dependency({ source_id: item.id, target_id: after.id, dependency_type: 'blocks' });

    const detail = await ps.query_work_item({ id: item.id });
    expect(detail.dependencies.waits_for).toEqual([
      { id: before.id, short_id: before.short_id, title: 'before', status: 'active', dependency_type: 'blocks', unfinished: true },
      { id: done.id, short_id: done.short_id, title: 'done', status: 'completed', dependency_type: 'depends_on' },
    ]);
    expect(detail.dependencies.blocks).toEqual([{ id: after.id, short_id: after.short_id, title: 'after', status: 'active', dependency_type: 'blocks' }]);
    expect(detail.ready).toBe(false);
    expect((await ps.query_work_item({ id: after.id })).dependencies.waits_for).toEqual([{ id: item.id, short_id: item.short_id, title: 'item', status: 'active', dependency_type: 'blocks', unfinished: true }]);
  });

  it('lists the 20 newest linked deployments, newest first', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'shipped' });
    const other = await ps.create_work_item({ item_type: 'task', title: 'elsewhere' });
    // Recorded out of date order, so the order must come from deployed_at.
    const days = Array.from({ length: 25 }, (_, i) => (i * 7) % 25);
    for (const day of days) {
      const commit = hash(day + 1);
      await ps.record_deployment({
        deployed_at: new Date(Date.UTC(2026, 0, 1 + day)).toISOString(),
        commit_hash: commit,
        metadata: { pr_number: day + 1, pr_title: `pr ${day}`, commit_hash: commit, test_summary: { passed: 1 }, constitutional_compliance: true },
        related_work_item_ids: [item.id],
      });
    }
    const unrelated = hash(999);
    await ps.record_deployment({ deployed_at: '2027-01-01T00:00:00.000Z', commit_hash: unrelated, metadata: { pr_number: 999, pr_title: 'x', commit_hash: unrelated, test_summary: { passed: 1 }, constitutional_compliance: true }, related_work_item_ids: [other.id] });

    const { deployments } = await ps.query_work_item({ id: item.id });
    expect(deployments.map((d) => d.pr_number)).toEqual(Array.from({ length: 20 }, (_, i) => 25 - i));
    expect(deployments[0]).toMatchObject({ commit_hash: hash(25), deployed_at: '2026-01-25T00:00:00.000Z' });
  });

  it('reports an unknown id as NOT_FOUND and a deleted one with the way back', async () => {
    const ps = ctx.ps();
    await expect(ps.query_work_item({ id: randomUUID() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const item = await ps.create_work_item({ item_type: 'task', title: 'gone' });
    await ps.update_work_item({ id: item.id, version: 1, delete: true });
    await expect(ps.query_work_item({ id: item.id })).rejects.toMatchObject({ code: 'NOT_FOUND', hint: { operation: 'query_work_item', input: { id: item.id, include_deleted: true } } });
    expect((await ps.query_work_item({ id: item.id, include_deleted: true })).item.deleted_at).not.toBeNull();
  });
});
