import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('work items', (ctx) => {
  it('creates an item with version 1, audit fields and the actor as creator', async () => {
    const item = await ctx.ps().create_work_item({ item_type: 'task', title: 'Write tests', labels: ['qa'], created_by: 'claude-code' });
    expect(item).toMatchObject({ version: 1, status: 'active', created_by: 'claude-code', updated_by: 'claude-code', depth: 0, labels: ['qa'] });
    expect(item.created_at).toMatch(/Z$/);
    expect(item.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
  });

  it('bumps the version on every update and rejects a stale version with the current one', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'v' });
    const v2 = await ps.update_work_item({ id: item.id, version: 1, title: 'v2', updated_by: 'alice' });
    expect(v2.version).toBe(2);
    const error = await ps.update_work_item({ id: item.id, version: 1, title: 'lost' }).catch((e) => e);
    expect(error.code).toBe('VERSION_CONFLICT');
    expect(error.details).toMatchObject({ expected_version: 1, current_version: 2, last_updated_by: 'alice' });
    expect((await ps.query_work_item({ id: item.id })).item.title).toBe('v2');
  });

  it('merges metadata and validates the merged whole', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'm', metadata: { estimated_hours: 3 } });
    const updated = await ps.update_work_item({ id: item.id, version: 1, status: 'blocked', metadata: { blocked_reason: 'waiting on API' } });
    expect(updated.metadata).toEqual({ estimated_hours: 3, blocked_reason: 'waiting on API' });
    await expect(ps.update_work_item({ id: item.id, version: 2, metadata: { estimated_hours: 5000 } })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('refuses to delete an item with live children unless cascading, then restores the subtree', async () => {
    const ps = ctx.ps();
    const root = await ps.create_work_item({ item_type: 'project', title: 'del', metadata: { description: 'x' } });
    const child = await ps.create_work_item({ item_type: 'task', title: 'child', parent_id: root.id });
    await expect(ps.update_work_item({ id: root.id, version: 1, delete: true })).rejects.toMatchObject({ code: 'CONFLICT' });
    const deleted = await ps.update_work_item({ id: root.id, version: 1, delete: true, cascade: true });
    expect(deleted.deleted_at).not.toBeNull();
    await expect(ps.query_work_item({ id: child.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const listed = await ps.list_work_items({ parent_id: root.id });
    expect(listed.total_count).toBe(0);
    expect((await ps.list_work_items({ parent_id: root.id, include_deleted: true })).total_count).toBe(1);
    await expect(ps.update_work_item({ id: root.id, version: deleted.version, title: 'x' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const restored = await ps.update_work_item({ id: root.id, version: deleted.version, restore: true, cascade: true });
    expect(restored.deleted_at).toBeNull();
    expect((await ps.query_work_item({ id: child.id })).item.deleted_at).toBeNull();
  });

  it('lists newest update first with totals, filters and both detail levels', async () => {
    const ps = ctx.ps();
    const parent = await ps.create_work_item({ item_type: 'project', title: 'lists', metadata: { description: 'x' } });
    for (let i = 0; i < 7; i++) await ps.create_work_item({ item_type: 'task', title: `t${i}`, parent_id: parent.id, branch_name: i % 2 ? 'feat/x' : null, labels: i === 3 ? ['hot'] : [] });
    const page = await ps.list_work_items({ parent_id: parent.id, limit: 3, offset: 0 });
    expect(page.total_count).toBe(7);
    expect(page.items.map((i) => i.title)).toEqual(['t6', 't5', 't4']);
    expect(Object.keys(page.items[0]!).sort()).toEqual(['id', 'item_type', 'parent_id', 'priority', 'short_id', 'status', 'title', 'updated_at', 'version']);
    const last = await ps.list_work_items({ parent_id: parent.id, limit: 3, offset: 6, detail: 'full' });
    expect(last.items).toHaveLength(1);
    expect(last.items[0]).toHaveProperty('metadata');
    expect((await ps.list_work_items({ parent_id: parent.id, branch_name: 'feat/x' })).total_count).toBe(3);
    expect((await ps.list_work_items({ parent_id: parent.id, label: 'hot' })).items.map((i) => i.title)).toEqual(['t3']);
    const roots = await ps.list_work_items({ parent_id: null, item_type: 'project', limit: 100 });
    expect(roots.items.every((i) => !('parent_id' in i))).toBe(true);
  });

  it('finds items by full-text search over title, metadata text and labels, best match first', async () => {
    const ps = ctx.ps();
    await ps.create_work_item({ item_type: 'research', title: 'Compare OCR engines', metadata: { findings_summary: 'tesseract is slower than the cloud extractor' } });
    await ps.create_work_item({ item_type: 'task', title: 'Unrelated chore', labels: ['extractor'] });
    await ps.create_work_item({ item_type: 'task', title: 'Extractor timeout fix', metadata: { blocked_reason: 'needs extractor logs' } });
    const hits = await ps.search_work_items({ query: 'extractor' });
    expect(hits.total_count).toBe(3);
    expect(hits.items[0]!.title).toBe('Extractor timeout fix');
    expect((await ps.search_work_items({ query: 'tesseract slower' })).items.map((i) => i.title)).toEqual(['Compare OCR engines']);
    expect((await ps.search_work_items({ query: 'extractor', item_type: 'research' })).total_count).toBe(1);
    expect((await ps.search_work_items({ query: '"; drop table work_items; --' })).total_count).toBe(0);
  });

  it('drops a soft-deleted item from search and brings it back on restore', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'Quarantined zeppelin manifest' });
    expect((await ps.search_work_items({ query: 'zeppelin' })).total_count).toBe(1);
    const deleted = await ps.update_work_item({ id: item.id, version: 1, delete: true });
    expect((await ps.search_work_items({ query: 'zeppelin' })).total_count).toBe(0);
    expect((await ps.search_work_items({ query: 'zeppelin', include_deleted: true })).items.map((i) => i.id)).toEqual([item.id]);
    expect((await ps.search_work_items({ query: 'zeppelin', item_type: 'task' })).total_count).toBe(0);
    await ps.update_work_item({ id: item.id, version: deleted.version, restore: true });
    expect((await ps.search_work_items({ query: 'zeppelin manifest' })).items.map((i) => i.id)).toEqual([item.id]);
    expect((await ps.search_work_items({ query: 'zeppelin', item_type: 'task' })).total_count).toBe(1);
  });

  it('records history for create, update, delete and restore with old and new values', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'h' });
    const v2 = await ps.update_work_item({ id: item.id, version: 1, title: 'h2', updated_by: 'bob' });
    const v3 = await ps.update_work_item({ id: item.id, version: v2.version, delete: true });
    await ps.update_work_item({ id: item.id, version: v3.version, restore: true });
    const history = await ps.get_history({ entity_type: 'work_item', entity_id: item.id });
    expect(history.entries.map((e) => [e.action, e.version])).toEqual([['restore', 4], ['delete', 3], ['update', 2], ['create', 1]]);
    expect(history.entries[2]).toMatchObject({ actor: 'bob', changes: { title: { old: 'h', new: 'h2' } } });
  });
});
