import { uuidv7 } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('history of links and of unknown entities', (ctx) => {
  it('records adding and removing a dependency in the history of both items', async () => {
    const ps = ctx.ps();
    const a = await ps.create_work_item({ item_type: 'task', title: 'hist-a' });
    const b = await ps.create_work_item({ item_type: 'task', title: 'hist-b' });
    const dep = await ps.add_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    await ps.remove_dependency({ source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    const link = { source_id: a.id, target_id: b.id, dependency_type: 'blocks' };
    for (const id of [a.id, b.id]) {
      const entries = (await ps.get_history({ entity_type: 'work_item', entity_id: id })).entries;
      expect(entries.map((e) => e.action)).toEqual(['unlink', 'link', 'create']);
      expect(entries[0]!.changes).toEqual({ dependency: { old: link, new: null } });
      expect(entries[1]!.changes).toEqual({ dependency: { old: null, new: link } });
    }
    const own = (await ps.get_history({ entity_type: 'dependency', entity_id: dep.id })).entries;
    expect(own.map((e) => e.action)).toEqual(['unlink', 'link']);
  });

  it('answers NOT_FOUND for the history of an unknown entity of every type', async () => {
    const ps = ctx.ps();
    for (const entity_type of ['work_item', 'dependency', 'vendor', 'deployment', 'enhancement'] as const) {
      await expect(ps.get_history({ entity_type, entity_id: uuidv7() })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    }
    await expect(ps.get_history({ entity_type: 'work_item', entity_id: 'not-an-id' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ps.get_history({ entity_type: 'vendor', entity_id: 'no such vendor' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // The configuration always exists (defaults until written): an empty history, not an error.
    expect(await ps.get_history({ entity_type: 'configuration', entity_id: 'singleton' })).toMatchObject({ total_count: expect.any(Number) });
  });

  it('keeps answering the history of a deleted and of an archived work item', async () => {
    const past = await ctx.openClient({ clock: () => new Date('2020-01-01T00:00:00Z') });
    const ps = ctx.ps();
    const old = await past.create_work_item({ item_type: 'task', title: 'hist-old', status: 'completed' });
    const gone = await ps.create_work_item({ item_type: 'task', title: 'hist-gone' });
    await ps.update_work_item({ id: gone.id, version: gone.version, delete: true });
    expect((await ps.get_history({ entity_type: 'work_item', entity_id: gone.id })).entries.map((e) => e.action)).toEqual(['delete', 'create']);
    await ps.archive_work_items({ older_than_days: 365 });
    expect((await ps.get_history({ entity_type: 'work_item', entity_id: old.id })).entries.map((e) => e.action)).toEqual(['archive', 'create']);
  });
});
