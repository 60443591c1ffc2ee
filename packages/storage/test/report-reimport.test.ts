import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { USER_SECTION_MARKER, type Deployment, type WorkItem } from '@project-status/core';
import { expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createTestDatabase, describeEachEngine, executeRawSql } from '../src/testing/index.js';

const hash = (c: string) => c.repeat(40);

async function intoEmptyStore<T>(engine: 'sqlite' | 'postgres', markdown: string, fn: (ps: ProjectStatusHandle) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(engine, 'reimport');
  const ps = await openProjectStatus({ clientId: 'test', databaseUrl: db.url, root: db.root });
  try {
    writeFileSync(join(db.root, 'report.md'), markdown);
    return await fn(ps);
  } finally {
    await ps.close();
    await db.drop();
  }
}

describeEachEngine('report re-import', (ctx) => {
  it('records the same commit deployed twice, and its report re-imports both deployments at 100 %', async () => {
    const ps = ctx.ps();
    const metadata = { pr_number: 7, pr_title: 'Deploy', test_summary: { passed: 1 }, constitutional_compliance: true };
    await ps.record_deployment({ deployed_at: '2026-01-01T10:00:00.000Z', commit_hash: hash('d'), metadata });
    await ps.record_deployment({ deployed_at: '2026-01-02T10:00:00.000Z', commit_hash: hash('d'), metadata: { ...metadata, pr_title: 'Redeploy' } });
    const markdown = (await ps.generate_status_report({})).markdown!;
    await intoEmptyStore(ctx.engine, markdown, async (copy) => {
      const report = await copy.import_legacy_status({ path: 'report.md' });
      expect(report.issues).toEqual([]);
      expect(report.preservation_percent).toBe(100);
      expect(report.checks.find((c) => c.check === 'deployment_count')).toEqual({ check: 'deployment_count', source: 2, skipped: 0, migrated: 2, match: true });
      const { deployments } = await copy.list_deployments({ detail: 'full' });
      expect((deployments as Deployment[]).map((d) => [d.deployed_at, d.metadata.pr_title])).toEqual([['2026-01-02T10:00:00.000Z', 'Redeploy'], ['2026-01-01T10:00:00.000Z', 'Deploy']]);
    });
    // And into the store it came from: both are already there.
    writeFileSync(join(ctx.db().root, 'own.md'), markdown);
    expect((await ps.import_legacy_status({ path: 'own.md' })).already_present.deployments).toBe(2);
    expect((await ps.list_deployments({})).total_count).toBe(2);
  });

  it('re-imports a session whose frontmatter holds a multi-line value with the notes marker line', async () => {
    const ps = ctx.ps();
    const frontmatter = { schema_version: 1, session_id: 'marker-1', notes: { text: `before\n${USER_SECTION_MARKER}\nafter` }, list: ['---', '## x'] };
    await ps.create_work_item({ item_type: 'session', title: 'Marker session', metadata: { token_budget: 5000, prompts_count: 1, yaml_frontmatter: frontmatter } });
    const markdown = (await ps.generate_status_report({})).markdown!;
    await intoEmptyStore(ctx.engine, markdown, async (copy) => {
      const report = await copy.import_legacy_status({ path: 'report.md', strict: true });
      expect(report.checks.find((c) => c.check === 'session_count')).toEqual({ check: 'session_count', source: 1, skipped: 0, migrated: 1, match: true });
      const [session] = (await copy.list_work_items({ item_type: 'session', detail: 'full' })).items as WorkItem[];
      expect(session!.metadata.yaml_frontmatter).toMatchObject(frontmatter);
    });
  });

  it('imports every line of a hand-written prompt that holds "## " and "# " lines, and says which lines it read as prompt text', async () => {
    const ps = await ctx.openClient();
    const prompt = 'Plan the release.\n## Requirements\n- offline first\n# Out of scope\nsync';
    writeFileSync(join(ctx.db().root, 'prompt.md'), `# Project Status\n\n## Session Prompts (1 total)\n### Session 2025-04-01\n---\nschema_version: 1\nsession_id: headings\n---\n${prompt}\n\n## Future Enhancements (1 total)\n- After the prompt (Priority: Low)\n`);
    const report = await ps.import_legacy_status({ path: 'prompt.md' });
    expect(report.issues).toEqual([]);
    expect(report.preservation_percent).toBe(100);
    expect(report.warnings.map((w) => w.line)).toEqual([10, 12]);
    const session = ((await ps.list_work_items({ item_type: 'session', detail: 'full', limit: 100 })).items as WorkItem[]).find((s) => (s.metadata.yaml_frontmatter as { session_id?: string }).session_id === 'headings');
    expect((session!.metadata.yaml_frontmatter as { prompt_text: string }).prompt_text).toBe(prompt);
    expect((await ps.list_enhancements({})).enhancements.map((e) => e.title)).toContain('After the prompt');
  });

  it('renders the report and exports the snapshot when a stored session nests deeper than any renderer stack', async () => {
    const ps = ctx.ps();
    const session = await ps.create_work_item({ item_type: 'session', title: 'Deep', metadata: { token_budget: 5000, prompts_count: 1, yaml_frontmatter: { schema_version: 1 } } });
    // SQLite's JSON functions stop at 1 000 levels (its FTS trigger reads the column), PostgreSQL's jsonb goes further.
    const depth = ctx.engine === 'sqlite' ? 900 : 1500;
    const deep = `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const metadata = `{"token_budget":5000,"prompts_count":1,"yaml_frontmatter":{"schema_version":1,"session_id":"deep","deep":${deep}}}`;
    await executeRawSql(ctx.db(), `update work_items set metadata = ${ctx.engine === 'sqlite' ? '?' : '?::jsonb'} where id = ?`, [metadata, session.id]);

    const report = await ps.generate_status_report({ write_file: true });
    expect(report.warnings).toEqual(expect.arrayContaining([expect.stringContaining(`session ${session.id}: yaml_frontmatter nests deeper than the report shows`)]));
    expect(report.markdown).toContain('[not shown: nested deeper than the 32-level metadata limit]');
    expect(JSON.parse(readFileSync(report.snapshot_written_to!, 'utf8')).work_items.find((w: WorkItem) => w.id === session.id)).toBeDefined();
    const snapshot = await ps.export_snapshot({});
    expect(snapshot.counts.work_items).toBeGreaterThan(0);
    // The report still parses back: the cut value is a string now, everything else is there.
    await intoEmptyStore(ctx.engine, report.markdown!, async (copy) => {
      const imported = await copy.import_legacy_status({ path: 'report.md', strict: true });
      expect(imported.preservation_percent).toBe(100);
    });
  });
});
