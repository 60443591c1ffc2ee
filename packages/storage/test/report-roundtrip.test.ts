import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateLegacyStatus, parseLegacyStatus, Snapshot, USER_SECTION_MARKER, type Deployment, type Vendor, type WorkItem } from '@project-status/core';
import { expect, it } from 'vitest';
import { openProjectStatus } from '../src/index.js';
import { createTestDatabase, describeEachEngine } from '../src/testing/index.js';

const hash = (c: string) => c.repeat(40);

describeEachEngine('status report', (ctx) => {
  const sample = generateLegacyStatus({ seed: 11 });
  let root = '';

  it('renders the store with a tree, blockers, ready work and every legacy section', async () => {
    const ps = ctx.ps();
    root = ctx.db().root;
    writeFileSync(join(root, 'legacy.md'), sample.text);
    await ps.import_legacy_status({ path: 'legacy.md' });
    // Native data on top of the import: a project tree with a dependency, a linked deployment, a non-default enhancement and a session without import keys.
    const project = await ps.create_work_item({ item_type: 'project', title: 'Ship v2', metadata: { description: 'next release' } });
    const build = await ps.create_work_item({ item_type: 'task', title: 'Build', parent_id: project.id, branch_name: 'feat/build', assignee: 'claude-code' });
    const check = await ps.create_work_item({ item_type: 'task', title: 'Check', parent_id: project.id });
    await ps.create_work_item({ item_type: 'task', title: 'Finished', parent_id: project.id, status: 'completed' });
    await ps.add_dependency({ source_id: build.id, target_id: check.id, dependency_type: 'blocks' });
    await ps.create_work_item({ item_type: 'session', title: 'Native session', metadata: { token_budget: 8000, prompts_count: 0, yaml_frontmatter: { schema_version: 3 } } });
    const vendor = await ps.create_vendor({ name: 'Native Vendor', status: 'operational', extractor_version: '2.0.0', initial_metadata: { format_support: { pdf: true }, test_results: { passing: 3, total: 4, skipped: 1 } } });
    await ps.record_deployment({
      deployed_at: '2026-02-03T04:05:06.000Z',
      commit_hash: hash('f'),
      metadata: { pr_number: 900, pr_title: 'Native deploy', commit_hash: hash('f'), test_summary: { unit: 10, e2e: 2 }, constitutional_compliance: false },
      affected_vendor_ids: [vendor.id],
      related_work_item_ids: [build.id],
    });
    await ps.create_enhancement({ title: 'Second priority', priority: 2, status: 'implementing' });

    const report = await ps.generate_status_report({});
    const md = report.markdown!;
    expect(() => ps.operations.generate_status_report!.output.parse(report)).not.toThrow();
    expect(report.data_source).toBe(ctx.engine);
    expect(report.counts).toMatchObject({ vendors: 46, deployments: 13, enhancements: 9, sessions: 26, blocked: 1 });
    expect(report.written_to).toBeUndefined();
    expect(md).toContain(`- [active] Ship v2 (project) \`${project.id}\`\n  - [active] Build (task, branch feat/build, @claude-code) \`${build.id}\`\n  - [active] Check (task) \`${check.id}\``);
    expect(md).not.toContain('Finished');
    expect(md).toMatch(new RegExp(`## Blocked \\(1\\)\\n- Check \`${check.id}\`: waits for Build \`${build.id}\` \\[active\\]`));
    expect(md.split('## Ready Work')[1]!.split('\n## ')[0]).toContain(build.id);
    expect(md).toContain(`### 2026-02-03T04:05:06.000Z - PR #900: Native deploy\n- Commit: ${hash('f')}\n- Work Items: ${build.id}\n- Vendors: Native Vendor\n`);
    expect(md).toMatch(/- Constitutional Compliance: ✗/);
    expect(md).toContain('- Second priority (Priority: 2, implementing)');
    expect(md).toContain(`_Generated ${report.generated_at} from the ${ctx.engine} store`);
  });

  it('parses back to the same vendors, deployments, enhancements and sessions (round trip)', async () => {
    const ps = ctx.ps();
    const md = (await ps.generate_status_report({})).markdown!;
    const doc = await parseLegacyStatus(md);
    expect(doc.issues).toEqual([]);

    const vendors = (await ps.list_vendors({ detail: 'full' })).vendors as Vendor[];
    const vendorFacts = (v: Vendor) => [v.name, v.status, v.metadata.test_results.passing, v.metadata.test_results.total, v.metadata.test_results.skipped, v.metadata.format_support, v.extractor_version];
    // Same vendors with the same facts; order aside (the database's collation and the report's code-unit sort may differ on "_").
    const byName = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    expect(doc.vendors.map((v) => [v.name, v.status, v.passing, v.total, v.skipped, v.formats, v.version]).sort(byName)).toEqual(vendors.map(vendorFacts).sort(byName));

    const deployments = (await ps.list_deployments({ limit: 100, detail: 'full' })).deployments as Deployment[];
    expect(doc.deployments.map((d) => [d.deployed_at, d.pr_number, d.pr_title ?? `PR #${d.pr_number}`, d.commit_hash, d.test_summary, d.constitutional_compliance, d.vendor_names, d.work_item_refs])).toEqual(
      deployments.map((d) => [
        d.deployed_at, d.metadata.pr_number, d.metadata.pr_title, d.commit_hash, d.metadata.test_summary, d.metadata.constitutional_compliance,
        d.vendors.map((v) => v.name), [...d.work_items.map((w) => w.id), ...(d.metadata.legacy_work_item_refs ?? [])],
      ]),
    );

    const { enhancements } = await ps.list_enhancements({ limit: 100, detail: 'full' });
    const enhancementFacts = (rows: [string, number, string | null, string][]) => rows.sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]));
    expect(enhancementFacts(doc.enhancements.map((e) => [e.title, e.priority, e.target_quarter, e.status ?? 'planned']))).toEqual(
      enhancementFacts(enhancements.map((e) => [e.title, e.priority, e.target_quarter, e.status])),
    );

    const sessions = (await ps.list_work_items({ item_type: 'session', detail: 'full', limit: 100 })).items as WorkItem[];
    const stored = sessions.map((s) => {
      const { session_date, prompt_text, ...fm } = s.metadata.yaml_frontmatter as Record<string, unknown>;
      return [fm.session_id ?? null, fm.schema_version, (session_date as string | undefined) ?? s.created_at.slice(0, 10), (prompt_text as string | undefined) ?? s.title];
    });
    const parsed = doc.sessions.map((s) => [s.frontmatter.session_id ?? null, s.frontmatter.schema_version, s.date, s.prompt]);
    const byKey = (a: unknown[], b: unknown[]) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(parsed.sort(byKey)).toEqual(stored.sort(byKey));
  });

  it('imports its own report into an empty store with five passing checks and 100 %', async () => {
    const md = (await ctx.ps().generate_status_report({})).markdown!;
    const db = await createTestDatabase(ctx.engine, 'report-reimport');
    const fresh = await openProjectStatus({ clientId: 'test', databaseUrl: db.url, root: db.root });
    try {
      writeFileSync(join(db.root, 'report.md'), md);
      const report = await fresh.import_legacy_status({ path: 'report.md' });
      expect(report.checks.map((c) => [c.check, c.source, c.match])).toEqual([
        ['vendor_count', 46, true],
        ['deployment_count', 13, true],
        ['enhancement_count', 9, true],
        ['session_count', 26, true],
        ['vendor_metadata_completeness', 46, true],
      ]);
      expect(report.preservation_percent).toBe(100);
      // The copy renders the same vendor, deployment and enhancement sections.
      const section = (text: string, name: string) => text.split(`## ${name}`)[1]!.split('\n## ')[0];
      const copy = (await fresh.generate_status_report({})).markdown!;
      expect(section(copy, 'Vendors')).toBe(section(md, 'Vendors'));
      expect(section(copy, 'Future Enhancements')).toBe(section(md, 'Future Enhancements'));
    } finally {
      await fresh.close();
      await db.drop();
    }
  });

  it('writes .project_status.md atomically and keeps the notes below the marker on every regeneration', async () => {
    const ps = ctx.ps();
    const file = join(root, '.project_status.md');
    const first = await ps.generate_status_report({ write_file: true, include_markdown: false });
    expect(first.markdown).toBeUndefined();
    expect(first.written_to).toBe(file);
    const written = readFileSync(file, 'utf8');
    expect(written.endsWith(`${USER_SECTION_MARKER}\n`)).toBe(true);
    const notes = '## My notes\n\nDo not lose this.  \n- [ ] call the vendor\n';
    writeFileSync(file, written + notes);

    await ps.create_vendor({ name: 'Added Later' });
    const second = await ps.generate_status_report({ write_file: true });
    const rewritten = readFileSync(file, 'utf8');
    expect(rewritten).toBe(second.markdown);
    expect(rewritten).toContain('- Added Later: broken (0/0 tests passed, 0 skipped) [] v0.0.0');
    expect(rewritten.endsWith(`${USER_SECTION_MARKER}\n${notes}`)).toBe(true);
    expect((await parseLegacyStatus(rewritten)).vendors).toHaveLength(47);
    const third = await ps.generate_status_report({ write_file: true });
    expect(third.markdown!.endsWith(`${USER_SECTION_MARKER}\n${notes}`)).toBe(true);
  });

  it('keeps a hand-written file without a marker below the marker when overwriting it', async () => {
    const ps = ctx.ps();
    const file = join(root, '.project_status.md');
    writeFileSync(file, 'hand-written status\n');
    const report = await ps.generate_status_report({ write_file: true, include_markdown: false });
    expect(report.warnings).toEqual([expect.stringContaining('had no notes marker')]);
    expect(readFileSync(file, 'utf8').endsWith(`${USER_SECTION_MARKER}\nhand-written status\n`)).toBe(true);
  });

  it('exports a snapshot that validates against the schema, one row per line', async () => {
    const ps = ctx.ps();
    const result = await ps.export_snapshot({});
    expect(() => ps.operations.export_snapshot!.output.parse(result)).not.toThrow();
    expect(result.path).toBe(join(root, '.project-status', 'snapshot.json'));
    const text = readFileSync(result.path, 'utf8');
    expect(result.bytes).toBe(Buffer.byteLength(text));
    const snapshot = Snapshot.parse(JSON.parse(text));
    expect(snapshot.counts).toEqual(result.counts);
    expect(snapshot.counts).toMatchObject({ vendors: 47, deployments: 13, enhancements: 9, dependencies: 1 });
    expect(snapshot.work_items.map((w) => w.id)).toEqual([...snapshot.work_items.map((w) => w.id)].sort());
    expect(text.split('\n').filter((l) => l.startsWith('    {"id":')).length).toBe(snapshot.vendors.length + snapshot.work_items.length + snapshot.dependencies.length + snapshot.deployments.length + snapshot.enhancements.length);
    expect(existsSync(join(root, '.project-status', 'snapshot.json'))).toBe(true);
  });
});

describeEachEngine('status report key order', (ctx) => {
  it('writes metadata objects in one key order on both engines (jsonb does not keep the written order)', async () => {
    const ps = ctx.ps();
    // Written in an order neither engine keeps: SQLite would keep it, PostgreSQL's jsonb puts short keys first.
    await ps.record_deployment({
      deployed_at: '2026-03-04T05:06:07.000Z',
      commit_hash: hash('e'),
      metadata: { pr_number: 901, pr_title: 'Key order', commit_hash: hash('e'), test_summary: { flaky: 3, skipped: 1, e2e: 2, passed: 75, failed: 0 }, constitutional_compliance: true },
      affected_vendor_ids: [],
      related_work_item_ids: [],
    });
    await ps.create_work_item({ item_type: 'session', title: 'Key order session', metadata: { token_budget: 8000, prompts_count: 0, yaml_frontmatter: { mode: 'plan', zeta: 1, session_id: 'sess_key', schema_version: 2, alpha: 'first' } } });
    const md = (await ps.generate_status_report({})).markdown!;
    expect(md).toContain('### 2026-03-04T05:06:07.000Z - PR #901: Key order\n');
    expect(md).toContain('- Tests: 75 passed, 0 failed, 1 skipped, 2 e2e, 3 flaky\n');
    expect(md).toContain('---\nschema_version: 2\nsession_id: sess_key\nalpha: first\nmode: plan\nzeta: 1\n---');
  });
});
