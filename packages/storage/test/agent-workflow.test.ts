import { expect, it } from 'vitest';
import { shortIdFor, type WorkItem } from '@project-status/core';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

/** A clock the test moves by hand. */
function manualClock(start = '2026-06-01T10:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (seconds: number) => void (now += seconds * 1000) };
}

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describeEachEngine('agent workflow: priority, short ids, notes, leases, plans', (ctx) => {
  const clock = manualClock();
  let alice: ProjectStatusHandle;
  let bob: ProjectStatusHandle;

  it('opens two agents on one database with a shared, controllable clock', async () => {
    alice = await ctx.openClient({ clientId: 'alice', clock: clock.now });
    bob = await ctx.openClient({ clientId: 'bob', clock: clock.now });
  });

  it('stores priority (default 3), filters by it and orders ready work by it first', async () => {
    const root = await alice.create_work_item({ item_type: 'project', title: 'Prio', metadata: { description: 'd' } });
    expect(root.priority).toBe(3);
    const low = await alice.create_work_item({ item_type: 'task', title: 'low', parent_id: root.id, priority: 5 });
    const top = await alice.create_work_item({ item_type: 'task', title: 'top', parent_id: root.id, priority: 1 });
    const mid = await alice.create_work_item({ item_type: 'task', title: 'mid', parent_id: root.id });
    const ready = await alice.list_ready_work({ parent_id: root.id });
    expect(ready.items.map((i) => i.title)).toEqual(['top', 'mid', 'low']);
    expect(ready.items[0]).toMatchObject({ priority: 1, short_id: top.short_id });
    expect((await alice.list_ready_work({ parent_id: root.id, max_priority: 3 })).items.map((i) => i.title)).toEqual(['top', 'mid']);
    expect((await alice.list_work_items({ parent_id: root.id, priority: 5 })).items.map((i) => i.id)).toEqual([low.id]);
    const raised = await alice.update_work_item({ id: mid.id, version: mid.version, priority: 2 });
    expect(raised.priority).toBe(2);
    expect(await codeOf(alice.update_work_item({ id: mid.id, version: raised.version, priority: 0 }))).toBe('VALIDATION_ERROR');
    const history = await alice.get_history({ entity_type: 'work_item', entity_id: mid.id });
    expect(history.entries[0]!.changes.priority).toEqual({ old: 3, new: 2 });
  });

  it('gives every item a short id from its random bits, accepted with any unambiguous prefix', async () => {
    const item = await alice.create_work_item({ item_type: 'task', title: 'short one' });
    expect(item.short_id).toBe(shortIdFor(item.id));
    expect(item.short_id).toMatch(/^[0-9a-hjkmnp-tv-z]{6}$/);
    expect((await alice.query_work_item({ id: item.short_id })).item.id).toBe(item.id);
    expect((await alice.query_work_item({ id: item.short_id.toUpperCase() })).item.id).toBe(item.id);
    const claimed = await alice.claim_work_item({ id: item.short_id });
    expect(claimed.assignee).toBe('alice');
    expect(await codeOf(alice.query_work_item({ id: 'zzzzzzzz' }))).toBe('NOT_FOUND');
    expect(await codeOf(alice.query_work_item({ id: 'no!' }))).toBe('VALIDATION_ERROR');
  });

  it('lengthens a colliding short id at insert and names the candidates of an ambiguous prefix', async () => {
    // Two UUIDs whose random tails are equal: their 6-character short ids collide by construction.
    const ids = ['0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', '0290b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f'];
    // Each create takes an id for the item, then one for its history entry.
    const queue = [ids[0]!, crypto.randomUUID(), ids[1]!];
    const fixed = await ctx.openClient({ clientId: 'fixed', newId: () => queue.shift() ?? crypto.randomUUID() });
    const first = await fixed.create_work_item({ item_type: 'task', title: 'first twin' });
    const second = await fixed.create_work_item({ item_type: 'task', title: 'second twin' });
    expect(first.short_id).toBe(shortIdFor(ids[0]!, 6));
    expect(second.short_id.startsWith(first.short_id)).toBe(true);
    expect(second.short_id.length).toBeGreaterThan(6);
    // The exact short id wins over the longer one it starts.
    expect((await fixed.query_work_item({ id: first.short_id })).item.id).toBe(first.id);
    expect((await fixed.query_work_item({ id: second.short_id })).item.id).toBe(second.id);
    const ambiguous = await fixed.query_work_item({ id: first.short_id.slice(0, 5) }).catch((e: unknown) => e as { code: string; message: string; details: { candidates: { short_id: string }[] } });
    expect(ambiguous).toMatchObject({ code: 'VALIDATION_ERROR' });
    const err = ambiguous as { message: string; details: { candidates: { short_id: string }[] } };
    expect(err.message).toContain('ambiguous');
    expect(err.details.candidates.map((c) => c.short_id)).toEqual([first.short_id, second.short_id]);
    // Other ids still resolve by prefix, and every surface's inputs take short ids (dependencies here).
    const dep = await fixed.add_dependency({ source_id: first.short_id, target_id: second.short_id, dependency_type: 'blocks' });
    expect(dep).toMatchObject({ source_id: first.id, target_id: second.id });
  });

  it('keeps an append-only note log, shows the newest in query_work_item and records notes in history', async () => {
    const item = await alice.create_work_item({ item_type: 'task', title: 'noted' });
    for (let i = 1; i <= 7; i++) {
      clock.advance(1);
      await (i % 2 ? alice : bob).add_note({ id: item.short_id, text: `note ${i}` });
    }
    const detail = await alice.query_work_item({ id: item.id });
    expect(detail.notes.map((n) => n.text)).toEqual(['note 7', 'note 6', 'note 5', 'note 4', 'note 3']);
    expect(detail.notes[1]).toMatchObject({ author: 'bob' });
    const history = await alice.get_history({ entity_type: 'work_item', entity_id: item.short_id });
    expect(history.entries.filter((e) => e.action === 'note')).toHaveLength(7);
    expect(await codeOf(alice.add_note({ id: item.id, text: '   ' }))).toBe('VALIDATION_ERROR');
  });

  it('records a close reason on completing or deleting, rejects it otherwise and clears it on reopening', async () => {
    const item = await alice.create_work_item({ item_type: 'task', title: 'to close' });
    expect(await codeOf(alice.update_work_item({ id: item.id, version: 1, title: 'x', close_reason: 'why' }))).toBe('VALIDATION_ERROR');
    const done = await alice.update_work_item({ id: item.id, version: 1, status: 'completed', close_reason: 'shipped in #42' });
    expect(done.close_reason).toBe('shipped in #42');
    const reopened = await alice.update_work_item({ id: item.id, version: done.version, status: 'active' });
    expect(reopened.close_reason).toBeNull();
    const deleted = await alice.update_work_item({ id: item.id, version: reopened.version, delete: true, close_reason: 'duplicate of another task' });
    expect(deleted).toMatchObject({ close_reason: 'duplicate of another task' });
    expect(deleted.deleted_at).not.toBeNull();
    const history = await alice.get_history({ entity_type: 'work_item', entity_id: item.id });
    expect(history.entries[0]!.changes.close_reason).toEqual({ old: null, new: 'duplicate of another task' });
  });

  it('lets a lease lapse without any background job, renews it on every write of the holder, and frees the item for others', async () => {
    const item = await alice.create_work_item({ item_type: 'task', title: 'leased' });
    const claimed = await alice.claim_work_item({ id: item.id, lease_seconds: 600 });
    expect(claimed.lease_expires_at).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    expect((await bob.list_ready_work({})).items.map((i) => i.id)).not.toContain(item.id);
    expect((await alice.list_my_work({})).items.map((i) => i.id)).toContain(item.id);

    clock.advance(500);
    const updated = await alice.update_work_item({ id: item.id, version: claimed.version, metadata: { estimated_hours: 2 } });
    expect(updated.lease_expires_at).toBe(new Date(clock.now().getTime() + 600_000).toISOString());
    clock.advance(500);
    await alice.add_note({ id: item.id, text: 'still on it' });
    clock.advance(500); // 500 s after the note: still held
    expect(await codeOf(bob.claim_work_item({ id: item.id }))).toBe('CONFLICT');
    const renewed = await alice.claim_work_item({ id: item.id }); // an explicit renewal
    expect(Date.parse(renewed.lease_expires_at!)).toBe(clock.now().getTime() + 600_000);

    clock.advance(601); // the holder went silent
    expect((await alice.list_my_work({})).items.map((i) => i.id)).not.toContain(item.id);
    expect((await bob.list_ready_work({})).items.map((i) => i.id)).toContain(item.id);
    const taken = await bob.claim_work_item({ id: item.id });
    expect(taken).toMatchObject({ assignee: 'bob', lease_expires_at: null });
    const last = (await bob.get_history({ entity_type: 'work_item', entity_id: item.id, limit: 1 })).entries[0]!;
    expect(last).toMatchObject({ action: 'claim', actor: 'bob' });
    expect(last.changes.assignee).toEqual({ old: 'alice', new: 'bob' });
    // Bob holds it without a lease: it never lapses.
    clock.advance(10 * 86_400);
    expect((await bob.list_my_work({})).items.map((i) => i.id)).toContain(item.id);
  });

  it('releases only for the holder, and two agents racing for a released item never both win', async () => {
    const item = await alice.create_work_item({ item_type: 'task', title: 'contested' });
    await alice.claim_work_item({ id: item.id, lease_seconds: 300 });
    expect(await codeOf(bob.release_work_item({ id: item.id }))).toBe('CONFLICT');
    const released = await alice.release_work_item({ id: item.id, note: 'need a database expert' });
    expect(released).toMatchObject({ assignee: null, lease_expires_at: null });
    expect((await alice.query_work_item({ id: item.id })).notes[0]).toMatchObject({ text: 'need a database expert', author: 'alice' });
    expect((await alice.release_work_item({ id: item.id })).version).toBe(released.version); // nothing held: no change

    const results = await Promise.allSettled([alice.claim_work_item({ id: item.id }), bob.claim_work_item({ id: item.id })]);
    const won = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<WorkItem>[];
    expect(won).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'CONFLICT', details: { reason: 'already_claimed' } });
    expect((await alice.query_work_item({ id: item.id })).item.assignee).toBe(won[0]!.value.assignee);
  });

  it('creates a plan of 200 items with parents and dependencies in one call, atomically', async () => {
    const root = await alice.create_work_item({ item_type: 'project', title: 'Big plan', metadata: { description: 'd' } });
    const items = Array.from({ length: 200 }, (_, i) => ({
      ref: `r${i}`,
      item_type: 'task' as const,
      title: `step ${i}`,
      ...(i >= 10 ? { parent: `r${i % 10}` } : {}),
      ...(i > 0 && i < 10 ? { depends_on: [`r${i - 1}`] } : {}),
      priority: 1 + (i % 5),
    }));
    const result = await alice.create_work_items({ parent_id: root.short_id, items });
    expect(result.items).toHaveLength(200);
    expect(result.dependencies).toBe(9);
    expect(new Set(result.items.map((i) => i.short_id)).size).toBe(200);
    const child = await alice.query_work_item({ id: result.items[15]!.id });
    expect(child.ancestors.map((a) => a.title)).toEqual(['Big plan', 'step 5']);
    expect(child.item.depth).toBe(2);
    expect((await alice.query_work_item({ id: result.items[3]!.id })).dependencies.waits_for.map((w) => w.title)).toEqual(['step 2']);
    expect((await alice.list_work_items({ parent_id: root.id, limit: 100 })).total_count).toBe(10);
  });

  it('rejects a plan with a cycle, naming it, and a plan with a bad row in the middle, writing nothing', async () => {
    const root = await alice.create_work_item({ item_type: 'project', title: 'Bad plans', metadata: { description: 'd' } });
    const cycle = await alice
      .create_work_items({
        parent_id: root.id,
        items: [
          { ref: 'a', item_type: 'task', title: 'A', depends_on: ['c'] },
          { ref: 'b', item_type: 'task', title: 'B', depends_on: ['a'] },
          { ref: 'c', item_type: 'task', title: 'C', depends_on: ['b'] },
        ],
      })
      .catch((e: unknown) => e as { code: string; message: string; details: { cycle: string[] } });
    expect(cycle).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((cycle as { details: { cycle: string[] } }).details.cycle).toEqual(['a', 'b', 'c', 'a']);
    expect((cycle as { message: string }).message).toContain('a → b → c → a');

    const bad = await alice
      .create_work_items({
        parent_id: root.id,
        items: [
          { ref: 'ok1', item_type: 'task', title: 'fine' },
          { ref: 'bad', item_type: 'session', title: 'no metadata' },
          { ref: 'ok2', item_type: 'task', title: 'fine too', parent: 'nowhere' },
          { ref: 'ok1', item_type: 'task', title: 'duplicate ref' },
        ],
      })
      .catch((e: unknown) => e as { code: string; issues: { path: string }[] });
    expect(bad).toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((bad as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['items.1.metadata.token_budget']));
    const planErr = await alice
      .create_work_items({ parent_id: root.id, items: [{ ref: 'ok1', item_type: 'task', title: 'fine' }, { ref: 'x', item_type: 'task', title: 'x', parent: 'nowhere' }, { ref: 'ok1', item_type: 'task', title: 'dup' }] })
      .catch((e: unknown) => e as { issues: { path: string }[] });
    expect((planErr as { issues: { path: string }[] }).issues.map((i) => i.path).sort()).toEqual(['items.1.parent', 'items.2.ref']);
    expect((await alice.list_work_items({ parent_id: root.id })).total_count).toBe(0);
  });
});
