import { expect, it } from 'vitest';
import type { ProjectStatusHandle } from '../src/index.js';
import { describeEachEngine } from '../src/testing/index.js';

/** A clock the test moves by hand, months before the database's own clock (so a lease judged by the database's now would have ended). */
function manualClock(start = '2026-06-01T10:00:00.000Z') {
  let now = Date.parse(start);
  return { now: () => new Date(now), advance: (seconds: number) => void (now += seconds * 1000) };
}

const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { code?: string }) => e.code ?? String(e));

describeEachEngine('the held filter of list_work_items and search_work_items', (ctx) => {
  const clock = manualClock();
  let alice: ProjectStatusHandle;
  let bob: ProjectStatusHandle;
  let root: string;
  const ids: Record<string, string> = {};
  const titles = (page: { items: { title: string }[] }) => page.items.map((i) => i.title).sort();

  it('sets up items held with a lease, held without one, free, lapsed, completed and deleted', async () => {
    alice = await ctx.openClient({ clientId: 'alice', clock: clock.now });
    bob = await ctx.openClient({ clientId: 'bob', clock: clock.now });
    root = (await alice.create_work_item({ item_type: 'project', title: 'Held', metadata: { description: 'd' } })).id;
    const task = async (title: string) => (ids[title] = (await alice.create_work_item({ item_type: 'task', title: `${title} widget`, parent_id: root })).id);
    await task('leased');
    await task('forever');
    await task('free');
    await task('lapsed');
    await task('finished');
    await task('gone');
    await alice.claim_work_item({ id: ids.leased!, lease_seconds: 3600 });
    await bob.claim_work_item({ id: ids.forever! });
    await alice.claim_work_item({ id: ids.lapsed!, lease_seconds: 60 });
    const finished = await bob.claim_work_item({ id: ids.finished! });
    await bob.update_work_item({ id: finished.id, version: finished.version, status: 'completed' }); // keeps bob as assignee
    const gone = await alice.claim_work_item({ id: ids.gone! });
    await alice.update_work_item({ id: gone.id, version: gone.version, delete: true });
    clock.advance(120); // the 60 s lease has ended; the hour-long one has not
  });

  it('held: true lists only live, unfinished items someone holds by the service clock, with a total that matches', async () => {
    const held = await alice.list_work_items({ parent_id: root, held: true });
    expect(titles(held)).toEqual(['forever widget', 'leased widget']);
    expect(held.total_count).toBe(2);
    // Next to the other filters, and paged: the total is the filtered count.
    expect(titles(await alice.list_work_items({ parent_id: root, held: true, assignee: 'alice' }))).toEqual(['leased widget']);
    const first = await alice.list_work_items({ parent_id: root, status: 'active', held: true, limit: 1 });
    expect(first.items).toHaveLength(1);
    expect(first.total_count).toBe(2);
    // Even with deleted items asked for, a deleted item is not held.
    expect(titles(await alice.list_work_items({ parent_id: root, held: true, include_deleted: true }))).toEqual(['forever widget', 'leased widget']);
  });

  it('held: false is the complement: unassigned, lapsed, completed (and deleted when asked for)', async () => {
    const free = await alice.list_work_items({ parent_id: root, held: false });
    expect(titles(free)).toEqual(['finished widget', 'free widget', 'lapsed widget']);
    expect(free.total_count).toBe(3);
    const all = await alice.list_work_items({ parent_id: root, include_deleted: true });
    const freeOrGone = await alice.list_work_items({ parent_id: root, held: false, include_deleted: true });
    expect(freeOrGone.total_count + 2).toBe(all.total_count);
    expect(titles(freeOrGone)).toContain('gone widget');
    expect(titles(await alice.list_work_items({ parent_id: root, status: 'active', held: false }))).toEqual(['free widget', 'lapsed widget']);
  });

  it('applies to search_work_items the same way, total included', async () => {
    const held = await alice.search_work_items({ query: 'widget', held: true });
    expect(titles(held)).toEqual(['forever widget', 'leased widget']);
    expect(held.total_count).toBe(2);
    const free = await alice.search_work_items({ query: 'widget', held: false });
    expect(titles(free)).toEqual(['finished widget', 'free widget', 'lapsed widget']);
    expect(free.total_count).toBe(3);
  });

  it('gives the descendants of query_work_item their lease, like every summary row (the board tells held from lapsed by it)', async () => {
    const [list, detail] = await Promise.all([alice.list_work_items({ parent_id: root }), alice.query_work_item({ id: root })]);
    const lease = (rows: { id: string; lease_expires_at?: string | null }[], id: string) => rows.find((r) => r.id === id)?.lease_expires_at;
    expect(lease(detail.descendants, ids.leased!)).toBe(new Date(Date.parse('2026-06-01T10:00:00.000Z') + 3600_000).toISOString());
    expect(lease(detail.descendants, ids.lapsed!)).toBe(lease(list.items, ids.lapsed!));
    expect(lease(detail.descendants, ids.forever!)).toBeUndefined();
  });

  it('moves an item between the two when its lease ends or it is claimed again', async () => {
    clock.advance(3600); // the hour-long lease has ended too
    expect(titles(await alice.list_work_items({ parent_id: root, held: true }))).toEqual(['forever widget']);
    await bob.claim_work_item({ id: ids.lapsed! });
    expect(titles(await alice.list_work_items({ parent_id: root, held: true }))).toEqual(['forever widget', 'lapsed widget']);
    expect(titles(await alice.list_work_items({ parent_id: root, held: false }))).toEqual(['finished widget', 'free widget', 'leased widget']);
  });

  it('rejects a held value that is not a boolean, changing nothing', async () => {
    expect(await codeOf(alice.list_work_items({ held: 'maybe' as unknown as boolean }))).toBe('VALIDATION_ERROR');
    expect(await codeOf(alice.search_work_items({ query: 'widget', held: 1 as unknown as boolean }))).toBe('VALIDATION_ERROR');
  });
});
