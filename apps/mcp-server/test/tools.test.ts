import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { catalog } from '@project-status/core';
import { describeEachEngine } from '@project-status/storage/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPORT_RESOURCE_URI } from '../src/index.js';
import { fails, ok, sessionMetadata, sha, textOf, connectInMemory, type Loose } from './support.js';

/** A small hand-written status file in the legacy format (SPEC §4.2). */
const LEGACY = `# Project Status

## Vendors (2 total)
- legacy_one: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3
- legacy_two: broken (0/5 tests passed, 0 skipped) [] v0.1.0

## Deployments (1 total)
### 2025-10-01 - PR #100
- Commit: ${'c'.repeat(40)}
- Work Items: #T001
- Vendors: legacy_one
- Tests: 45 passed, 0 failed
- Constitutional Compliance: ✓

## Future Enhancements (1 total)
- Faster OCR (Priority: High, Q1 2026)

## Session Prompts (1 total)
### Session 2025-10-02
---
schema_version: "1.1"
session_id: sess_001
---
Fix the extractor.
`;

// Every tool, through the real SDK client (which validates each structuredContent
// against the advertised output schema), on a fresh SQLite file and a fresh PostgreSQL database.
describeEachEngine('every tool in process', (ctx) => {
  let client: Client;
  const called = new Set<string>();
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    called.add(name);
    return ok(client, name, args);
  };
  const callFails = async (name: string, args: Record<string, unknown> = {}) => {
    called.add(name);
    return fails(client, name, args);
  };

  beforeAll(async () => {
    client = await connectInMemory(ctx.ps(), {}, 'claude-code');
  });
  afterAll(async () => {
    await client.close();
  });

  it('advertises one tool per catalog operation with schemas, a description and annotations', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(Object.keys(ctx.ps().operations).sort());
    for (const tool of tools) {
      const op = catalog[tool.name as keyof typeof catalog];
      expect(tool.inputSchema.type).toBe('object');
      expect(tool.outputSchema?.type).toBe('object');
      expect(tool.description).toContain(op.summary);
      expect(tool.annotations?.readOnlyHint).toBe(op.kind === 'read');
      expect(tool.annotations?.destructiveHint).toBe(op.kind === 'write' && op.destructive === true);
      if (op.kind === 'write' && 'version' in (tool.inputSchema.properties ?? {})) expect(tool.description).toContain('VERSION_CONFLICT');
    }
  });

  it('creates, queries, lists, searches, updates and soft-deletes work items', async () => {
    const project = await call('create_work_item', { item_type: 'project', title: 'Tools project', metadata: { description: 'd' } });
    expect(project).toMatchObject({ version: 1, depth: 0, created_by: 'claude-code' });
    const session = await call('create_work_item', { item_type: 'session', title: 'Session one', parent_id: project.id, metadata: sessionMetadata });
    const task = await call('create_work_item', { item_type: 'task', title: 'Write the quarterly report', parent_id: session.id, labels: ['docs'] });

    const detail = await call('query_work_item', { id: task.id });
    expect(detail.ancestors.map((a: { id: string }) => a.id)).toEqual([project.id, session.id]);
    expect(detail.ready).toBe(true);

    const page = await call('list_work_items', { parent_id: session.id });
    expect(page).toMatchObject({ total_count: 1, limit: 50, offset: 0 });
    expect(page.items[0]).toEqual(expect.objectContaining({ id: task.id, title: 'Write the quarterly report' }));
    expect(page.items[0]).not.toHaveProperty('metadata');

    const found = await call('search_work_items', { query: 'quarterly' });
    expect(found.items.map((i: { id: string }) => i.id)).toContain(task.id);

    const renamed = await call('update_work_item', { id: task.id, version: 1, title: 'Write the annual report', updated_by: 'alice' });
    expect(renamed).toMatchObject({ version: 2, updated_by: 'alice' });
    const deleted = await call('update_work_item', { id: task.id, version: 2, delete: true });
    expect(deleted.deleted_at).not.toBeNull();
    expect((await call('list_work_items', { parent_id: session.id })).total_count).toBe(0);
    const restored = await call('update_work_item', { id: task.id, version: 3, restore: true });
    expect(restored.deleted_at).toBeNull();
    expect((await call('list_work_items', { parent_id: session.id })).total_count).toBe(1);
  });

  it('links dependencies, lists ready work and claims it once', async () => {
    const a = await call('create_work_item', { item_type: 'task', title: 'first step' });
    const b = await call('create_work_item', { item_type: 'task', title: 'second step' });
    await call('add_dependency', { source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    const cycle = await callFails('add_dependency', { source_id: b.id, target_id: a.id, dependency_type: 'blocks' });
    expect(cycle.code).toBe('VALIDATION_ERROR');

    const ready = await call('list_ready_work', {});
    const readyIds = ready.items.map((i: { id: string }) => i.id);
    expect(readyIds).toContain(a.id);
    expect(readyIds).not.toContain(b.id);

    const claimed = await call('claim_work_item', { id: a.id });
    expect(claimed.assignee).toBe('claude-code');
    const again = await fails(client, 'claim_work_item', { id: a.id, assignee: 'someone-else' });
    expect(again.code).toBe('CONFLICT');

    const removed = await call('remove_dependency', { source_id: a.id, target_id: b.id, dependency_type: 'blocks' });
    expect(removed.removed).toBe(true);
  });

  it('plans, prioritises, notes, leases, releases and lists held work by short id', async () => {
    const project = await call('create_work_item', { item_type: 'project', title: 'Agent flow', metadata: { description: 'd' } });
    const plan = await call('create_work_items', {
      parent_id: project.short_id,
      items: [
        { ref: 'api', item_type: 'task', title: 'Design the API', priority: 1 },
        { ref: 'impl', item_type: 'task', title: 'Implement it', depends_on: ['api'] },
      ],
    });
    expect(plan.items.map((i: { ref: string; priority: number }) => [i.ref, i.priority])).toEqual([['api', 1], ['impl', 3]]);
    expect(plan.dependencies).toBe(1);
    const api = plan.items[0];
    expect(api.short_id).toMatch(/^[0-9a-z]{6,}$/);
    const ready = await call('list_ready_work', { parent_id: project.id });
    expect(ready.items.map((i: { short_id: string }) => i.short_id)).toEqual([api.short_id]);

    const claimed = await call('claim_work_item', { id: api.short_id, lease_seconds: 600 });
    expect(claimed.lease_expires_at).not.toBeNull();
    const note = await call('add_note', { id: api.short_id.slice(0, 5), text: 'schema drafted' });
    expect(note).toMatchObject({ work_item_id: api.id, author: 'claude-code', text: 'schema drafted' });
    const mine = await call('list_my_work', {});
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(api.id);
    // The held filter of list/search, advertised in both tools' input schemas.
    const { tools } = await client.listTools();
    for (const name of ['list_work_items', 'search_work_items']) expect(tools.find((t) => t.name === name)?.inputSchema.properties?.held).toMatchObject({ type: 'boolean' });
    const ids = (page: Loose) => (page.items as { id: string }[]).map((i) => i.id);
    expect(ids(await call('list_work_items', { parent_id: project.id, held: true }))).toEqual([api.id]);
    expect(ids(await call('list_work_items', { parent_id: project.id, held: false }))).toEqual([plan.items[1].id]);
    expect(ids(await call('search_work_items', { query: 'design', held: true }))).toEqual([api.id]);
    expect((await callFails('list_work_items', { held: 'maybe' })).code).toBe('VALIDATION_ERROR');
    const released = await call('release_work_item', { id: api.short_id, note: 'handing over' });
    expect(released.assignee).toBeNull();
    const detail = await call('query_work_item', { id: api.short_id });
    expect(detail.notes.map((n: { text: string }) => n.text)).toEqual(['handing over', 'schema drafted']);
    // Releasing again (nobody holds it): nothing changes, but the note is kept, not dropped.
    const again = await call('release_work_item', { id: api.short_id, note: 'important hand-off finding' });
    expect(again.version).toBe(released.version);
    expect((await call('query_work_item', { id: api.short_id })).notes[0]).toMatchObject({ text: 'important hand-off finding', author: 'claude-code' });
    expect((await call('prime_session', {})).markdown).toContain('## Ready');
  });

  it('tracks vendors case-insensitively and rejects duplicates', async () => {
    const vendor = await call('create_vendor', { name: 'Acme Extractor' });
    expect(vendor).toMatchObject({ status: 'broken', extractor_version: '0.0.0', version: 1 });
    const same = await call('query_vendor_status', { name: 'acme extractor' });
    expect(same.id).toBe(vendor.id);
    expect((await callFails('create_vendor', { name: 'ACME EXTRACTOR' })).code).toBe('CONFLICT');
    const fixed = await call('update_vendor_status', { name: 'Acme Extractor', version: 1, status: 'operational', metadata: { test_results: { passing: 9, total: 10, skipped: 1 } } });
    expect(fixed).toMatchObject({ status: 'operational', version: 2 });
    const listed = await call('list_vendors', { status: 'operational' });
    // Summary rows carry the id, which record_deployment links vendors by.
    expect(listed.vendors).toEqual([expect.objectContaining({ id: vendor.id, name: 'Acme Extractor', tests: '9/10 passing, 1 skipped' })]);
  });

  it('records a deployment linked to vendors and work items and lists it', async () => {
    await call('create_vendor', { name: 'deploy-vendor' });
    // As an assistant would: the vendor's id from the list, not from a per-vendor query.
    const vendor = (await call('list_vendors', {})).vendors.find((v: { name: string }) => v.name === 'deploy-vendor');
    const item = await call('create_work_item', { item_type: 'task', title: 'deployed work' });
    const deployment = await call('record_deployment', {
      commit_hash: sha(1),
      metadata: { pr_number: 7, pr_title: 'Ship it', commit_hash: sha(1), test_summary: { passed: 45, failed: 0 }, constitutional_compliance: true },
      affected_vendor_ids: [vendor.id],
      related_work_item_ids: [item.id],
    });
    expect(deployment.vendors).toEqual([{ id: vendor.id, name: 'deploy-vendor' }]);
    const listed = await call('list_deployments', { work_item_id: item.id });
    expect(listed.deployments.map((d: { id: string }) => d.id)).toEqual([deployment.id]);
  });

  it('reads and updates the configuration, and manages enhancements', async () => {
    const config = await call('get_project_configuration');
    expect(config.version).toBe(0);
    const updated = await call('update_project_configuration', { version: 0, active_context_type: 'maintenance' });
    expect(updated).toMatchObject({ version: 1, active_context_type: 'maintenance' });
    const stale = await callFails('update_project_configuration', { version: 0, git_branch: 'main' });
    expect(stale.code).toBe('VERSION_CONFLICT');

    const enhancement = await call('create_enhancement', { title: 'Dark mode', priority: 2, target_quarter: '2026-Q3' });
    const approved = await call('update_enhancement', { id: enhancement.id, version: 1, status: 'approved' });
    expect(approved.status).toBe('approved');
    const backlog = await call('list_enhancements', { priority: 2 });
    expect(backlog.enhancements.map((e: { id: string }) => e.id)).toEqual([enhancement.id]);
  });

  it('answers history, archive, archived-query and health tools', async () => {
    const item = await call('create_work_item', { item_type: 'task', title: 'history subject' });
    await call('update_work_item', { id: item.id, version: 1, status: 'completed' });
    const history = await call('get_history', { entity_type: 'work_item', entity_id: item.id });
    expect(history.entries.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    const changes = await call('list_changes', { entity_types: ['work_item'], ids: [item.id] });
    expect(changes.changes.map((c: { action: string }) => c.action)).toEqual(['create', 'update']);
    const completions = await call('count_completions', { days: 1 });
    expect(completions.per_day).toEqual([{ day: history.entries[0].at.slice(0, 10), completed: expect.any(Number) }]);

    const dry = await call('archive_work_items', { older_than_days: 0, dry_run: true });
    expect(dry.dry_run).toBe(true);
    expect(dry.archived).toBe(0);
    const archived = await call('query_archived_work_items', {});
    expect(archived.total_count).toBe(0);

    const health = await call('health_check');
    expect(health).toMatchObject({ healthy: true, status: 'ok', data_source: ctx.engine, layer: ctx.engine, pending_outage_writes: 0 });
    expect((await call('list_sync_conflicts')).conflicts).toEqual([]);
    const unknown = await callFails('resolve_sync_conflict', { id: '01900000-0000-7000-8000-000000000000', action: 'discard' });
    expect(unknown.code).toBe('NOT_FOUND');
  });

  it('imports a legacy status file, generates the report and exports a snapshot', async () => {
    writeFileSync(join(ctx.db().root, 'legacy-status.md'), LEGACY);
    const dry = await call('import_legacy_status', { path: 'legacy-status.md', dry_run: true });
    expect(dry.checks.every((c: { match: boolean }) => c.match)).toBe(true);
    const imported = await call('import_legacy_status', { path: 'legacy-status.md' });
    expect(imported.preservation_percent).toBe(100);
    expect((await call('query_vendor_status', { name: 'LEGACY_ONE' })).extractor_version).toBe('1.2.3');
    const outside = await callFails('import_legacy_status', { path: '../../etc/passwd' });
    expect(outside.code).toBe('VALIDATION_ERROR');

    const report = await client.callTool({ name: 'generate_status_report', arguments: {} });
    called.add('generate_status_report');
    expect(report.isError).toBeFalsy();
    // The model reads the markdown itself, not a JSON-escaped copy of it.
    expect(textOf(report)).toMatch(/\n## Vendors \(\d+ total[^)]*\)\n(- .*\n)*- legacy_one: operational/);
    const snapshot = await call('export_snapshot');
    expect(snapshot).toBeTruthy();
    const agents = await call('write_agent_instructions', {});
    expect(agents.files.map((f: { action: string }) => f.action)).toEqual(['created']);
    expect((await call('write_agent_instructions', {})).files.map((f: { action: string }) => f.action)).toEqual(['unchanged']);
  });

  it('lists and builds the session prompts', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(['start_session', 'plan_feature', 'wrap_up_session']);
    const start = await client.getPrompt({ name: 'start_session' });
    expect((start.messages[0]!.content as { text: string }).text).toMatch(/# Session context for claude-code[\s\S]*## You hold/);
    const plan = await client.getPrompt({ name: 'plan_feature', arguments: { feature: 'CSV export' } });
    expect((plan.messages[0]!.content as { text: string }).text).toContain('create_work_items');
    await expect(client.getPrompt({ name: 'plan_feature', arguments: {} })).rejects.toThrow(/feature/);
    const wrap = await client.getPrompt({ name: 'wrap_up_session' });
    expect((wrap.messages[0]!.content as { text: string }).text).toContain('release_work_item');
  });

  it('offers the status report as a markdown resource', async () => {
    const { resources } = await client.listResources();
    expect(resources[0]).toEqual(expect.objectContaining({ uri: REPORT_RESOURCE_URI, mimeType: 'text/markdown' }));
    expect(resources).toContainEqual(expect.objectContaining({ uri: 'project-status://vendors/legacy_one', mimeType: 'application/json' }));
    const read = await client.readResource({ uri: REPORT_RESOURCE_URI });
    const content = read.contents[0] as { text: string; mimeType: string };
    expect(content.mimeType).toBe('text/markdown');
    expect(content.text).toMatch(/^# /);
    expect(content.text).toContain('legacy_one');
    await expect(client.readResource({ uri: 'project-status://nothing' })).rejects.toThrow(/Unknown resource/);
  });

  it('returns a short text rendering beside the structured result', async () => {
    const result = await client.callTool({ name: 'list_vendors', arguments: {} });
    const text = textOf(result);
    expect(text.split('\n')[0]).toMatch(/^count: \d+ · operational: \d+$/);
    expect(text).toContain('name | status | extractor_version | tests | formats | version');
    expect(text).not.toContain('null');
  });

  it('exercised every advertised tool', () => {
    expect([...called].sort()).toEqual(Object.keys(ctx.ps().operations).sort());
  });
});
