import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

describeEachEngine('metadata updates as JSON Merge Patch', (ctx) => {
  it('clears a task blocked_reason with null, bumping the version and recording the removal', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'Wait for API keys', metadata: { estimated_hours: 2 } });
    const blocked = await ps.update_work_item({ id: item.id, version: 1, status: 'blocked', metadata: { blocked_reason: 'waiting for quasar API keys' } });
    expect(blocked.metadata).toEqual({ estimated_hours: 2, blocked_reason: 'waiting for quasar API keys' });

    const active = await ps.update_work_item({ id: item.id, version: blocked.version, status: 'active', metadata: { blocked_reason: null } });
    expect(active.version).toBe(blocked.version + 1);
    expect(active.metadata).toEqual({ estimated_hours: 2 });

    const read = (await ps.query_work_item({ id: item.id })).item;
    expect(read.metadata).toEqual({ estimated_hours: 2 });
    expect(read.metadata).not.toHaveProperty('blocked_reason');
    expect(read).toMatchObject({ status: 'active', version: active.version });

    const history = await ps.get_history({ entity_type: 'work_item', entity_id: item.id });
    expect(history.entries[0]).toMatchObject({
      action: 'update',
      version: active.version,
      changes: {
        status: { old: 'blocked', new: 'active' },
        metadata: { old: { estimated_hours: 2, blocked_reason: 'waiting for quasar API keys' }, new: { estimated_hours: 2 } },
      },
    });
    expect((await ps.search_work_items({ query: 'quasar' })).total_count).toBe(0);
  });

  it('keeps metadata the update leaves out', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'Keep it', metadata: { estimated_hours: 2, blocked_reason: 'stays' } });
    const updated = await ps.update_work_item({ id: item.id, version: 1, metadata: { actual_hours: 1 } });
    expect((await ps.query_work_item({ id: updated.id })).item.metadata).toEqual({ estimated_hours: 2, blocked_reason: 'stays', actual_hours: 1 });
  });

  it('refuses to remove a key the item type requires, naming it, and writes nothing', async () => {
    const ps = ctx.ps();
    const project = await ps.create_work_item({ item_type: 'project', title: 'Needs a description', metadata: { description: 'the why' } });
    const session = await ps.create_work_item({ item_type: 'session', title: 'S', metadata: { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } } });

    const e1 = await ps.update_work_item({ id: project.id, version: 1, title: 'renamed', metadata: { description: null } }).catch((e: unknown) => e);
    expect(e1).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('metadata.description: a project requires this key, so it cannot be removed') });
    const e2 = await ps.update_work_item({ id: session.id, version: 1, metadata: { token_budget: null } }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'VALIDATION_ERROR', details: { issues: [{ path: 'metadata.token_budget' }] } });

    const p = (await ps.query_work_item({ id: project.id })).item;
    expect(p).toMatchObject({ title: 'Needs a description', version: 1, metadata: { description: 'the why' } });
    expect((await ps.query_work_item({ id: session.id })).item).toMatchObject({ version: 1, metadata: { token_budget: 5000 } });
    expect((await ps.get_history({ entity_type: 'work_item', entity_id: project.id })).entries.map((e) => e.action)).toEqual(['create']);
  });

  it('checks the version before removing a key', async () => {
    const ps = ctx.ps();
    const item = await ps.create_work_item({ item_type: 'task', title: 'Stale', metadata: { blocked_reason: 'old news' } });
    await ps.update_work_item({ id: item.id, version: 1, title: 'Stale 2' });
    await expect(ps.update_work_item({ id: item.id, version: 1, metadata: { blocked_reason: null } })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    expect((await ps.query_work_item({ id: item.id })).item.metadata).toEqual({ blocked_reason: 'old news' });
  });

  it('removes an extra vendor metadata key with null and refuses to remove a required one', async () => {
    const ps = ctx.ps();
    await ps.create_vendor({ name: 'umbrella_7', initial_metadata: { scaffolder_version: '1.0', format_support: { csv: true } } });
    const up = await ps.update_vendor_status({ name: 'umbrella_7', version: 1, metadata: { scaffolder_version: null, format_support: { pdf: true } } });
    expect(up.version).toBe(2);
    expect(up.metadata).not.toHaveProperty('scaffolder_version');
    expect(up.metadata.format_support).toEqual({ excel: false, csv: true, pdf: true, ocr: false });
    expect((await ps.query_vendor_status({ name: 'umbrella_7' })).metadata).not.toHaveProperty('scaffolder_version');

    const error = await ps.update_vendor_status({ name: 'umbrella_7', version: 2, metadata: { manifest_compliant: null } as never }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('metadata.manifest_compliant: a vendor requires this key') });
    expect(await ps.query_vendor_status({ name: 'umbrella_7' })).toMatchObject({ version: 2, metadata: { manifest_compliant: false } });
  });
});
