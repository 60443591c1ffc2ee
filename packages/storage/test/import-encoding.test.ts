import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImportReport } from '@project-status/core';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../src/testing/index.js';

const VENDOR = '- acme_1: operational (3/3 tests passed, 0 skipped) [CSV] v1.0.0';
const ENHANCEMENTS = '## Future Enhancements (1 total)\n- Later (Priority: Low)\n';

function source(report: ImportReport, check: string): number {
  return report.checks.find((c) => c.check === check)!.source;
}

describeEachEngine('legacy import: headings and encodings', (ctx) => {
  const write = (name: string, content: string | Buffer) => writeFileSync(join(ctx.db().root, name), content);

  it('reads a section behind a UTF-8 byte order mark', async () => {
    write('bom.md', `\uFEFF## Vendors (1 total)\n${VENDOR}\n${ENHANCEMENTS}`);
    const report = await ctx.ps().import_legacy_status({ path: 'bom.md', dry_run: true });
    expect(source(report, 'vendor_count')).toBe(1);
    expect(report).toMatchObject({ preservation_percent: 100, skipped: 0, unread_lines: 0, issues: [], warnings: [], created: { vendors: 1, enhancements: 1 } });
  });

  it('reads "## Vendors:", "### Vendors", "##Vendors" and "## Vendor" as the Vendors section, with a warning', async () => {
    for (const heading of ['## Vendors:', '### Vendors', '##Vendors', '## Vendor']) {
      write('variant.md', `# P\n${heading}\n${VENDOR}\n${ENHANCEMENTS}`);
      const report = await ctx.ps().import_legacy_status({ path: 'variant.md', dry_run: true });
      expect(source(report, 'vendor_count'), heading).toBe(1);
      expect(report.preservation_percent, heading).toBe(100);
      expect(report.warnings, heading).toEqual([{ line: 2, section: 'Vendors', reason: expect.stringContaining(`heading "${heading}" read as the Vendors section`) }]);
    }
  });

  it('reports the lines under a heading it does not read, lowers preservation, and fails --strict writing nothing', async () => {
    write('unknown.md', `# P\n${ENHANCEMENTS}\n## Vendor list (2 total)\n${VENDOR}\n- acme_2: broken (0/1 tests passed) [] v1\n`);
    const report = await ctx.ps().import_legacy_status({ path: 'unknown.md', dry_run: true });
    expect(report).toMatchObject({ unread_lines: 2, skipped: 2, preservation_percent: 33.3 });
    expect(report.issues).toEqual([{ line: 5, section: '## Vendor list (2 total)', reason: expect.stringContaining('the 2 lines under it were not imported: lines 6–7') }]);
    expect(() => ctx.ps().operations.import_legacy_status!.output.parse(report)).not.toThrow();
    await expect(ctx.ps().import_legacy_status({ path: 'unknown.md', strict: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('line 5: heading "## Vendor list (2 total)"') });
    expect((await ctx.ps().list_enhancements({})).total_count).toBe(0);
  });

  it('names the headings it found when a file has none of the sections', async () => {
    write('none.md', `## Vendor list\n${VENDOR}\n`);
    await expect(ctx.ps().import_legacy_status({ path: 'none.md', dry_run: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('line 1 "## Vendor list"') });
  });

  it('refuses a Latin-1 file with the file, the byte offset and the line of the first bad byte, writing nothing', async () => {
    write('latin1.md', Buffer.from('# P\n## Future Enhancements (1 total)\n- Caf\xe9 (Priority: High)\n', 'latin1'));
    const error = await ctx.ps().import_legacy_status({ path: 'latin1.md' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'VALIDATION_ERROR', details: { issues: [{ path: 'path' }], encoding_error: { offset: 42, byte: 0xe9, line: 3, column: 6 } } });
    expect((error as Error).message).toContain('"latin1.md"');
    expect((error as Error).message).toContain('is not valid UTF-8: byte 0xE9 at offset 42 (line 3, column 6)');
    expect((await ctx.ps().list_enhancements({})).total_count).toBe(0);
  });

  it('refuses to rewrite a report whose notes are not UTF-8, leaving the file as it was', async () => {
    const before = Buffer.concat([Buffer.from('# Project Status\n<!-- project-status: user notes below are preserved -->\n'), Buffer.from('Caf\xe9 notes\n', 'latin1')]);
    write('.project_status.md', before);
    await expect(ctx.ps().generate_status_report({ write_file: true })).rejects.toMatchObject({ code: 'VALIDATION_ERROR', message: expect.stringContaining('.project_status.md') });
    expect(readFileSync(join(ctx.db().root, '.project_status.md')).equals(before)).toBe(true);
  });
});
