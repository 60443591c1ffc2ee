import { uuidv7 } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const hash = 'e'.repeat(40);
const metadata = { pr_number: 3, pr_title: 'refs', test_summary: { passed: 1 }, constitutional_compliance: true };

describeEachEngine('vendors named by name or id wherever one is typed', (ctx) => {
  it('records a deployment with vendors given by name in any case or by id, and lists by either', async () => {
    const ps = ctx.ps();
    const acme = await ps.create_vendor({ name: 'Acme-Extractor' });
    const zeta = await ps.create_vendor({ name: 'zeta' });
    const dep = await ps.record_deployment({ commit_hash: hash, metadata, affected_vendor_ids: ['acme-extractor', zeta.id, 'ACME-EXTRACTOR'] });
    expect(dep.vendors.map((v) => v.id).sort()).toEqual([acme.id, zeta.id].sort());
    for (const vendor of ['ACME-extractor', acme.id]) {
      expect((await ps.list_deployments({ vendor })).deployments.map((d) => d.id)).toEqual([dep.id]);
    }
    expect(await ps.query_vendor_status({ name: acme.id })).toMatchObject({ name: 'Acme-Extractor' });
    expect(await ps.update_vendor_status({ name: zeta.id, version: zeta.version, status: 'operational' })).toMatchObject({ status: 'operational' });
    expect((await ps.get_history({ entity_type: 'vendor', entity_id: 'ZETA' })).entries[0]).toMatchObject({ action: 'update' });
  });

  it('refuses a deployment naming an unknown vendor, lists it, and writes nothing', async () => {
    const ps = ctx.ps();
    const before = (await ps.list_deployments({})).total_count;
    const unknownId = uuidv7();
    const error = await ps.record_deployment({ commit_hash: hash, metadata, affected_vendor_ids: ['acme-extractor', 'nobody', unknownId] }).catch((e) => e);
    expect(error).toMatchObject({ code: 'NOT_FOUND', details: { unknown_vendor_ids: ['nobody', unknownId] } });
    expect(error.message).toContain('nobody');
    expect((await ps.list_deployments({})).total_count).toBe(before);
    await expect(ps.query_vendor_status({ name: unknownId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('finds a vendor whose name looks like an id by that name', async () => {
    const ps = ctx.ps();
    const name = uuidv7();
    const odd = await ps.create_vendor({ name });
    expect(await ps.query_vendor_status({ name: name.toUpperCase() })).toMatchObject({ id: odd.id });
  });
});

describeEachEngine('compact list rows of deployments and enhancements', (ctx) => {
  it('lists deployments as summary rows by default and whole with detail: full', async () => {
    const ps = ctx.ps();
    const v = await ps.create_vendor({ name: 'rows-vendor' });
    const item = await ps.create_work_item({ item_type: 'task', title: 'rows-item' });
    const dep = await ps.record_deployment({ commit_hash: hash, metadata, affected_vendor_ids: [v.id], related_work_item_ids: [item.id] });
    const [row] = (await ps.list_deployments({ work_item_id: item.id })).deployments;
    expect(row).toEqual({ id: dep.id, deployed_at: dep.deployed_at, commit_hash: hash, pr_number: 3, pr_title: 'refs', vendors: ['rows-vendor'], work_item_ids: [item.id] });
    const [full] = (await ps.list_deployments({ work_item_id: item.id, detail: 'full' })).deployments;
    expect(full).toEqual(dep);
  });

  it('lists enhancements as summary rows by default and whole with detail: full', async () => {
    const ps = ctx.ps();
    const e = await ps.create_enhancement({ title: 'rows-enh', priority: 4, description: 'long text', requires_constitutional_principles: ['p'] });
    const [row] = (await ps.list_enhancements({ priority: 4 })).enhancements;
    expect(row).toEqual({ id: e.id, title: 'rows-enh', priority: 4, status: 'planned', target_quarter: null, version: 1, updated_at: e.updated_at });
    expect((await ps.list_enhancements({ priority: 4, detail: 'full' })).enhancements[0]).toEqual(e);
  });
});
