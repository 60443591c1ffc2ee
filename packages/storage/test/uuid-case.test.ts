import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const hash = 'c'.repeat(40);
const metadata = { pr_number: 7, pr_title: 'case', test_summary: { passed: 1 }, constitutional_compliance: true };
const up = (id: string) => id.toUpperCase();

// Ids are stored as lower-case text, so a UUID typed in upper case (as some
// tools print them) must be canonicalised before it reaches the store — on
// every operation, for every UUID-typed field, on both engines.
describeEachEngine('UUIDs are accepted in either letter case', (ctx) => {
  it('finds, links, parents, updates and notes work items named by an upper-case UUID', async () => {
    const ps = ctx.ps();
    const parent = await ps.create_work_item({ item_type: 'project', title: 'case parent', metadata: { description: 'case' } });
    const child = await ps.create_work_item({ item_type: 'task', title: 'case child', parent_id: up(parent.id) });
    expect(child.parent_id).toBe(parent.id);
    const other = await ps.create_work_item({ item_type: 'task', title: 'case other' });

    expect((await ps.query_work_item({ id: up(child.id) })).item).toMatchObject({ id: child.id, parent_id: parent.id });
    const dep = await ps.add_dependency({ source_id: up(other.id), target_id: up(child.id), dependency_type: 'blocks' });
    expect(dep).toMatchObject({ source_id: other.id, target_id: child.id });
    const updated = await ps.update_work_item({ id: up(child.id), version: child.version, title: 'case child renamed' });
    expect(updated).toMatchObject({ id: child.id, title: 'case child renamed' });
    await ps.add_note({ id: up(child.id), text: 'noted by upper-case id' });
    expect((await ps.list_work_items({ parent_id: up(parent.id) })).items.map((i) => i.id)).toEqual([child.id]);

    const history = await ps.get_history({ entity_type: 'work_item', entity_id: up(child.id) });
    expect(history.total_count).toBeGreaterThanOrEqual(2);
    expect(history.entries.every((e) => e.entity_id === child.id)).toBe(true);
    await ps.remove_dependency({ source_id: up(other.id), target_id: up(child.id), dependency_type: 'blocks' });
    expect((await ps.query_work_item({ id: child.id })).dependencies.waits_for).toEqual([]);

    const changes = await ps.list_changes({ ids: [up(child.id)] });
    expect(changes.changes.length).toBeGreaterThanOrEqual(2);
    expect(changes.changes.every((c) => c.entity_id === child.id)).toBe(true);
  });

  it('names deployments, enhancements and their work items by upper-case UUIDs', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'case deployed' });
    const dep = await ps.record_deployment({ commit_hash: hash, metadata, related_work_item_ids: [up(item.id)] });
    expect(dep.work_items.map((w) => w.id)).toEqual([item.id]);
    expect((await ps.list_deployments({ work_item_id: up(item.id) })).deployments.map((d) => d.id)).toEqual([dep.id]);
    expect((await ps.get_history({ entity_type: 'deployment', entity_id: up(dep.id) })).entries[0]).toMatchObject({ entity_id: dep.id, action: 'create' });

    const enh = await ps.create_enhancement({ title: 'case enhancement', priority: 2, work_item_ids: [up(item.id)] });
    expect(enh.work_item_ids).toEqual([item.id]);
    const enh2 = await ps.update_enhancement({ id: up(enh.id), version: enh.version, status: 'approved' });
    expect(enh2).toMatchObject({ id: enh.id, status: 'approved' });
    const history = await ps.get_history({ entity_type: 'enhancement', entity_id: up(enh.id) });
    expect(history.entries.map((e) => e.action)).toEqual(['update', 'create']);
  });

  it('still answers NOT_FOUND for an unknown upper-case UUID', async () => {
    const ps = ctx.ps();
    const id = '0190B6E4-7C3A-7B2E-9F41-2A3B4C5D6E7F';
    await expect(ps.query_work_item({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ps.get_history({ entity_type: 'work_item', entity_id: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
