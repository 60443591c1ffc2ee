import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

/**
 * Writes that change nothing: an update sending the values already stored
 * writes nothing (no new version, no history entry, no change event), so
 * other writers' versions stay good; its version check still applies. And a
 * release of an item nobody holds changes nothing but keeps its note.
 */
describeEachEngine('writes that change nothing', (ctx) => {
  const feedHead = async () => (await ctx.ps().list_changes({})).head;
  const historyOf = async (entity_type: 'work_item' | 'vendor' | 'enhancement' | 'configuration', entity_id: string) =>
    (await ctx.ps().get_history({ entity_type, entity_id })).entries;

  it('an update with the current values is a no-op: same version, no history entry, no change event', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'steady', labels: ['a', 'b'], metadata: { estimated_hours: 2 } });
    const head = await feedHead();
    const same = await ps.update_work_item({ id: item.id, version: item.version, title: 'steady', status: item.status, labels: ['a', 'b'], priority: item.priority, metadata: { estimated_hours: 2 } });
    expect(same).toMatchObject({ version: item.version, updated_at: item.updated_at, title: 'steady' });
    expect((await ps.query_work_item({ id: item.id })).item.version).toBe(item.version);
    expect((await historyOf('work_item', item.id)).map((h) => h.action)).toEqual(['create']);
    expect(await feedHead()).toBe(head);
    // The version check still applies: a stale version conflicts even when nothing would change.
    await expect(ps.update_work_item({ id: item.id, version: item.version + 1, title: 'steady' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    // A real change still writes, and only what changed is in its history entry.
    const renamed = await ps.update_work_item({ id: item.id, version: item.version, title: 'moved on', status: item.status });
    expect(renamed.version).toBe(item.version + 1);
    expect(Object.keys((await historyOf('work_item', item.id))[0]!.changes)).toEqual(['title']);
  });

  it("a holder's no-op update renews the lease without a new version", async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'held' });
    const claimed = await ps.claim_work_item({ id: item.id, lease_seconds: 600 });
    const head = await feedHead();
    const same = await ps.update_work_item({ id: item.id, version: claimed.version, title: 'held' });
    expect(same.version).toBe(claimed.version);
    expect(same.lease_expires_at! >= claimed.lease_expires_at!).toBe(true);
    expect(await feedHead()).toBe(head);
  });

  it('vendors, enhancements and the configuration: the same values write nothing either', async () => {
    const ps = ctx.ps();
    const vendor = await ps.create_vendor({ name: 'noop-vendor', extractor_version: '1.0', initial_metadata: { format_support: { csv: true } } });
    const enhancement = await ps.create_enhancement({ title: 'noop enhancement', description: 'd', priority: 2 });
    const config = await ps.update_project_configuration({ version: (await ps.get_project_configuration({})).version, git_branch: 'main' });
    const head = await feedHead();

    const v = await ps.update_vendor_status({ name: vendor.name, version: vendor.version, status: vendor.status, extractor_version: '1.0', metadata: { format_support: { csv: true } } });
    expect(v.version).toBe(vendor.version);
    const e = await ps.update_enhancement({ id: enhancement.id, version: enhancement.version, title: 'noop enhancement', priority: 2 });
    expect(e.version).toBe(enhancement.version);
    const c = await ps.update_project_configuration({ version: config.version, git_branch: 'main' });
    expect(c.version).toBe(config.version);

    expect(await feedHead()).toBe(head);
    expect(await historyOf('vendor', vendor.id)).toHaveLength(1);
    expect(await historyOf('enhancement', enhancement.id)).toHaveLength(1);
    await expect(ps.update_vendor_status({ name: vendor.name, version: vendor.version + 1, status: vendor.status })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(ps.update_enhancement({ id: enhancement.id, version: enhancement.version + 1, priority: 2 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(ps.update_project_configuration({ version: config.version + 1, git_branch: 'main' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
  });

  it('releasing an item nobody holds changes nothing but keeps the note', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'never claimed' });
    const released = await ps.release_work_item({ id: item.id, note: 'important hand-off finding' });
    expect(released).toMatchObject({ version: item.version, assignee: null });
    const again = await ps.release_work_item({ id: item.id, note: 'second finding' });
    expect(again.version).toBe(item.version);
    expect((await ps.query_work_item({ id: item.id })).notes.map((n) => n.text)).toEqual(['second finding', 'important hand-off finding']);
    expect((await historyOf('work_item', item.id)).map((h) => h.action)).toEqual(['note', 'note', 'create']);
    // Without a note it is still a pure no-op.
    const head = await feedHead();
    expect((await ps.release_work_item({ id: item.id })).version).toBe(item.version);
    expect(await feedHead()).toBe(head);
  });
});
