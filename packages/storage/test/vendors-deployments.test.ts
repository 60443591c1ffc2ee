import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const hash = (c: string) => c.repeat(40);
const meta = (commit: string, pr = 7) => ({ pr_number: pr, pr_title: 'Ship it', commit_hash: commit, test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true });

describeEachEngine('vendors, deployments, configuration and enhancements', (ctx) => {
  it('creates a vendor from a name alone with the documented defaults', async () => {
    const v = await ctx.ps().create_vendor({ name: 'globex_5' });
    expect(v).toMatchObject({ status: 'broken', extractor_version: '0.0.0', version: 1 });
    expect(v.metadata).toEqual({ format_support: { excel: false, csv: false, pdf: false, ocr: false }, test_results: { passing: 0, total: 0, skipped: 0 }, extractor_version: '0.0.0', manifest_compliant: false });
  });

  it('finds vendors case-insensitively and rejects a name differing only in case', async () => {
    const ps = ctx.ps();
    await ps.create_vendor({ name: 'Initech_2', initial_metadata: { format_support: { csv: true }, scaffolder_version: '1.0' } });
    expect((await ps.query_vendor_status({ name: 'INITECH_2' })).metadata).toMatchObject({ format_support: { csv: true, pdf: false }, scaffolder_version: '1.0' });
    await expect(ps.create_vendor({ name: 'initech_2' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(ps.create_vendor({ name: 'bad/name' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });

  it('updates a vendor with a version check and keeps the metadata consistent', async () => {
    const ps = ctx.ps();
    const v = await ps.create_vendor({ name: 'stark_3' });
    const up = await ps.update_vendor_status({ name: 'STARK_3', version: 1, status: 'operational', extractor_version: '1.2.3', metadata: { test_results: { passing: 10, total: 12, skipped: 2 } } });
    expect(up).toMatchObject({ status: 'operational', extractor_version: '1.2.3', version: 2, metadata: { extractor_version: '1.2.3', test_results: { passing: 10, total: 12, skipped: 2 } } });
    await expect(ps.update_vendor_status({ name: 'stark_3', version: 1, status: 'broken' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(ps.update_vendor_status({ name: 'stark_3', version: 2, metadata: { test_results: { passing: 13 } } })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const list = await ps.list_vendors({ status: 'operational' });
    expect(list.vendors.map((x) => x.name)).toContain('stark_3');
    expect(list.operational).toBe(list.count);
    expect(v.id).toBe(up.id);
  });

  it('records a deployment linked to vendors and work items and lists it newest first', async () => {
    const ps = ctx.ps();
    const v = await ps.create_vendor({ name: 'acme_4' });
    const item = await ps.create_work_item({ item_type: 'task', title: 'deployed task' });
    const older = await ps.record_deployment({ deployed_at: '2025-03-01T00:00:00Z', commit_hash: hash('a'), metadata: meta(hash('a'), 100), affected_vendor_ids: [v.id], related_work_item_ids: [item.id] });
    expect(older.vendors).toEqual([{ id: v.id, name: 'acme_4' }]);
    expect(older.work_items).toEqual([{ id: item.id, title: 'deployed task' }]);
    await ps.record_deployment({ deployed_at: '2025-03-08T00:00:00Z', commit_hash: hash('b'), metadata: meta(hash('b'), 103) });
    const byVendor = await ps.list_deployments({ vendor: 'ACME_4' });
    expect(byVendor.deployments.map((d) => 'pr_number' in d && d.pr_number)).toEqual([100]);
    const range = await ps.list_deployments({ since: '2025-03-05T00:00:00Z', detail: 'full' });
    expect(range.deployments.map((d) => 'metadata' in d && d.metadata.pr_number)).toContain(103);
    expect(range.deployments.map((d) => 'metadata' in d && d.metadata.pr_number)).not.toContain(100);
    await ps.update_work_item({ id: item.id, version: 1, delete: true });
    const linked = await ps.list_deployments({ work_item_id: item.id });
    expect(linked.total_count).toBe(1);
  });

  it('rejects a deployment with one unknown vendor or work item id and writes nothing', async () => {
    const ps = ctx.ps();
    const v = await ps.create_vendor({ name: 'tyrell_6' });
    const before = (await ps.list_deployments({ limit: 100 })).total_count;
    const unknown = '01a20000-0000-7000-8000-000000000000';
    const e1 = await ps.record_deployment({ commit_hash: hash('c'), metadata: meta(hash('c')), affected_vendor_ids: [v.id, unknown] }).catch((e) => e);
    expect(e1).toMatchObject({ code: 'NOT_FOUND', details: { unknown_vendor_ids: [unknown] } });
    await expect(ps.record_deployment({ commit_hash: hash('d'), metadata: meta(hash('d')), related_work_item_ids: [unknown] })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ps.record_deployment({ commit_hash: hash('e'), metadata: meta(hash('f')) })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await ps.list_deployments({ limit: 100 })).total_count).toBe(before);
  });

  it('stores metadata.commit_hash from commit_hash when the metadata leaves it out', async () => {
    const ps = ctx.ps();
    const { commit_hash: _, ...withoutCommit } = meta(hash('1'), 11);
    const recorded = await ps.record_deployment({ commit_hash: hash('1'), metadata: withoutCommit });
    expect(recorded.metadata).toEqual(meta(hash('1'), 11));
    const stored = (await ps.list_deployments({ limit: 100, detail: 'full' })).deployments.find((d) => d.id === recorded.id);
    expect(stored).toMatchObject({ commit_hash: hash('1'), metadata: { commit_hash: hash('1'), pr_number: 11 } });
  });

  it('refuses a metadata.commit_hash that differs from commit_hash, naming both, and writes nothing', async () => {
    const ps = ctx.ps();
    const v = await ps.create_vendor({ name: 'wayne_8' });
    const before = (await ps.list_deployments({ limit: 100 })).total_count;
    const error = await ps.record_deployment({ commit_hash: hash('2'), metadata: meta(hash('3')), affected_vendor_ids: [v.id] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', issues: [{ path: 'metadata.commit_hash' }] });
    expect((error as Error).message).toContain(`metadata.commit_hash: must equal commit_hash: expected "${hash('2')}", received "${hash('3')}"`);
    expect((await ps.list_deployments({ limit: 100 })).total_count).toBe(before);
    expect((await ps.list_deployments({ vendor: 'wayne_8' })).total_count).toBe(0);
  });

  it('returns default configuration at version 0 and version-checks every write', async () => {
    const ps = ctx.ps();
    const initial = await ps.get_project_configuration({});
    expect(initial).toMatchObject({ version: 0, default_token_budget: 200_000, active_context_type: 'feature' });
    const v1 = await ps.update_project_configuration({ version: 0, git_branch: 'main', default_token_budget: 150_000 });
    expect(v1).toMatchObject({ version: 1, git_branch: 'main', default_token_budget: 150_000, database_healthy: true });
    await expect(ps.update_project_configuration({ version: 0, git_branch: 'other' })).rejects.toMatchObject({ code: 'VERSION_CONFLICT', details: { current_version: 1 } });
    const task = await ps.create_work_item({ item_type: 'task', title: 'not a session' });
    await expect(ps.update_project_configuration({ version: 1, current_session_id: task.id })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    const v2 = await ps.update_project_configuration({ version: 1, active_context_type: 'research' });
    expect(v2.version).toBe(2);
    expect((await ps.get_history({ entity_type: 'configuration', entity_id: 'singleton' })).total_count).toBe(2);
  });

  it('keeps an enhancement backlog by priority with filters and version checks', async () => {
    const ps = ctx.ps();
    await ps.create_enhancement({ title: 'Cache search', priority: 3, target_quarter: '2026-Q1' });
    const high = await ps.create_enhancement({ title: 'Multi-tenant sync', priority: 1, target_quarter: '2027-Q1' });
    const list = await ps.list_enhancements({});
    expect(list.enhancements.map((e) => e.title).slice(0, 2)).toEqual(['Multi-tenant sync', 'Cache search']);
    expect((await ps.list_enhancements({ target_quarter: '2026-Q1' })).total_count).toBe(1);
    const up = await ps.update_enhancement({ id: high.id, version: 1, status: 'approved' });
    expect(up).toMatchObject({ status: 'approved', version: 2 });
    await expect(ps.update_enhancement({ id: high.id, version: 1, priority: 2 })).rejects.toMatchObject({ code: 'VERSION_CONFLICT' });
    await expect(ps.create_enhancement({ title: 'x', priority: 6 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
