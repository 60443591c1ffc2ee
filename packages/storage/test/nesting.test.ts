import { uuidv7, type WorkItem } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const SESSION_META = { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } };

describeEachEngine('type nesting, ready work for actionable items, completing parents', (ctx) => {
  const project = (title: string) => ctx.ps().create_work_item({ item_type: 'project', title, metadata: { description: 'd' } });
  const session = (title: string, parent_id?: string) => ctx.ps().create_work_item({ item_type: 'session', title, parent_id, metadata: SESSION_META });
  const task = (title: string, parent_id?: string) => ctx.ps().create_work_item({ item_type: 'task', title, parent_id });

  it('accepts the documented places: root projects, sessions at the root or under a project, tasks and research anywhere else', async () => {
    const ps = ctx.ps();
    const p = await project('nest-p');
    const rootSession = await session('nest-root-session');
    const s = await session('nest-s', p.id);
    const t = await task('nest-t', s.id);
    const sub = await task('nest-sub', t.id);
    const r = await ps.create_work_item({ item_type: 'research', title: 'nest-r', parent_id: sub.id });
    const loose = await task('nest-loose');
    expect([rootSession.depth, s.depth, t.depth, sub.depth, r.depth, loose.depth]).toEqual([0, 1, 2, 3, 4, 0]);
  });

  it('rejects a project under anything and a session under a task, and writes nothing', async () => {
    const ps = ctx.ps();
    const p = await project('nest-bad-p');
    const t = await task('nest-bad-t', p.id);
    const before = (await ps.list_work_items({ limit: 100 })).total_count;
    const nestedProject = await ps.create_work_item({ item_type: 'project', title: 'sub-project', parent_id: p.id, metadata: { description: 'd' } }).catch((e) => e);
    expect(nestedProject).toMatchObject({ code: 'VALIDATION_ERROR', details: { reason: 'nesting', item_type: 'project', parent_type: 'project', allowed_parents: ['root'] } });
    expect(nestedProject.message).toMatch(/a project cannot be placed under a project .*belongs under the root/);
    const sessionUnderTask = await session('nest-bad-s', t.id).catch((e) => e);
    expect(sessionUnderTask).toMatchObject({ code: 'VALIDATION_ERROR', details: { reason: 'nesting', parent_type: 'task', allowed_parents: ['root', 'project'] } });
    expect((await ps.list_work_items({ limit: 100 })).total_count).toBe(before);
  });

  it('rejects a move that breaks the nesting and leaves the item where it was', async () => {
    const ps = ctx.ps();
    const p = await project('move-p');
    const other = await project('move-other');
    const t = await task('move-t', p.id);
    const s = await session('move-s', p.id);
    await expect(ps.update_work_item({ id: other.id, version: other.version, parent_id: p.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { reason: 'nesting' } });
    await expect(ps.update_work_item({ id: s.id, version: s.version, parent_id: t.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', details: { reason: 'nesting' } });
    expect((await ps.query_work_item({ id: s.id })).item).toMatchObject({ parent_id: p.id, version: s.version });
    // A task may move to the root or under another project.
    expect(await ps.update_work_item({ id: t.id, version: t.version, parent_id: other.id })).toMatchObject({ parent_id: other.id });
  });

  it('keeps rows written before the rule readable and editable (the rule is checked on create and move only)', async () => {
    const ps = ctx.ps();
    const t = await task('legacy-parent');
    const id = uuidv7();
    const at = new Date().toISOString();
    const odd: WorkItem = {
      ...t, id, item_type: 'session', title: 'legacy session under a task', parent_id: t.id, path: `${t.path}/${id}`, depth: 1,
      metadata: SESSION_META, version: 1, created_at: at, updated_at: at,
    };
    await ps.store.transaction((tx) => tx.insertWorkItems([odd]));
    expect((await ps.query_work_item({ id: t.id })).descendants.map((d) => d.id)).toEqual([id]);
    expect(await ps.update_work_item({ id, version: 1, title: 'renamed' })).toMatchObject({ title: 'renamed', version: 2 });
  });

  it('lists only tasks and research as ready work and refuses to claim a project', async () => {
    const ps = ctx.ps();
    const p = await project('ready-types-p');
    const s = await session('ready-types-s', p.id);
    const t = await task('ready-types-t', s.id);
    const r = await ps.create_work_item({ item_type: 'research', title: 'ready-types-r', parent_id: p.id });
    const ready = await ps.list_ready_work({ parent_id: p.id });
    expect(ready.items.map((i) => i.id).sort()).toEqual([t.id, r.id].sort());
    expect((await ps.list_ready_work({ limit: 100 })).items.map((i) => i.item_type).every((type) => type === 'task' || type === 'research')).toBe(true);
    await expect(ps.call('list_ready_work', { item_type: 'project' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const claim = await ps.claim_work_item({ id: p.id, assignee: 'agent' }).catch((e) => e);
    expect(claim).toMatchObject({ code: 'VALIDATION_ERROR', details: { reason: 'not_actionable', item_type: 'project' } });
    expect(claim.hint).toMatchObject({ operation: 'list_ready_work', input: { parent_id: p.id } });
    expect((await ps.query_work_item({ id: p.id })).item).toMatchObject({ assignee: null, version: p.version });
    await expect(ps.claim_work_item({ id: s.id, assignee: 'agent' })).rejects.toMatchObject({ details: { reason: 'not_actionable' } });
    expect(await ps.claim_work_item({ id: r.id, assignee: 'agent' })).toMatchObject({ assignee: 'agent' });
  });

  it('refuses to complete a parent with unfinished descendants, listing them, and completes the subtree with cascade', async () => {
    const ps = ctx.ps();
    const p = await project('complete-p');
    const a = await task('complete-a', p.id);
    const b = await task('complete-b', a.id);
    const done = await task('complete-done', p.id);
    await ps.update_work_item({ id: done.id, version: done.version, status: 'completed' });
    const blocked = await ps.update_work_item({ id: b.id, version: b.version, status: 'blocked' });

    const refused = await ps.update_work_item({ id: p.id, version: p.version, status: 'completed' }).catch((e) => e);
    expect(refused).toMatchObject({ code: 'CONFLICT', details: { reason: 'unfinished_children', unfinished_count: 2 } });
    expect(refused.details.unfinished_children).toEqual([
      { id: a.id, item_type: 'task', title: 'complete-a', status: 'active' },
      { id: b.id, item_type: 'task', title: 'complete-b', status: 'blocked' },
    ]);
    expect(refused.message).toContain(a.id);
    expect(refused.hint).toMatchObject({ operation: 'update_work_item', input: { id: p.id, status: 'completed', cascade: true } });
    expect((await ps.query_work_item({ id: p.id })).item).toMatchObject({ status: 'active', version: p.version });

    const completed = await ps.update_work_item({ id: p.id, version: p.version, status: 'completed', cascade: true });
    expect(completed).toMatchObject({ status: 'completed', version: p.version + 1 });
    const after = await ps.list_work_items({ parent_id: p.id, limit: 10 });
    expect(after.items.every((i) => i.status === 'completed')).toBe(true);
    expect((await ps.query_work_item({ id: b.id })).item).toMatchObject({ status: 'completed', version: blocked.version + 1 });
    const history = await ps.get_history({ entity_type: 'work_item', entity_id: b.id });
    expect(history.entries[0]).toMatchObject({ action: 'update', changes: { status: { old: 'blocked', new: 'completed' } } });
  });

  it('completes a parent whose descendants are all finished or deleted without cascade', async () => {
    const ps = ctx.ps();
    const p = await project('complete-clean-p');
    const a = await task('complete-clean-a', p.id);
    await ps.update_work_item({ id: a.id, version: a.version, delete: true });
    expect(await ps.update_work_item({ id: p.id, version: p.version, status: 'completed' })).toMatchObject({ status: 'completed' });
    // cascade without delete, restore or completion still means nothing.
    await expect(ps.update_work_item({ id: p.id, version: p.version + 1, title: 'x', cascade: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
