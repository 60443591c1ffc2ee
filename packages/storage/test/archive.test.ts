import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('archive', (ctx) => {
  it('moves old finished subtrees to the archive, never leaving an orphan, and keeps the rest live', async () => {
    const past = await ctx.openClient({ clock: () => new Date('2024-01-01T00:00:00Z'), clientId: 'time-traveller' });
    const ps = ctx.ps();
    // done-root: completed with completed children → archived whole
    const doneRoot = await past.create_work_item({ item_type: 'project', title: 'done root', status: 'completed', metadata: { description: 'x' } });
    const doneChild = await past.create_work_item({ item_type: 'task', title: 'done child', parent_id: doneRoot.id, status: 'completed' });
    const doneGrandchild = await past.create_work_item({ item_type: 'task', title: 'done grandchild', parent_id: doneChild.id, status: 'completed' });
    // mixed-root: completed, but one child still active → root stays, finished sibling subtree goes
    const mixedRoot = await past.create_work_item({ item_type: 'project', title: 'mixed root', status: 'completed', metadata: { description: 'x' } });
    const activeChild = await past.create_work_item({ item_type: 'task', title: 'active child', parent_id: mixedRoot.id });
    const deletedChild = await past.create_work_item({ item_type: 'task', title: 'deleted child', parent_id: mixedRoot.id });
    await past.update_work_item({ id: deletedChild.id, version: 1, delete: true });
    // recent: completed but young → stays
    const recent = await ps.create_work_item({ item_type: 'task', title: 'recent done', status: 'completed' });
    // a dependency on an archived item stops blocking
    await ps.add_dependency({ source_id: activeChild.id, target_id: doneChild.id, dependency_type: 'depends_on' });
    await ps.record_deployment({ commit_hash: 'b'.repeat(40), metadata: { pr_number: 9, pr_title: 'old', commit_hash: 'b'.repeat(40), test_summary: { passed: 1 }, constitutional_compliance: true }, related_work_item_ids: [doneChild.id] });

    const dry = await ps.archive_work_items({ dry_run: true });
    expect(dry).toMatchObject({ dry_run: true, eligible: 4, archived: 0 });
    expect((await ps.list_work_items({ include_deleted: true, limit: 100 })).total_count).toBe(7);

    const progress: number[] = [];
    const result = await ps.archive_work_items({ batch_size: 2 }, { onProgress: (p) => progress.push(p.done) });
    expect(result).toMatchObject({ eligible: 4, archived: 4, batches: 2 });
    expect(progress).toEqual([2, 4]);

    const live = await ps.list_work_items({ include_deleted: true, limit: 100 });
    expect(live.items.map((i) => i.title).sort()).toEqual(['active child', 'mixed root', 'recent done']);
    const archived = await ps.query_archived_work_items({ detail: 'full' });
    expect(archived.total_count).toBe(4);
    expect(archived.items.map((i) => i.id).sort()).toEqual([doneRoot.id, doneChild.id, doneGrandchild.id, deletedChild.id].sort());
    expect(archived.items.every((i) => 'archived_at' in i && 'metadata' in i)).toBe(true);
    expect((await ps.query_archived_work_items({ item_type: 'project' })).items.map((i) => i.title)).toEqual(['done root']);

    expect((await ps.query_work_item({ id: activeChild.id })).ready).toBe(true);
    const dep = await ps.list_deployments({ work_item_id: doneChild.id, detail: 'full' });
    expect(dep.deployments[0]).toMatchObject({ work_items: [{ id: doneChild.id, title: 'done child' }] });
    expect((await ps.get_history({ entity_type: 'work_item', entity_id: doneChild.id })).entries[0]!.action).toBe('archive');
    expect(recent.status).toBe('completed');

    expect(await ps.archive_work_items({})).toMatchObject({ eligible: 0, archived: 0 });
  });
});
