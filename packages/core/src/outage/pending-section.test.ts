import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLegacyStatus } from '../legacy/generate.js';
import { USER_SECTION_MARKER } from '../legacy/grammar.js';
import { parseLegacyStatus } from '../legacy/parse.js';
import {
  PENDING_SECTION_END,
  formatPendingEntry,
  parsePendingSection,
  removePendingSection,
  renderPendingSection,
  summarizePendingWrite,
  upsertPendingSection,
  type PendingChange,
} from './pending-section.js';

const A: PendingChange = { position: 1, operation: 'update_work_item', summary: 'id=0193 version=3 status=completed', queued_at: '2026-11-30T09:00:00.000Z' };
const B: PendingChange = { position: 2, operation: 'create_vendor', summary: 'name=acme', queued_at: '2026-11-30T09:01:00.000Z' };

const REPORT = `# Project Status

## Vendors (1 total, 1 operational)
- acme: operational (1/1 tests passed, 0 skipped) [CSV] v1.0.0

## Configuration
- Context: feature

_Generated 2026-11-30T08:00:00.000Z from sqlite_
${USER_SECTION_MARKER}
My notes
## Pending Changes (1 total) written by hand below the marker
`;

describe('pending changes section', () => {
  it('renders a marked section with one line per queued write, in outbox order', () => {
    const text = renderPendingSection([A, B]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('## Pending Changes (2 total, queued while the database was unavailable)');
    expect(lines).toContain('- #1 `update_work_item` id=0193 version=3 status=completed (queued 2026-11-30T09:00:00.000Z)');
    expect(lines.at(-1)).toBe(PENDING_SECTION_END);
    expect(lines.indexOf('- #1 `update_work_item` id=0193 version=3 status=completed (queued 2026-11-30T09:00:00.000Z)')).toBeLessThan(lines.indexOf('- #2 `create_vendor` name=acme (queued 2026-11-30T09:01:00.000Z)'));
  });

  it('renders nothing when nothing is pending', () => {
    expect(renderPendingSection([])).toBe('');
  });

  it('refuses an entry it could not read back', () => {
    expect(() => formatPendingEntry({ ...A, position: 0 })).toThrow(/position/);
    expect(() => formatPendingEntry({ ...A, operation: 'Update Item' })).toThrow(/operation/);
    expect(() => formatPendingEntry({ ...A, queued_at: 'yesterday' })).toThrow(/queued_at/);
  });

  it('inserts the section just above the user-notes marker and leaves the notes alone', () => {
    const { content, changed } = upsertPendingSection(REPORT, [A]);
    expect(changed).toBe(true);
    const [generated, notes] = content.split(`${USER_SECTION_MARKER}\n`);
    expect(notes).toBe('My notes\n## Pending Changes (1 total) written by hand below the marker\n');
    expect(generated!.endsWith(`${renderPendingSection([A])}\n`)).toBe(true);
    expect(generated).toContain('_Generated 2026-11-30T08:00:00.000Z from sqlite_\n\n## Pending Changes');
  });

  it('is idempotent, replaces in place, and removing it gives the file back', () => {
    const once = upsertPendingSection(REPORT, [A]).content;
    expect(upsertPendingSection(once, [A])).toEqual({ content: once, changed: false });
    const twice = upsertPendingSection(once, [A, B]).content;
    expect(parsePendingSection(twice)!.entries).toEqual([A, B]);
    expect(twice.split('## Pending Changes (').length - 1).toBe(2); // ours, and the user's own heading below the marker
    expect(removePendingSection(twice)).toEqual({ content: REPORT, changed: true });
    expect(upsertPendingSection(twice, [])).toEqual({ content: REPORT, changed: true });
    expect(removePendingSection(REPORT)).toEqual({ content: REPORT, changed: false });
  });

  it('appends to a file without the marker, and writes a new file when there is none', () => {
    const legacy = '## Vendors (0 total)\n';
    const content = upsertPendingSection(legacy, [B]).content;
    expect(content).toBe(`${legacy}\n${renderPendingSection([B])}\n`);
    expect(removePendingSection(content).content).toBe(legacy);
    expect(upsertPendingSection(null, [B])).toEqual({ content: `${renderPendingSection([B])}\n`, changed: true });
    expect(upsertPendingSection(null, [])).toEqual({ content: '', changed: false });
    expect(upsertPendingSection('no newline at the end', [B]).content).toBe(`no newline at the end\n\n${renderPendingSection([B])}\n`);
  });

  it('finds the section when its end marker was deleted by hand, up to the next heading', () => {
    const broken = upsertPendingSection(REPORT, [A]).content.replace(`${PENDING_SECTION_END}\n`, '');
    expect(parsePendingSection(broken)!.entries).toEqual([A]);
    expect(removePendingSection(broken).content).toBe(REPORT);
  });

  it('reports lines of the section that are not entries, with their line numbers', () => {
    const text = `## Pending Changes (2 total)\n- #1 \`create_vendor\` name=x (queued 2026-11-30T09:01:00.000Z)\nsomeone typed this\n${PENDING_SECTION_END}\n`;
    expect(parsePendingSection(text)).toEqual({
      entries: [{ position: 1, operation: 'create_vendor', summary: 'name=x', queued_at: '2026-11-30T09:01:00.000Z' }],
      issues: [{ line: 3, reason: expect.stringContaining('someone typed this') }],
    });
    expect(parsePendingSection(REPORT)).toBeNull();
  });

  it('reads back every entry it writes (summaries are one line, cut at 200 characters)', () => {
    const entry = fc.record({
      position: fc.integer({ min: 1, max: 1_000_000 }),
      operation: fc.stringMatching(/^[a-z][a-z0-9_]{0,30}$/),
      summary: fc.string({ maxLength: 300 }),
      queued_at: fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries) => {
        const parsed = parsePendingSection(upsertPendingSection(REPORT, entries).content);
        if (entries.length === 0) {
          expect(parsed).toBeNull();
          return;
        }
        expect(parsed!.issues).toEqual([]);
        expect(parsed!.entries.map((e) => ({ ...e, summary: '' }))).toEqual(entries.map((e) => ({ ...e, summary: '' })));
        for (const [i, e] of parsed!.entries.entries()) {
          expect(formatPendingEntry(e)).toBe(formatPendingEntry(entries[i]!));
          expect(e.summary.length).toBeLessThanOrEqual(200);
          expect(e.summary).not.toMatch(/[\r\n]/);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is skipped by the legacy parser, also right after the last session block of a file without the marker', async () => {
    const { text } = generateLegacyStatus({ vendors: 3, deployments: 2, enhancements: 2, sessions: 3 });
    const withSection = upsertPendingSection(text, [A, B]).content;
    expect(withSection.indexOf('## Pending Changes')).toBeGreaterThan(withSection.lastIndexOf('### Session'));
    const [plain, pending] = await Promise.all([parseLegacyStatus(text), parseLegacyStatus(withSection)]);
    expect(pending.issues).toEqual(plain.issues);
    expect(pending.sessions).toEqual(plain.sessions);
    expect(pending.vendors).toEqual(plain.vendors);
    expect(pending.deployments).toEqual(plain.deployments);
    expect(pending.enhancements).toEqual(plain.enhancements);
  });

  it('summarises a write by the fields that identify it', () => {
    expect(summarizePendingWrite({ id: '0193', version: 3, status: 'completed', metadata: { a: 1 } })).toBe('id=0193 status=completed version=3 +1 field (metadata)');
    expect(summarizePendingWrite({ title: 'Fix the\nparser', item_type: 'task' })).toBe('title="Fix the parser" item_type=task');
    expect(summarizePendingWrite({})).toBe('');
  });
});
