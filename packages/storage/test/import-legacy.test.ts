import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLegacyStatus, type Deployment, type ImportReport, type Progress } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const EDGE_CASES = join(import.meta.dirname, 'fixtures', 'legacy-edge-cases.md');

function checks(report: ImportReport): Record<string, [number, number, boolean]> {
  return Object.fromEntries(report.checks.map((c) => [c.check, [c.source, c.migrated, c.match]]));
}

describeEachEngine('legacy import', (ctx) => {
  const sample = generateLegacyStatus();

  it('reports a dry run exactly and writes nothing', async () => {
    const ps = ctx.ps();
    writeFileSync(join(ctx.db().root, 'legacy.md'), sample.text);
    const report = await ps.import_legacy_status({ path: 'legacy.md', dry_run: true });
    expect(report).toMatchObject({ dry_run: true, committed: false, preservation_percent: 100, created: { vendors: 45, deployments: 12, enhancements: 8, sessions: 25 } });
    expect(report.checks.every((c) => c.match)).toBe(true);
    expect((await ps.list_vendors({})).count).toBe(0);
    expect((await ps.list_work_items({})).total_count).toBe(0);
    expect((await ps.list_deployments({})).total_count).toBe(0);
    expect((await ps.list_enhancements({})).total_count).toBe(0);
  });

  it('imports the sample-shaped file with five passing checks and 100 % preservation', async () => {
    const ps = ctx.ps();
    const progress: Progress[] = [];
    const report = await ps.import_legacy_status({ path: 'legacy.md' }, { onProgress: (p) => progress.push(p) });
    expect(report.committed).toBe(true);
    expect(() => ps.operations.import_legacy_status!.output.parse(report)).not.toThrow();
    expect(checks(report)).toEqual({
      vendor_count: [45, 45, true],
      deployment_count: [12, 12, true],
      enhancement_count: [8, 8, true],
      session_count: [25, 25, true],
      vendor_metadata_completeness: [45, 45, true],
    });
    expect(report.preservation_percent).toBe(100);
    expect(report.issues).toEqual([]);
    expect(progress.at(-1)).toEqual({ phase: 'import', done: 90, total: 90 });
    expect(progress).toHaveLength(90);

    const line = sample.text.split('\n').find((l) => l.startsWith('- ') && l.includes('tests passed'))!;
    const name = line.slice(2, line.indexOf(':'));
    const vendor = await ps.query_vendor_status({ name: name.toUpperCase() });
    expect(line).toContain(`${vendor.status} (${vendor.metadata.test_results.passing}/${vendor.metadata.test_results.total} tests passed, ${vendor.metadata.test_results.skipped} skipped)`);
    expect(line.endsWith(` v${vendor.extractor_version}`)).toBe(true);

    const deployments = (await ps.list_deployments({ limit: 100, detail: 'full' })).deployments as Deployment[];
    expect(deployments).toHaveLength(12);
    const first = deployments.at(-1)!;
    expect(first.metadata).toMatchObject({ pr_number: 100, pr_title: 'PR #100', legacy_work_item_refs: ['#T001', '#T002'], constitutional_compliance: expect.any(Boolean) });
    expect(Object.keys(first.metadata.test_summary).sort()).toEqual(['failed', 'passed']);
    expect(first.vendors.length).toBeGreaterThan(0);
    expect(first.deployed_at.slice(0, 10)).toBe(/### (\S+) - PR #100/.exec(sample.text)![1]);

    const { enhancements } = await ps.list_enhancements({ limit: 100, detail: 'full' });
    expect(enhancements.every((e) => [1, 3, 5].includes(e.priority) && /^\d{4}-Q[1-4]$/.test(e.target_quarter ?? ''))).toBe(true);

    const sessions = await ps.list_work_items({ item_type: 'session', detail: 'full', limit: 100 });
    expect(sessions.total_count).toBe(25);
    const s1 = sessions.items.find((s) => s.title.startsWith('Session 2025-03-01')) as { metadata: Record<string, unknown> };
    expect(s1.metadata).toMatchObject({ prompts_count: 1, yaml_frontmatter: { session_id: 'sess_001', session_date: '2025-03-01', prompt_text: expect.stringContaining('Continue work on item 1') } });
    expect(s1.metadata.token_budget).toBe((s1.metadata.yaml_frontmatter as { token_budget: number }).token_budget);
  });

  it('creates nothing when the same file is imported again', async () => {
    const ps = ctx.ps();
    const history = await ps.get_history({ entity_type: 'vendor', entity_id: (await ps.list_vendors({})).vendors[0]!.name });
    const report = await ps.import_legacy_status({ path: join(ctx.db().root, 'legacy.md') });
    expect(report.created).toEqual({ vendors: 0, deployments: 0, enhancements: 0, sessions: 0 });
    expect(report.already_present).toEqual({ vendors: 45, deployments: 12, enhancements: 8, sessions: 25 });
    expect(report.checks.every((c) => c.match)).toBe(true);
    expect(report.warnings).toEqual([]);
    expect((await ps.list_vendors({})).count).toBe(45);
    expect((await ps.list_work_items({ item_type: 'session' })).total_count).toBe(25);
    expect((await ps.list_deployments({})).total_count).toBe(12);
    expect((await ps.list_enhancements({})).total_count).toBe(8);
    const after = await ps.get_history({ entity_type: 'vendor', entity_id: (await ps.list_vendors({})).vendors[0]!.name });
    expect(after.total_count).toBe(history.total_count);
  });

  it('warns by line about a vendor the store holds with other facts, and keeps the stored ones', async () => {
    const ps = ctx.ps();
    const line = sample.text.split('\n').findIndex((l) => l.startsWith('- ') && l.includes('tests passed'));
    const name = sample.text.split('\n')[line]!.slice(2, sample.text.split('\n')[line]!.indexOf(':'));
    const before = await ps.query_vendor_status({ name });
    const changed = await ps.update_vendor_status({ name, version: before.version, extractor_version: '9.9.9' });
    const report = await ps.import_legacy_status({ path: 'legacy.md', dry_run: true });
    expect(report.warnings).toEqual([{ line: line + 1, section: 'Vendors', reason: expect.any(String) }]);
    expect(report.warnings[0]!.reason).toContain(`vendor ${name} is already in the store with other facts (version: store 9.9.9, file ${before.extractor_version});`);
    expect((await ps.query_vendor_status({ name })).version).toBe(changed.version);
    await ps.update_vendor_status({ name, version: changed.version, extractor_version: before.extractor_version });
  });

  it('imports the rest of a file with broken YAML and a stray vendor line, reporting both by line', async () => {
    const ps = await ctx.openClient();
    const broken = generateLegacyStatus({ seed: 7, vendors: 5, deployments: 2, enhancements: 2, sessions: 3, defects: ['broken_yaml', 'stray_vendor_line'] });
    // Names and session ids differ from the sample's so nothing here matches what the sample import wrote.
    const text = broken.text
      .replace(/^- ([a-z]+)_(\d+):/gm, '- defect_$1_$2:')
      .replace(/Vendors: (.*)$/gm, (_m, list: string) => `Vendors: ${list.split(', ').map((v) => `defect_${v}`).join(', ')}`)
      .replace(/session_id: sess_/g, 'session_id: defect_sess_');
    writeFileSync(join(ctx.db().root, 'broken.md'), text);
    const report = await ps.import_legacy_status({ path: 'broken.md' });
    expect(report.committed).toBe(true);
    expect(report.issues.map((i) => [i.line, i.section])).toEqual([
      [broken.defects.find((d) => d.kind === 'stray_vendor_line')!.line, 'Vendors'],
      [broken.defects.find((d) => d.kind === 'broken_yaml')!.line, 'Session Prompts'],
    ]);
    expect(report.issues[1]!.reason).toMatch(/invalid YAML/);
    // The checks count what the file holds: the broken session is one of its three, so session_count does not match.
    expect(checks(report)).toMatchObject({ vendor_count: [5, 5, true], session_count: [3, 2, false] });
    expect(report.checks.find((c) => c.check === 'session_count')!.skipped).toBe(1);
    expect(report.skipped).toBe(1);
    expect(report.created).toEqual({ vendors: 5, deployments: 2, enhancements: 2, sessions: 2 });
    expect(report.preservation_percent).toBe(Math.round((11 / 12) * 1000) / 10);
  });

  it('maps every edge case of a hand-written file and says what it adjusted', async () => {
    const ps = await ctx.openClient();
    copyFileSync(EDGE_CASES, join(ctx.db().root, 'edge.md'));
    const report = await ps.import_legacy_status({ path: 'edge.md' });
    expect(report.issues.map((i) => [i.line, i.reason])).toEqual([
      [7, expect.stringContaining('passing cannot exceed total')],
      [8, expect.stringContaining('status "degraded"')],
    ]);
    expect(report.warnings.map((w) => w.reason)).toEqual([
      expect.stringContaining('no "- Constitutional Compliance:" line'),
      expect.stringContaining('names no priority'),
      expect.stringContaining('no "(Priority: …)" given'),
      expect.stringContaining('no schema_version'),
      expect.stringContaining('token_budget 5 is not 1000–1000000'),
      expect.stringContaining('ghost_vendor'),
    ].filter((_, i) => i !== 1));
    expect(checks(report)).toEqual({
      vendor_count: [4, 2, false],
      deployment_count: [2, 2, true],
      enhancement_count: [3, 3, true],
      session_count: [2, 2, true],
      vendor_metadata_completeness: [4, 2, false],
    });
    expect(report.committed).toBe(true);
    expect(report.preservation_percent).toBe(81.8);
    const [d101, d100] = (await ps.list_deployments({ since: '2025-09-30T00:00:00Z', until: '2025-10-09T00:00:00Z', detail: 'full' })).deployments as Deployment[];
    expect(d100!.metadata).toMatchObject({ pr_title: 'Faster extraction', test_summary: { passed: 45, failed: 0, skipped: 3 }, legacy_work_item_refs: ['#T001'], legacy_vendor_refs: ['ghost_vendor'] });
    expect(d100!.vendors.map((v) => v.name)).toEqual(['Acme Extractor']);
    expect(d101!.metadata).toMatchObject({ pr_title: 'PR #101', constitutional_compliance: false, test_summary: { passed: 12, failed: 1 } });
    const { enhancements } = await ps.list_enhancements({ target_quarter: '2027-Q1', detail: 'full' });
    expect(enhancements.map((e) => [e.title, e.priority, e.status])).toEqual([['Numbered priority', 2, 'approved']]);
    const sessions = (await ps.list_work_items({ item_type: 'session', detail: 'full', limit: 100 })).items as { title: string; metadata: Record<string, unknown> }[];
    const planned = sessions.find((s) => s.title === 'Session 2025-03-01: Plan the offline mode.')!;
    const config = await ps.get_project_configuration({});
    expect(planned.metadata).toMatchObject({ token_budget: config.default_token_budget, yaml_frontmatter: { schema_version: 'legacy', mode: 'plan', prompt_text: 'Plan the offline mode.\nKeep the cache small.' } });
    const again = await ps.import_legacy_status({ path: 'edge.md' });
    expect(again.created).toEqual({ vendors: 0, deployments: 0, enhancements: 0, sessions: 0 });
  });

  it('refuses a path outside the project root and a missing file, writing nothing', async () => {
    const ps = ctx.ps();
    const before = (await ps.list_vendors({})).count;
    await expect(ps.import_legacy_status({ path: '../outside.md' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('outside the project root') });
    await expect(ps.import_legacy_status({ path: '/etc/passwd' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(ps.import_legacy_status({ path: 'missing.md' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ps.call('import_legacy_status', { path: '' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    await expect(ps.call('import_legacy_status', { path: 'legacy.md', surprise: 1 })).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
    expect((await ps.list_vendors({})).count).toBe(before);
    expect(readFileSync(join(ctx.db().root, 'legacy.md'), 'utf8')).toBe(sample.text);
  });
});
