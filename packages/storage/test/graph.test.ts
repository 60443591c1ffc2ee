import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('dependencies, ready work and claims', (ctx) => {
  const task = (title: string, parent_id?: string) => ctx.ps().create_work_item({ item_type: 'task', title, parent_id });

  it('rejects a cycle with the cycle in the error, and nothing is written', async () => {
    const ps = ctx.ps();
    const [a, b, c] = [await task('a'), await task('b'), await task('c')];
    await ps.add_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    await ps.add_dependency({ source_id: c.id, target_id: b.id, dependency_type: 'depends_on' });
    const error = await ps.add_dependency({ source_id: c.id, target_id: a.id, dependency_type: 'blocks' }).catch((e) => e);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details.cycle).toEqual([c.id, a.id, b.id, c.id]);
    expect((await ps.query_work_item({ id: a.id })).dependencies.waits_for).toEqual([]);
    await expect(ps.add_dependency({ source_id: a.id, target_id: a.id, dependency_type: 'blocks' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(ps.add_dependency({ source_id: b.id, target_id: a.id, dependency_type: 'blocks' })).rejects.toMatchObject({ details: { cycle: [b.id, a.id, b.id] } });
  });

  it('rejects a duplicate pair, also when stated the other way round', async () => {
    const ps = ctx.ps();
    const [a, b] = [await task('dup-a'), await task('dup-b')];
    await ps.add_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    await expect(ps.add_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ps.add_dependency({ source_id: b.id, target_id: a.id, dependency_type: 'depends_on' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('lists ready work highest in the tree first and releases waiters when a blocker completes', async () => {
    const ps = ctx.ps();
    const root = await ps.create_work_item({ item_type: 'project', title: 'ready-root', metadata: { description: 'r' } });
    const first = await task('first', root.id);
    const second = await task('second', root.id);
    const deeper = await task('deeper', second.id);
    await ps.add_dependency({ source_id: second.id, target_id: first.id, dependency_type: 'depends_on' });
    const ready = await ps.list_ready_work({ parent_id: root.id });
    expect(ready.items.map((i) => i.title)).toEqual(['first', 'deeper']);
    const detail = await ps.query_work_item({ id: second.id });
    expect(detail.ready).toBe(false);
    expect(detail.dependencies.waits_for).toEqual([expect.objectContaining({ id: first.id, unfinished: true })]);
    await ps.update_work_item({ id: first.id, version: first.version, status: 'completed' });
    expect((await ps.list_ready_work({ parent_id: root.id })).items.map((i) => i.title)).toEqual(['second', 'deeper']);
    await ps.remove_dependency({ source_id: second.id, target_id: first.id, dependency_type: 'depends_on' });
    await expect(ps.remove_dependency({ source_id: second.id, target_id: first.id, dependency_type: 'depends_on' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(deeper.depth).toBe(2);
  });

  it('pages ready work with offset in the list order, and refuses a negative offset', async () => {
    const ps = ctx.ps();
    const root = await ps.create_work_item({ item_type: 'project', title: 'paged-root', metadata: { description: 'p' } });
    for (const title of ['r1', 'r2', 'r3', 'r4', 'r5']) await task(title, root.id);
    const titles = async (input: { limit: number; offset?: number }) => (await ps.list_ready_work({ parent_id: root.id, ...input })).items.map((i) => i.title);
    expect(await titles({ limit: 2 })).toEqual(['r1', 'r2']);
    expect(await titles({ limit: 2, offset: 2 })).toEqual(['r3', 'r4']);
    expect(await titles({ limit: 2, offset: 4 })).toEqual(['r5']);
    expect(await titles({ limit: 2, offset: 5 })).toEqual([]);
    await expect(ps.list_ready_work({ offset: -1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('claims a ready item once and explains why other claims fail', async () => {
    const ps = ctx.ps();
    const blocker = await task('blocker');
    const waiting = await task('waiting');
    await ps.add_dependency({ source_id: blocker.id, target_id: waiting.id, dependency_type: 'blocks' });
    const claimed = await ps.claim_work_item({ id: blocker.id, assignee: 'agent-1' });
    expect(claimed).toMatchObject({ assignee: 'agent-1', version: 2 });
    expect(await ps.claim_work_item({ id: blocker.id, assignee: 'agent-1' })).toMatchObject({ version: 2 });
    await expect(ps.claim_work_item({ id: blocker.id, assignee: 'agent-2' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'already_claimed' } });
    await expect(ps.claim_work_item({ id: waiting.id, assignee: 'agent-2' })).rejects.toMatchObject({ details: { reason: 'not_ready', blocked_by: [blocker.id] } });
    expect((await ps.list_ready_work({})).items.map((i) => i.id)).not.toContain(blocker.id);
  });
});
