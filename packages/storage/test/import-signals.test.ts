import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLegacyStatus, type ImportReport } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const checks = (report: ImportReport) => Object.fromEntries(report.checks.map((c) => [c.check, [c.source, c.skipped, c.migrated, c.match]]));

async function empty(ps: ReturnType<Parameters<Parameters<typeof describeEachEngine>[1]>[0]['ps']>): Promise<void> {
  expect((await ps.list_vendors({})).count).toBe(0);
  expect((await ps.list_work_items({ include_deleted: true })).total_count).toBe(0);
  expect((await ps.list_deployments({})).total_count).toBe(0);
  expect((await ps.list_enhancements({})).total_count).toBe(0);
}

describeEachEngine('legacy import signals', (ctx) => {
  const write = (name: string, text: string) => writeFileSync(join(ctx.db().root, name), text);

  it('refuses a file that is not a status file (like .git/HEAD) and writes nothing', async () => {
    const ps = ctx.ps();
    mkdirSync(join(ctx.db().root, '.git'), { recursive: true });
    write('.git/HEAD', 'ref: refs/heads/main\n');
    await expect(ps.import_legacy_status({ path: '.git/HEAD' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('".git/HEAD" is not a status file') });
    await empty(ps);
  });

  it('says a folder is a folder, and a missing file is a file not found with the path it looked at', async () => {
    const ps = ctx.ps();
    await expect(ps.import_legacy_status({ path: '.' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringMatching(/"\." is the project root folder .*, not a file/) });
    await expect(ps.import_legacy_status({ path: '.git' })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('".git" is a folder') });
    await expect(ps.import_legacy_status({ path: 'nope.md' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('file not found: "nope.md"'),
      details: { resolved: join(ctx.db().root, 'nope.md') },
    });
  });

  it('counts skipped entries in the checks: a file half of whose vendors are malformed imports the rest with failing checks', async () => {
    const ps = ctx.ps();
    write('half.md', '## Vendors (4 total)\n- Good One: operational (1/1 tests passed) [CSV] v1\n- Bad One: fine (1/1 tests passed)\n- Good Two: broken (0/2 tests passed, 1 skipped) [] v2\n- Bad Two: operational\n');
    const report = await ps.import_legacy_status({ path: 'half.md' });
    expect(report.committed).toBe(true);
    expect(checks(report)).toMatchObject({ vendor_count: [4, 2, 2, false], vendor_metadata_completeness: [4, 2, 2, false], deployment_count: [0, 0, 0, true] });
    expect(report.skipped).toBe(2);
    expect(report.preservation_percent).toBe(50);
    expect(report.issues.map((i) => i.line)).toEqual([3, 5]);
    expect((await ps.list_vendors({})).count).toBe(2);
  });

  it('with strict, fails on anything skipped and writes nothing — dry run or not', async () => {
    const ps = await ctx.openClient();
    write('strict.md', '## Future Enhancements (2 total)\n- Strict one (Priority: High)\n- Strict two (Priority: Urgent)\n');
    for (const dry_run of [true, false]) {
      const error = await ps.import_legacy_status({ path: 'strict.md', strict: true, dry_run }).then(
        () => null,
        (e: { code: string; message: string; details: { report: ImportReport } }) => e,
      );
      expect(error?.code).toBe('VALIDATION_ERROR');
      expect(error?.message).toMatch(dry_run ? /^strict import would fail: 1 problem in strict\.md \(1 entry skipped\) — line 3: / : /^strict import rolled back, nothing was written/);
      expect(error?.details.report).toMatchObject({ strict: true, committed: false, skipped: 1 });
    }
    expect((await ps.list_enhancements({})).enhancements.map((e) => e.title)).not.toContain('Strict one');
    // A clean file passes strict.
    const clean = generateLegacyStatus({ seed: 5, vendors: 2, deployments: 1, enhancements: 1, sessions: 1 });
    write('clean.md', clean.text.replace(/^- ([a-z]+)_(\d+):/gm, '- strict_$1_$2:').replace(/Vendors: (.*)$/gm, 'Vendors: none'));
    const ok = await ps.import_legacy_status({ path: 'clean.md', strict: true });
    expect(ok).toMatchObject({ committed: true, strict: true, skipped: 0, preservation_percent: 100 });
  });

  it('imports a vendor line without a skipped part, as people write it', async () => {
    const ps = await ctx.openClient();
    write('human.md', '## Vendors (1 total)\n- ExcelJS: operational (7/7 tests passed) [Excel, CSV] v4.4.0\n');
    const report = await ps.import_legacy_status({ path: 'human.md' });
    expect(report.issues).toEqual([]);
    expect(report.preservation_percent).toBe(100);
    const vendor = await ps.query_vendor_status({ name: 'exceljs' });
    expect(vendor).toMatchObject({ status: 'operational', extractor_version: '4.4.0', metadata: { test_results: { passing: 7, total: 7, skipped: 0 }, format_support: { excel: true, csv: true, pdf: false, ocr: false } } });
  });
});
