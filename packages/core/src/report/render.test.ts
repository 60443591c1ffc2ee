import { describe, expect, it } from 'vitest';
import { defaultConfiguration } from '../configuration/schema.js';
import type { Deployment } from '../deployment/schema.js';
import type { Enhancement } from '../enhancement/schema.js';
import { USER_SECTION_MARKER } from '../legacy/grammar.js';
import { parseLegacyStatus } from '../legacy/parse.js';
import type { Vendor } from '../vendor/schema.js';
import type { WorkItem } from '../work-item/schema.js';
import { renderStatusReport, type ReportData } from './render.js';
import { preservedUserSection, withUserSection } from './user-section.js';
import { compareNatural, toWorkOutline } from './work-view.js';

const AT = '2026-01-01T00:00:00.000Z';
const audit = { version: 1, created_at: AT, updated_at: AT, created_by: 't', updated_by: 't' };
let seq = 0;
const id = () => `0190b6e4-7c3a-7b2e-9f41-${String(++seq).padStart(12, '0')}`;

function item(title: string, extra: Partial<WorkItem> = {}, parent?: WorkItem): WorkItem {
  const own = extra.id ?? id();
  return {
    id: own, item_type: 'task', title, status: 'active', parent_id: parent?.id ?? null, path: parent ? `${parent.path}/${own}` : `/${own}`, depth: parent ? parent.depth + 1 : 0,
    branch_name: null, commit_hash: null, pr_number: null, metadata: {}, labels: [], assignee: null, deleted_at: null, short_id: own.slice(-6), priority: 3, lease_expires_at: null, lease_seconds: null, close_reason: null, ...audit, ...extra,
  };
}

function vendor(name: string, status: 'operational' | 'broken', passing: number, total: number, skipped: number): Vendor {
  return {
    id: id(), name, status, extractor_version: '1.2.3',
    metadata: { format_support: { excel: true, csv: false, pdf: true, ocr: false }, test_results: { passing, total, skipped }, extractor_version: '1.2.3', manifest_compliant: true }, ...audit,
  };
}

function data(): ReportData {
  const project = item('Ship v1', { item_type: 'project', metadata: { description: 'd' } });
  const done = item('Done already', { status: 'completed' }, project);
  const build = item('Build it', { branch_name: 'feat/build', assignee: 'claude' }, project);
  const test = item('Test it', {}, project);
  const stuck = item('Stuck', { status: 'blocked', metadata: { blocked_reason: 'waiting on legal' } }, build);
  const session = item('Session 2025-03-01: go', {
    item_type: 'session',
    metadata: { token_budget: 5000, prompts_count: 1, yaml_frontmatter: { schema_version: '1.1', session_id: 's1', session_date: '2025-03-01', prompt_text: '# heading-like line\nsecond line' } },
  });
  const deployment: Deployment = {
    id: id(), deployed_at: '2025-10-01T00:00:00.000Z', commit_hash: 'c'.repeat(40),
    metadata: { pr_number: 7, pr_title: 'PR #7', commit_hash: 'c'.repeat(40), test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true, legacy_work_item_refs: ['#T001'] },
    vendors: [{ id: id(), name: 'acme' }], work_items: [{ id: build.id, title: build.title }], version: 1, created_at: AT, created_by: 't',
  };
  const enhancement = (title: string, priority: number, quarter: string | null): Enhancement => ({
    id: id(), title, description: null, priority, status: 'planned', target_quarter: quarter, requires_constitutional_principles: [], work_item_ids: [], ...audit,
  });
  const items = [project, done, build, test, stuck, session];
  return {
    vendors: [vendor('zeta', 'broken', 1, 4, 1), vendor('acme', 'operational', 10, 12, 2)],
    // What the store's listWorkOutline returns: unfinished items (their ancestors here are unfinished too).
    outline: items.filter((i) => i.status !== 'completed').map(toWorkOutline),
    sessions: items.filter((i) => i.item_type === 'session'),
    liveWorkItems: items.length,
    dependencies: [{ source_id: build.id, target_id: test.id, dependency_type: 'blocks' }],
    deployments: [deployment],
    enhancements: [enhancement('Later', 5, null), enhancement('Soon', 1, '2026-Q1')],
    configuration: defaultConfiguration(),
  };
}

describe('renderStatusReport', () => {
  it('writes vendor health in the legacy grammar, sorted by name', async () => {
    const { markdown, counts } = await renderStatusReport(data(), { generatedAt: AT, dataSource: 'sqlite' });
    expect(markdown).toContain('## Vendors (2 total, 1 operational)\n- acme: operational (10/12 tests passed, 2 skipped) [Excel, PDF] v1.2.3\n- zeta: broken');
    expect(counts).toMatchObject({ vendors: 2, operational_vendors: 1, deployments: 1, enhancements: 2, sessions: 1 });
  });

  it('sorts vendor names as people read them: acme_4 before acme_10, letter case ignored', async () => {
    const names = ['acme_10', 'Acme_4', 'acme_13', 'globex_2', 'acme', 'acme_04b'];
    const { markdown } = await renderStatusReport({ ...data(), vendors: names.map((n) => vendor(n, 'broken', 1, 2, 0)) }, { generatedAt: AT, dataSource: 'sqlite' });
    const listed = [...markdown.matchAll(/^- (\S+): broken/gm)].map((m) => m[1]);
    expect(listed).toEqual(['acme', 'Acme_4', 'acme_04b', 'acme_10', 'acme_13', 'globex_2']);
    expect([...names].sort(compareNatural)).toEqual(listed);
  });

  it('indents unfinished work under its ancestors and leaves finished leaves out', async () => {
    const d = data();
    const { markdown } = await renderStatusReport(d, { generatedAt: AT, dataSource: 'sqlite' });
    const tree = markdown.split('## Active Work')[1]!.split('\n## ')[0]!;
    expect(tree).toContain('\n- [active] Ship v1 (project)');
    expect(tree).toContain('\n  - [active] Build it (task, branch feat/build, @claude)');
    expect(tree).toContain('\n    - [blocked] Stuck (task)');
    expect(tree).not.toContain('Done already');
  });

  it('lists blocked items with what blocks them and ready items separately', async () => {
    const { markdown, counts } = await renderStatusReport(data(), { generatedAt: AT, dataSource: 'sqlite' });
    const blocked = markdown.split('## Blocked (2)')[1]!.split('\n## ')[0]!;
    expect(blocked).toMatch(/- Test it `[^`]+`: waits for Build it `[^`]+` \[active\]/);
    expect(blocked).toMatch(/- Stuck `[^`]+`: marked blocked — waiting on legal/);
    const ready = markdown.split('## Ready Work')[1]!.split('\n## ')[0]!;
    expect(ready).toContain('Build it');
    expect(ready).not.toContain('Test it');
    // Only tasks and research are work to pick up: the project and the session are not listed.
    expect(ready).not.toContain('Ship v1');
    expect(counts).toMatchObject({ blocked: 2, ready: 1 });
  });

  it('produces sections the legacy parser reads back unchanged', async () => {
    const d = data();
    const { markdown } = await renderStatusReport(d, { generatedAt: AT, dataSource: 'postgres' });
    const doc = await parseLegacyStatus(markdown);
    expect(doc.issues).toEqual([]);
    expect(doc.vendors.map((v) => [v.name, v.status, v.passing, v.total, v.skipped, v.version])).toEqual([
      ['acme', 'operational', 10, 12, 2, '1.2.3'],
      ['zeta', 'broken', 1, 4, 1, '1.2.3'],
    ]);
    expect(doc.deployments[0]).toMatchObject({ pr_number: 7, pr_title: null, commit_hash: 'c'.repeat(40), vendor_names: ['acme'], test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true });
    expect(doc.deployments[0]!.work_item_refs).toEqual([d.outline.find((o) => o.title === 'Build it')!.id, '#T001']);
    expect(doc.enhancements.map((e) => [e.title, e.priority, e.target_quarter])).toEqual([
      ['Soon', 1, '2026-Q1'],
      ['Later', 5, null],
    ]);
    expect(doc.sessions).toEqual([{ line: expect.any(Number), date: '2025-03-01', frontmatter: { schema_version: '1.1', session_id: 's1' }, prompt: '# heading-like line\nsecond line' }]);
  });

  it('renders the same bytes whatever order the rows come in', async () => {
    const d = data();
    const reversed: ReportData = { ...d, vendors: [...d.vendors].reverse(), outline: [...d.outline].reverse(), enhancements: [...d.enhancements].reverse() };
    const opts = { generatedAt: AT, dataSource: 'sqlite' };
    expect((await renderStatusReport(reversed, opts)).markdown).toBe((await renderStatusReport(d, opts)).markdown);
  });
});

describe('user section', () => {
  it('keeps everything after the marker byte for byte', async () => {
    const notes = 'My notes\n\n- keep me  \n';
    const file = withUserSection('# Project Status\n', notes);
    expect(file).toBe(`# Project Status\n${USER_SECTION_MARKER}\n${notes}`);
    expect(preservedUserSection(file)).toEqual({ notes, hadMarker: true });
  });

  it('keeps a whole file that has no marker, so nothing hand-written is lost', async () => {
    expect(preservedUserSection('hand written\n')).toEqual({ notes: 'hand written\n', hadMarker: false });
    expect(preservedUserSection(null)).toEqual({ notes: '', hadMarker: false });
  });
});
