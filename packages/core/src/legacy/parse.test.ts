import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateLegacyStatus } from './generate.js';
import { escapePromptLine, formatList, formatTestSummary, parseList, parseTestSummary, unescapePromptLine } from './grammar.js';
import { parseLegacyStatus } from './parse.js';
import { planLegacyImport } from './plan.js';

const SMALL = `# Project Status

## Vendors (2 total)
- acme_1: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3
- Globex Two: broken (0/0 tests passed, 0 skipped) [] v0.0.1

## Deployments (2 total)
### 2025-10-01 - PR #100
- Commit: ${'a'.repeat(40)}
- Work Items: #T001, #T002
- Vendors: acme_1
- Tests: 45 passed, 0 failed
- Constitutional Compliance: ✓

### 2025-10-02T12:30:00.000Z - PR #101: Faster search
- Commit: ${'b'.repeat(40)}
- Work Items: none
- Vendors: none
- Tests: 3 passed, 1 failed, 2 skipped
- Constitutional Compliance: ✗

## Future Enhancements (3 total)
- Multi-tenant sync (Priority: High, Q1 2026)
- Fix (the) parser (Priority: Low, 2027-Q4, approved)
- Numbered priority (Priority: 2)

## Session Prompts (2 total)
### Session 2025-03-01
---
schema_version: "1.1"
session_id: sess_001
token_budget: 100000
---
Continue work on item 1.
Second line of the prompt.

### Session 2025-03-02
---
mode: plan
---
No schema version here.
`;

describe('parseLegacyStatus', () => {
  it('reads every section of a small legacy file with line numbers', async () => {
    const doc = await parseLegacyStatus(SMALL);
    expect(doc.issues).toEqual([]);
    expect(doc.vendors.map((v) => [v.line, v.name, v.status, v.passing, v.total, v.skipped, v.version])).toEqual([
      [4, 'acme_1', 'operational', 10, 12, 2, '1.2.3'],
      [5, 'Globex Two', 'broken', 0, 0, 0, '0.0.1'],
    ]);
    expect(doc.vendors[0]!.formats).toEqual({ excel: true, csv: true, pdf: false, ocr: false });
    expect(doc.deployments[0]).toMatchObject({ line: 8, deployed_at: '2025-10-01T00:00:00.000Z', pr_number: 100, pr_title: null, work_item_refs: ['#T001', '#T002'], vendor_names: ['acme_1'], test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true });
    expect(doc.deployments[1]).toMatchObject({ deployed_at: '2025-10-02T12:30:00.000Z', pr_title: 'Faster search', work_item_refs: [], vendor_names: [], test_summary: { passed: 3, failed: 1, skipped: 2 }, constitutional_compliance: false });
    expect(doc.enhancements.map((e) => [e.title, e.priority, e.target_quarter, e.status])).toEqual([
      ['Multi-tenant sync', 1, '2026-Q1', null],
      ['Fix (the) parser', 5, '2027-Q4', 'approved'],
      ['Numbered priority', 2, null, null],
    ]);
    expect(doc.sessions[0]).toMatchObject({ date: '2025-03-01', frontmatter: { schema_version: '1.1', session_id: 'sess_001', token_budget: 100000 }, prompt: 'Continue work on item 1.\nSecond line of the prompt.' });
    expect(doc.sections.map((s) => [s.kind, s.declared, s.found, s.malformed])).toEqual([
      ['vendors', 2, 2, 0],
      ['deployments', 2, 2, 0],
      ['enhancements', 3, 3, 0],
      ['sessions', 2, 2, 0],
    ]);
  });

  it('reads a sample-sized generated file completely', async () => {
    const fixture = generateLegacyStatus();
    const doc = await parseLegacyStatus(fixture.text);
    expect(doc.issues).toEqual([]);
    expect([doc.vendors.length, doc.deployments.length, doc.enhancements.length, doc.sessions.length]).toEqual([45, 12, 8, 25]);
  });

  it('reports broken YAML and a stray vendor line with their line numbers and keeps the rest', async () => {
    const fixture = generateLegacyStatus({ defects: ['broken_yaml', 'stray_vendor_line'] });
    const doc = await parseLegacyStatus(fixture.text);
    const yamlLine = fixture.defects.find((d) => d.kind === 'broken_yaml')!.line;
    const strayLine = fixture.defects.find((d) => d.kind === 'stray_vendor_line')!.line;
    expect(doc.issues).toHaveLength(2);
    expect(doc.issues[0]).toMatchObject({ line: strayLine, section: 'Vendors', reason: expect.stringContaining('not a vendor line') });
    expect(doc.issues[1]).toMatchObject({ line: yamlLine, section: 'Session Prompts', reason: expect.stringContaining('invalid YAML') });
    expect(doc.vendors).toHaveLength(45);
    expect(doc.sessions).toHaveLength(24);
  });

  it('reports a section whose header count disagrees with its entries', async () => {
    const doc = await parseLegacyStatus(SMALL.replace('## Vendors (2 total)', '## Vendors (3 total)'));
    expect(doc.issues).toEqual([{ line: 3, section: 'Vendors', reason: expect.stringMatching(/header says 3 total but the section holds 2 entries/) }]);
  });

  it('rejects a deployment without a full commit hash and a vendor with an unknown format', async () => {
    const text = SMALL.replace(`- Commit: ${'b'.repeat(40)}`, '- Commit: abc123').replace('[Excel, CSV]', '[Excel, Parquet]');
    const doc = await parseLegacyStatus(text);
    expect(doc.issues.map((i) => [i.line, i.reason])).toEqual([
      [4, expect.stringContaining('vendor "acme_1" lists unknown format(s) Parquet')],
      [15, expect.stringContaining('deployment PR #101 has commit "abc123"')],
    ]);
    expect(doc.vendors.map((v) => v.name)).toEqual(['Globex Two']);
    expect(doc.deployments.map((d) => d.pr_number)).toEqual([100]);
  });

  it('stops at the user-notes marker and ignores sections it does not know', async () => {
    const text = `## Active Work (1 items)\n- [active] something\n\n${SMALL}\n<!-- project-status: user notes below are preserved -->\n## Vendors (1 total)\n- zz: broken (0/0 tests passed, 0 skipped) [] v1\n`;
    const doc = await parseLegacyStatus(text);
    expect(doc.vendors.map((v) => v.name)).toEqual(['acme_1', 'Globex Two']);
    expect(doc.issues).toEqual([]);
  });

  it('never throws, whatever the input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.string(), fc.constantFrom('## Vendors (2 total)', '## Session Prompts (1 total)', '### Session 2025-01-01', '---', '## Deployments (1 total)', '### 2025-01-01 - PR #1', '- Commit: x', ': [', '- a: b')), { maxLength: 40 }), async (parts) => {
        const doc = await parseLegacyStatus(parts.join('\n'));
        expect(Array.isArray(doc.issues)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('planLegacyImport', () => {
  it('maps priorities, quarters, titles and sessions as SPEC §4.2 says', async () => {
    const plan = planLegacyImport(await parseLegacyStatus(SMALL), { defaultTokenBudget: 150_000 });
    expect(plan.issues).toEqual([]);
    expect(plan.deployments[0]!.metadata).toMatchObject({ pr_title: 'PR #100', test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true });
    expect(plan.enhancements.map((e) => [e.input.priority, e.input.target_quarter, e.input.status])).toEqual([
      [1, '2026-Q1', 'planned'],
      [5, '2027-Q4', 'approved'],
      [2, undefined, 'planned'],
    ]);
    const [first, second] = plan.sessions;
    expect(first!.input.metadata).toEqual({
      token_budget: 100000,
      prompts_count: 1,
      yaml_frontmatter: { schema_version: '1.1', session_id: 'sess_001', token_budget: 100000, session_date: '2025-03-01', prompt_text: 'Continue work on item 1.\nSecond line of the prompt.' },
    });
    expect(first!.input.title).toBe('Session 2025-03-01: Continue work on item 1.');
    expect(second!.input.metadata).toMatchObject({ token_budget: 150_000, yaml_frontmatter: { schema_version: 'legacy', mode: 'plan' } });
    expect(plan.warnings).toEqual([expect.objectContaining({ line: 37, reason: expect.stringContaining('no schema_version') })]);
  });

  it('reports entries the domain rules reject and duplicates, with their lines', async () => {
    const text = SMALL.replace('(10/12 tests passed, 2 skipped)', '(11/12 tests passed, 2 skipped)') + '\n## Vendors (1 total)\n- globex two: broken (0/0 tests passed, 0 skipped) [] v2\n';
    const plan = planLegacyImport(await parseLegacyStatus(text), { defaultTokenBudget: 200_000 });
    expect(plan.issues.map((i) => [i.line, i.reason])).toEqual([
      [4, expect.stringContaining('passing + skipped cannot exceed total')],
      [44, expect.stringContaining('duplicates the entry at line 5')],
    ]);
    expect(plan.vendors.map((v) => v.input.name)).toEqual(['Globex Two']);
    expect(plan.dropped).toBe(2);
  });
});

describe('session prompts keep every line', () => {
  const session = (prompt: string, frontmatter = 'schema_version: 1') => `## Session Prompts (1 total)\n### Session 2025-03-01\n---\n${frontmatter}\n---\n${prompt}\n`;

  it('keeps "## " and "# " lines of a prompt as prompt text, with a warning naming the line', async () => {
    const prompt = 'Plan the release.\n## Requirements\n- fast\n# Non-goals\n### Notes\nnone yet';
    const doc = await parseLegacyStatus(session(prompt));
    expect(doc.issues).toEqual([]);
    expect(doc.sessions).toHaveLength(1);
    expect(doc.sessions[0]!.prompt).toBe(prompt);
    expect(doc.warnings.map((w) => w.line)).toEqual([7, 9, 10]);
    expect(doc.warnings[0]!.reason).toContain('"## Requirements" is kept as prompt text of session 2025-03-01');
  });

  it('still ends the section at a section the format knows, and reads a YAML comment in the frontmatter', async () => {
    const text = `${session('Go.\n## Scope\nall', '# who asked\nschema_version: 1')}\n## Future Enhancements (1 total)\n- Later (Priority: Low)\n`;
    const doc = await parseLegacyStatus(text);
    expect(doc.issues).toEqual([]);
    expect(doc.sessions[0]).toMatchObject({ frontmatter: { schema_version: 1 }, prompt: 'Go.\n## Scope\nall' });
    expect(doc.enhancements.map((e) => e.title)).toEqual(['Later']);
  });

  it('reads an indented marker line as text, not as the start of the notes', async () => {
    const text = session('go', 'schema_version: 1\nnote: |-\n  before\n  <!-- project-status: user notes below are preserved -->\n  after');
    const doc = await parseLegacyStatus(text);
    expect(doc.issues).toEqual([]);
    expect(doc.sessions[0]!.frontmatter.note).toBe('before\n<!-- project-status: user notes below are preserved -->\nafter');
  });

  it('escapes exactly the lines that need it, and unescapes them back', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('\\', '#', '-', ' ', 'a', '<!-- project-status:', '\t') }), fc.boolean(), (line, edge) => {
        expect(unescapePromptLine(escapePromptLine(line, edge))).toBe(line);
      }),
      { numRuns: 2000 },
    );
    expect(escapePromptLine('\\section{Intro}')).toBe('\\section{Intro}');
    expect(unescapePromptLine('\\section{Intro}')).toBe('\\section{Intro}');
  });
});

describe('vendor lines as people write them', () => {
  const vendors = (...lines: string[]) => `## Vendors (${lines.length} total)\n${lines.join('\n')}\n`;

  it('accepts a line without the skipped part, "passing", "of", a "*" bullet, capitals and no "v"', async () => {
    const doc = await parseLegacyStatus(
      vendors(
        '- ExcelJS: operational (7/7 tests passed) [Excel, CSV] v4.4.0',
        '* Pdf Kit: Broken (3 of 5 passing, 1 skipped) [pdf, OCR] 2.0-beta',
        '- Tiny: broken (0/0 tests passed)',
        '- Spaced: operational (1/1 tests passed, 0 skipped) [CSV] v1.0 beta 2',
      ),
    );
    expect(doc.issues).toEqual([]);
    expect(doc.vendors.map((v) => [v.name, v.status, v.passing, v.total, v.skipped, v.version])).toEqual([
      ['ExcelJS', 'operational', 7, 7, 0, '4.4.0'],
      ['Pdf Kit', 'broken', 3, 5, 1, '2.0-beta'],
      ['Tiny', 'broken', 0, 0, 0, '0.0.0'],
      ['Spaced', 'operational', 1, 1, 0, '1.0 beta 2'],
    ]);
    expect(doc.vendors[1]!.formats).toEqual({ excel: false, csv: false, pdf: true, ocr: true });
    expect(doc.warnings.map((w) => [w.line, w.reason])).toEqual([
      [4, expect.stringContaining('lists no formats')],
      [4, expect.stringContaining('gives no version')],
    ]);
  });

  it('still rejects a line without test counts, with its line', async () => {
    const doc = await parseLegacyStatus(vendors('- ExcelJS: operational [Excel] v1'));
    expect(doc.issues).toEqual([{ line: 2, section: 'Vendors', reason: expect.stringContaining('has no test counts') }]);
  });
});

describe('test summaries', () => {
  it('write categories that are not plain words as JSON strings and read them back', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 50 }).filter((k) => k.trim() === k && k !== '__proto__'), fc.nat({ max: 1000 }), { maxKeys: 5 }), (summary) => {
        expect(parseTestSummary(formatTestSummary(summary))).toEqual(summary);
      }),
      { numRuns: 500 },
    );
    expect(parseTestSummary('45 Passed, 3 unit tests')).toEqual({ passed: 45, 'unit tests': 3 });
  });
});

describe('repeated entries', () => {
  it('plans the same commit deployed twice as two deployments, and an exact repeat as another one, with a warning', async () => {
    const block = (when: string) => `### ${when} - PR #1\n- Commit: ${'a'.repeat(40)}\n- Tests: 1 passed\n- Constitutional Compliance: ✓\n`;
    const text = `## Deployments (3 total)\n${block('2025-01-01')}\n${block('2025-01-02T10:00:00.000Z')}\n${block('2025-01-01')}`;
    const plan = planLegacyImport(await parseLegacyStatus(text), { defaultTokenBudget: 200_000 });
    expect(plan.issues).toEqual([]);
    expect(plan.deployments.map((d) => d.key)).toEqual([`${'a'.repeat(40)}@2025-01-01T00:00:00.000Z`, `${'a'.repeat(40)}@2025-01-02T10:00:00.000Z`, `${'a'.repeat(40)}@2025-01-01T00:00:00.000Z`]);
    expect(plan.warnings).toEqual([expect.objectContaining({ line: 12, reason: expect.stringContaining('repeats the entry at line 2') })]);
  });
});

describe('lists of vendors and work item refs', () => {
  it('read back exactly, a vendor named "none" or "-" and a ref with a comma included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('none', 'None', '-', '—', 'a, b', '"q"', ' x', '#T001'), fc.string({ minLength: 1, maxLength: 20 })), { maxLength: 4 }), (items) => {
        expect(parseList(formatList(items))).toEqual(items);
      }),
      { numRuns: 1000 },
    );
    expect(parseList('#T001, #T002')).toEqual(['#T001', '#T002']);
    expect(formatList(['-'])).toBe('"-"');
  });
});

describe('session titles', () => {
  it('are made from the first prompt line without control characters, cut without halving a character', async () => {
    const long = `${'x'.repeat(179)}🙂tail`;
    const text = `## Session Prompts (2 total)\n### Session 2025-03-01\n---\nschema_version: 1\n---\ngo\there\n\n### Session 2025-03-02\n---\nschema_version: 1\n---\n${long}\n`;
    const plan = planLegacyImport(await parseLegacyStatus(text), { defaultTokenBudget: 200_000 });
    expect(plan.issues).toEqual([]);
    expect(plan.sessions.map((s) => s.input.title)).toEqual(['Session 2025-03-01: go here', `Session 2025-03-02: ${'x'.repeat(179)}`]);
    expect((plan.sessions[0]!.input.metadata as { yaml_frontmatter: { prompt_text: string } }).yaml_frontmatter.prompt_text).toBe('go\there');
  });
});

describe('headings the import does not read are never dropped silently', () => {
  const VENDOR = '- acme_1: operational (3/3 tests passed, 0 skipped) [CSV] v1.0.0';
  const ENH = '## Future Enhancements (1 total)\n- Later (Priority: Low)\n';

  it('ignores a byte order mark before the first heading', async () => {
    const doc = await parseLegacyStatus(`\uFEFF## Vendors (1 total)\n${VENDOR}\n${ENH}`);
    expect(doc.issues).toEqual([]);
    expect(doc.warnings).toEqual([]);
    expect(doc.vendors.map((v) => [v.line, v.name])).toEqual([[2, 'acme_1']]);
  });

  it.each([
    ['## Vendors:', null],
    ['## Vendors: (1 total)', 1],
    ['## Vendors (1 total):', 1],
    ['### Vendors', null],
    ['### Vendors (1 total)', 1],
    ['##Vendors', null],
    ['## Vendor', null],
    ['## vendor (1 total)', 1],
  ])('reads "%s" as the Vendors section, with a warning naming the spelling', async (heading, declared) => {
    const doc = await parseLegacyStatus(`# P\n${heading}\n${VENDOR}\n${ENH}`);
    expect(doc.issues).toEqual([]);
    expect(doc.vendors.map((v) => v.name)).toEqual(['acme_1']);
    expect(doc.sections[0]).toMatchObject({ kind: 'vendors', line: 2, declared, found: 1 });
    expect(doc.warnings).toEqual([{ line: 2, section: 'Vendors', reason: expect.stringContaining(`heading "${heading}" read as the Vendors section`) }]);
  });

  it('reads "### Vendors" after a deployment block as the Vendors section, not as a malformed deployment', async () => {
    const text = `## Deployments (1 total)\n### 2025-10-01 - PR #1\n- Commit: ${'a'.repeat(40)}\n- Tests: 1 passed\n- Constitutional Compliance: ✓\n\n### Vendors\n${VENDOR}\n`;
    const doc = await parseLegacyStatus(text);
    expect(doc.issues).toEqual([]);
    expect([doc.deployments.length, doc.vendors.length]).toEqual([1, 1]);
  });

  it('reports the lines under an unknown heading with the heading and their line numbers', async () => {
    const text = `# P\n${ENH}\n## Vendor list (2 total)\n${VENDOR}\n\nsecond note\n- acme_2: broken (0/1 tests passed) [] v1\n## Configuration\n- Default token budget: 5\n`;
    const doc = await parseLegacyStatus(text);
    expect(doc.unread).toEqual([{ line: 5, heading: '## Vendor list (2 total)', lines: [6, 8, 9] }]);
    expect(doc.issues).toEqual([{ line: 5, section: '## Vendor list (2 total)', reason: expect.stringContaining('the 3 lines under it were not imported: lines 6, 8–9') }]);
    expect(doc.vendors).toEqual([]);
  });

  it('reports a # heading after the first section, and entry-like lines before it, but not the title and its prose', async () => {
    const text = `# Project Status\nKept by hand.\n- acme_0: operational (1/1 tests passed) [] v1\n${ENH}# Appendix\nmore\n`;
    const doc = await parseLegacyStatus(text);
    expect(doc.unread).toEqual([
      { line: 3, heading: null, lines: [3] },
      { line: 6, heading: '# Appendix', lines: [7] },
    ]);
    expect(doc.issues.map((i) => [i.line, i.section])).toEqual([
      [3, '(before the first section)'],
      [6, '# Appendix'],
    ]);
  });

  it('counts unread lines as entries left out in the plan', async () => {
    const plan = planLegacyImport(await parseLegacyStatus(`${ENH}## Vendor list\n${VENDOR}\n${VENDOR}\n`), { defaultTokenBudget: 200_000 });
    expect(plan.unreadLines).toBe(2);
    expect(plan.dropped).toBe(2);
    expect(plan.issues).toHaveLength(1);
  });

  it('reads the generated sample file without unread text or spelling warnings', async () => {
    const fixture = generateLegacyStatus();
    const doc = await parseLegacyStatus(fixture.text);
    expect([doc.unread, doc.issues, doc.warnings]).toEqual([[], [], []]);
  });
});
