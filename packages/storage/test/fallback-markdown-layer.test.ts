import { mkdirSync, utimesSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createProjectStatus, generateLegacyStatus, REPORT_FILE, upsertPendingSection, USER_SECTION_MARKER, type Deployment, type ProjectStatus, type Vendor } from '@project-status/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createMarkdownLayer } from '../src/fallback/markdown-layer.js';
import type { LayerRead, LayerResult } from '../src/fallback/layer.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import { seedFallbackProject } from './fallback-fixture.js';

const reasonOf = (r: LayerResult) => (r.ok ? 'ok' : r.reason);
const vendorFacts = (v: Vendor) => [v.name, v.status, v.extractor_version, v.metadata.test_results, v.metadata.format_support];

describe('markdown fallback layer', () => {
  let db: TestDatabase;
  let primary: ProjectStatusHandle;
  let seeded: Awaited<ReturnType<typeof seedFallbackProject>>;
  let generatedAt = '';
  let read: LayerRead;
  let view: ProjectStatus;

  beforeAll(async () => {
    db = createSqliteDatabase();
    primary = await openProjectStatus({ root: db.root, databaseUrl: db.url, clientId: 'seeder' });
    seeded = await seedFallbackProject(primary);
    generatedAt = (await primary.generate_status_report({ write_file: true })).generated_at;
    const result = await createMarkdownLayer({ root: db.root }).open();
    if (!result.ok) throw new Error(result.reason);
    read = result.read;
    view = createProjectStatus({ store: read.store });
  });
  afterAll(async () => {
    await read?.store.close();
    await primary?.close();
    await db?.drop();
  });

  it('reads a generated report back, as of its generation time', () => {
    expect(read.source).toBe('markdown');
    expect(read.store.engine).toBe('markdown');
    expect(read.as_of).toBe(generatedAt);
    expect(read.warnings).toEqual(['markdown_partial_view']);
  });

  it('serves the vendors, deployments, enhancements and configuration the report shows', async () => {
    const got = (await view.list_vendors({ detail: 'full' })).vendors as Vendor[];
    const want = (await primary.list_vendors({ detail: 'full' })).vendors as Vendor[];
    expect(got.map(vendorFacts)).toEqual(want.map(vendorFacts));
    expect((await view.query_vendor_status({ name: 'acme extractor' })).name).toBe('Acme Extractor');

    const deployments = (await view.list_deployments({ detail: 'full' })).deployments as Deployment[];
    expect(deployments.map((d) => [d.metadata.pr_number, d.metadata.pr_title, d.commit_hash, d.deployed_at, d.vendors.map((v) => v.name), d.work_items.map((w) => w.id)])).toEqual([
      [42, 'PR #42', 'b'.repeat(40), '2026-11-03T00:00:00.000Z', ['globex'], []],
      [41, 'Add the outbox', 'a'.repeat(40), '2026-11-02T10:00:00.000Z', ['Acme Extractor'], [seeded.build.id]],
    ]);
    expect((await view.list_deployments({ work_item_id: seeded.build.id })).deployments).toHaveLength(1);

    const enhancements = (await view.list_enhancements({ detail: 'full' })).enhancements;
    expect(enhancements.map((e) => [e.title, e.priority, e.target_quarter, e.status])).toEqual([['Replay conflicts UI', 1, '2027-Q1', 'planned']]);

    const [config, wantConfig] = await Promise.all([view.get_project_configuration({}), primary.get_project_configuration({})]);
    expect(config).toMatchObject({ active_context_type: 'maintenance', git_branch: 'main', version: wantConfig.version, default_token_budget: wantConfig.default_token_budget });
  });

  it('rebuilds the unfinished work tree with its ids, so ready and blocked work answer as the primary does', async () => {
    const { project, build, check } = seeded;
    const ready = async (ps: ProjectStatus) => (await ps.list_ready_work({ include_assigned: true })).items.map((i) => i.title).sort();
    expect(await ready(view)).toEqual(await ready(primary));
    const detail = await view.query_work_item({ id: build.id });
    expect(detail.item).toMatchObject({ id: build.id, title: 'Build the git layer', status: 'active', item_type: 'task', branch_name: 'feat/git', priority: 2, parent_id: project.id, short_id: build.short_id });
    expect(detail.ancestors?.map((a) => a.id) ?? detail.item.path.split('/').slice(1, -1)).toEqual([project.id]);
    expect((await view.query_work_item({ id: check.id })).item).toMatchObject({ assignee: 'claude-code', parent_id: project.id });
    expect((await view.list_work_items({ parent_id: project.id })).items.map((i) => i.title).sort()).toEqual(['Build the git layer', 'Check the markdown layer']);
    expect((await view.search_work_items({ query: 'markdown' })).items.map((i) => i.id)).toEqual([check.id]);
  });

  it('keeps an unfinished session once, with its tree id, and shows its prompt', async () => {
    const sessions = (await view.list_work_items({ item_type: 'session', status: 'active', detail: 'full' })).items;
    expect(sessions.map((s) => s.id)).toEqual([seeded.session.id]);
  });

  it('refuses writes, naming the markdown fallback', async () => {
    await expect(view.create_vendor({ name: 'Initech' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'read_only_fallback', data_source: 'markdown' } });
  });

  it('ignores the pending-changes section and the user notes', async () => {
    const file = join(db.root, REPORT_FILE);
    const original = readFileSync(file, 'utf8');
    try {
      const pending = upsertPendingSection(original, [{ position: 1, operation: 'create_vendor', summary: 'name=Initech', queued_at: '2026-11-30T09:00:00.000Z' }]).content;
      writeFileSync(file, `${pending}## Vendors (1 total)\n- notes_vendor: operational (1/1 tests passed) [CSV] v1\n`);
      expect(readFileSync(file, 'utf8')).toContain(USER_SECTION_MARKER);
      const result = await createMarkdownLayer({ root: db.root }).open();
      if (!result.ok) throw new Error(result.reason);
      try {
        expect((await createProjectStatus({ store: result.read.store }).list_vendors({})).vendors.map((v) => v.name).sort()).toEqual(['Acme Extractor', 'globex']);
        expect(result.read.warnings).toEqual(['markdown_partial_view']);
      } finally {
        await result.read.store.close();
      }
    } finally {
      writeFileSync(file, original);
    }
  });

  it('reads a hand-written legacy file, as of its modification time', async () => {
    const dir = join(db.root, 'legacy');
    mkdirSync(dir);
    const { text, expected } = generateLegacyStatus({ seed: 3 });
    const file = join(dir, 'status.md');
    writeFileSync(file, text);
    utimesSync(file, new Date('2026-10-01T12:00:00Z'), new Date('2026-10-01T12:00:00Z'));
    const result = await createMarkdownLayer({ root: dir, file }).open();
    if (!result.ok) throw new Error(result.reason);
    try {
      expect(result.read.as_of).toBe('2026-10-01T12:00:00.000Z');
      const ps = createProjectStatus({ store: result.read.store });
      expect((await ps.list_vendors({})).vendors).toHaveLength(expected.vendors);
      expect((await ps.list_deployments({ limit: 100 })).total_count).toBe(expected.deployments);
      expect((await ps.list_enhancements({ limit: 100 })).total_count).toBe(expected.enhancements);
      expect((await ps.list_work_items({ item_type: 'session', limit: 100 })).total_count).toBe(expected.sessions);
    } finally {
      await result.read.store.close();
    }
  });

  it('says why it cannot answer: no file, a folder, or a file that is not a status report', async () => {
    const dir = join(db.root, 'bad');
    mkdirSync(dir);
    expect(reasonOf(await createMarkdownLayer({ root: dir }).open())).toMatch(/^no_markdown_report: /);
    mkdirSync(join(dir, REPORT_FILE));
    expect(reasonOf(await createMarkdownLayer({ root: dir }).open())).toMatch(/^markdown_unreadable: .* is not a file/);
    const garbage = join(dir, 'garbage.md');
    writeFileSync(garbage, '\u0000\u0001 binary-ish junk\n# A README\nSome text, no status sections.\n## Install\nrun it\n');
    expect(reasonOf(await createMarkdownLayer({ root: dir, file: garbage }).open())).toMatch(/^markdown_unparsable: .*holds none of the status report's sections/);
    expect(reasonOf(await createMarkdownLayer({ root: db.root, maxBytes: 100 }).open())).toMatch(/^markdown_too_large: /);
  });
});
