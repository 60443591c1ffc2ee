import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fails, ok, sessionMetadata, sha } from './support.js';

// The real binary, as an assistant starts it. `pnpm test` builds it first.
const BIN = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));
if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run "pnpm turbo run build" (or "pnpm test" at the root) first`);

const pgReason = await postgresUnavailableReason();

/** Starts `project-status-mcp` over stdio in `cwd` and connects an SDK client that introduces itself as `name`. */
async function spawnClient(cwd: string, name: string, args: string[] = []): Promise<Client> {
  const transport = new StdioClientTransport({ command: process.execPath, args: [BIN, ...args], cwd, env: { PATH: process.env.PATH ?? '' }, stderr: 'pipe' });
  const client = new Client({ name, version: '1.0.0' });
  await client.connect(transport);
  return client;
}

for (const engine of ['sqlite', 'postgres'] as const) {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  // Without PostgreSQL on this machine the PostgreSQL run is skipped (never under CI, where it fails).
  if (skip) console.warn(`[skip] stdio end-to-end [postgres]: ${pgReason}`);

  (skip ? describe.skip : describe)(`project-status-mcp over stdio [${engine}]`, () => {
    let project: string;
    let db: TestDatabase | undefined;
    let alice: Client;
    let bob: Client;

    beforeAll(async () => {
      if (engine === 'postgres' && pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
      project = mkdtempSync(join(tmpdir(), 'ps-mcp-e2e-'));
      mkdirSync(join(project, '.git'));
      db = engine === 'postgres' ? await createTestDatabase('postgres', 'mcp-e2e') : undefined;
      const args = db ? ['--database-url', db.url] : [];
      alice = await spawnClient(project, 'alice-agent', args);
      bob = await spawnClient(project, 'bob-agent', args);
    });
    afterAll(async () => {
      await alice?.close();
      await bob?.close();
      await db?.drop();
      rmSync(project, { recursive: true, force: true });
    });

    if (engine === 'sqlite') {
      it('keeps its data in .project-status/status.db under the project root', () => {
        expect(existsSync(join(project, '.project-status', 'status.db'))).toBe(true);
      });
    }

    it('builds a project → session → task chain to depth 5 and rejects depth 6', async () => {
      let parent = await ok(alice, 'create_work_item', { item_type: 'project', title: 'E2E project', metadata: { description: 'end to end' } });
      parent = await ok(alice, 'create_work_item', { item_type: 'session', title: 'E2E session', parent_id: parent.id, metadata: sessionMetadata });
      for (let depth = 2; depth <= 5; depth++) {
        parent = await ok(alice, 'create_work_item', { item_type: 'task', title: `level ${depth}`, parent_id: parent.id });
        expect(parent.depth).toBe(depth);
      }
      const tooDeep = await fails(alice, 'create_work_item', { item_type: 'task', title: 'level 6', parent_id: parent.id });
      expect(tooDeep.code).toBe('VALIDATION_ERROR');
      expect(tooDeep.message).toMatch(/depth/);
    });

    it('rejects a dependency cycle and names it', async () => {
      const ids: string[] = [];
      for (const title of ['cycle a', 'cycle b', 'cycle c']) ids.push((await ok(alice, 'create_work_item', { item_type: 'task', title })).id);
      await ok(alice, 'add_dependency', { source_id: ids[0], target_id: ids[1], dependency_type: 'blocks' });
      await ok(alice, 'add_dependency', { source_id: ids[1], target_id: ids[2], dependency_type: 'blocks' });
      const cycle = await fails(alice, 'add_dependency', { source_id: ids[2], target_id: ids[0], dependency_type: 'blocks' });
      expect(cycle.code).toBe('VALIDATION_ERROR');
      expect(JSON.stringify(cycle.details)).toContain(ids[0]);
    });

    it('gives the second of two writers a VERSION_CONFLICT, and success after re-reading', async () => {
      const item = await ok(alice, 'create_work_item', { item_type: 'task', title: 'contested' });
      const seenByBob = (await ok(bob, 'query_work_item', { id: item.id })).item;
      const first = await ok(alice, 'update_work_item', { id: item.id, version: item.version, title: 'alice was here' });
      expect(first).toMatchObject({ version: 2, updated_by: 'alice-agent' });
      const conflict = await fails(bob, 'update_work_item', { id: item.id, version: seenByBob.version, status: 'blocked' });
      expect(conflict).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected_version: 1, current_version: 2, last_updated_by: 'alice-agent' } });
      const reread = (await ok(bob, 'query_work_item', { id: item.id })).item;
      const second = await ok(bob, 'update_work_item', { id: item.id, version: reread.version, status: 'blocked' });
      expect(second).toMatchObject({ version: 3, title: 'alice was here', status: 'blocked', updated_by: 'bob-agent' });
    });

    it('creates, queries case-insensitively and updates a vendor, and rejects a duplicate', async () => {
      const vendor = await ok(alice, 'create_vendor', { name: 'Invoice_Extractor' });
      expect((await ok(bob, 'query_vendor_status', { name: 'invoice_extractor' })).id).toBe(vendor.id);
      expect((await fails(bob, 'create_vendor', { name: 'INVOICE_EXTRACTOR' })).code).toBe('CONFLICT');
      const updated = await ok(bob, 'update_vendor_status', { name: 'invoice_EXTRACTOR', version: 1, status: 'operational', extractor_version: '1.2.3' });
      expect(updated).toMatchObject({ status: 'operational', extractor_version: '1.2.3', version: 2 });
    });

    it('records a deployment linked to vendors and work items, and rejects one with an unknown id writing nothing', async () => {
      const vendor = await ok(alice, 'create_vendor', { name: 'deployed-vendor' });
      const item = await ok(alice, 'create_work_item', { item_type: 'task', title: 'shipped work' });
      const metadata = (n: number) => ({ pr_number: n, pr_title: `PR ${n}`, commit_hash: sha(n), test_summary: { passed: 10, failed: 0 }, constitutional_compliance: true });
      const deployment = await ok(alice, 'record_deployment', { commit_hash: sha(100), metadata: metadata(100), affected_vendor_ids: [vendor.id], related_work_item_ids: [item.id] });
      expect(deployment.vendors).toEqual([{ id: vendor.id, name: 'deployed-vendor' }]);
      expect(deployment.work_items.map((w: { id: string }) => w.id)).toEqual([item.id]);
      const before = (await ok(bob, 'list_deployments')).total_count;
      const unknown = '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f';
      const rejected = await fails(bob, 'record_deployment', { commit_hash: sha(101), metadata: metadata(101), affected_vendor_ids: [vendor.id], related_work_item_ids: [item.id, unknown] });
      expect(rejected.code).toBe('NOT_FOUND');
      expect(JSON.stringify(rejected.details)).toContain(unknown);
      expect((await ok(bob, 'list_deployments')).total_count).toBe(before);
    });

    it('lists ready work and lets exactly one agent claim it', async () => {
      const root = await ok(alice, 'create_work_item', { item_type: 'project', title: 'Claims', metadata: { description: 'claims' } });
      const first = await ok(alice, 'create_work_item', { item_type: 'task', title: 'do first', parent_id: root.id });
      const later = await ok(alice, 'create_work_item', { item_type: 'task', title: 'do later', parent_id: root.id });
      await ok(alice, 'add_dependency', { source_id: later.id, target_id: first.id, dependency_type: 'depends_on' });
      const ready = await ok(bob, 'list_ready_work', { parent_id: root.id, item_type: 'task' });
      expect(ready.items.map((i: { id: string }) => i.id)).toEqual([first.id]);
      const [a, b] = await Promise.all([
        alice.callTool({ name: 'claim_work_item', arguments: { id: first.id } }),
        bob.callTool({ name: 'claim_work_item', arguments: { id: first.id } }),
      ]);
      const winners = [a, b].filter((r) => !r.isError);
      expect(winners).toHaveLength(1);
      const loser = [a, b].find((r) => r.isError)!;
      expect(JSON.parse((loser.content as { text: string }[])[0]!.text).code).toBe('CONFLICT');
    });

    it('pages through work items with exact totals', async () => {
      const root = await ok(alice, 'create_work_item', { item_type: 'project', title: 'Paging', metadata: { description: 'paging' } });
      for (let i = 0; i < 12; i++) await ok(alice, 'create_work_item', { item_type: 'task', title: `page item ${i}`, parent_id: root.id });
      const pages = [];
      for (let offset = 0; offset < 12; offset += 5) pages.push(await ok(bob, 'list_work_items', { parent_id: root.id, limit: 5, offset }));
      expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
      expect(pages.every((p) => p.total_count === 12)).toBe(true);
      expect(new Set(pages.flatMap((p) => p.items.map((i: { id: string }) => i.id))).size).toBe(12);
    });

    it('hides a soft-deleted item and brings it back on restore', async () => {
      const root = await ok(alice, 'create_work_item', { item_type: 'project', title: 'Deleting', metadata: { description: 'deleting' } });
      const item = await ok(alice, 'create_work_item', { item_type: 'task', title: 'ephemeral', parent_id: root.id });
      await ok(alice, 'update_work_item', { id: item.id, version: 1, delete: true });
      expect((await ok(bob, 'list_work_items', { parent_id: root.id })).total_count).toBe(0);
      expect((await fails(bob, 'query_work_item', { id: item.id })).code).toBe('NOT_FOUND');
      expect((await ok(bob, 'list_work_items', { parent_id: root.id, include_deleted: true })).total_count).toBe(1);
      await ok(bob, 'update_work_item', { id: item.id, version: 2, restore: true });
      expect((await ok(alice, 'list_work_items', { parent_id: root.id })).items.map((i: { id: string }) => i.id)).toEqual([item.id]);
    });
  });
}

describe('project-status-mcp command line', () => {
  const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', input: '', timeout: 20_000 });

  it('prints --help and --version on stdout', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('--toolsets');
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses to serve HTTP off loopback without a token, on stderr only, before opening anything', () => {
    const project = mkdtempSync(join(tmpdir(), 'ps-mcp-unsafe-'));
    try {
      const result = spawnSync(process.execPath, [BIN, '--http', '--host', '0.0.0.0', '--port', '0'], { cwd: project, encoding: 'utf8', input: '', timeout: 20_000 });
      expect(result.status).toBe(2); // a usage error, as the HTTP server answers it
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without a bearer token/);
      expect(existsSync(join(project, '.project-status'))).toBe(false);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });

  it('exits with status 2 and a clear message for an unknown toolset', () => {
    const result = run(['--toolsets', 'work,wizardry']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('Unknown toolset(s): wizardry');
  });

  it('advertises only the chosen toolsets', async () => {
    const project = mkdtempSync(join(tmpdir(), 'ps-mcp-toolsets-'));
    try {
      const client = await spawnClient(project, 'narrow', ['--toolsets', 'vendors,config']);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name).sort()).toEqual(
        ['create_vendor', 'get_project_configuration', 'list_vendors', 'query_vendor_status', 'update_project_configuration', 'update_vendor_status'],
      );
      await expect(client.callTool({ name: 'create_work_item', arguments: {} })).rejects.toThrow(/toolset is not enabled/);
      // The report resource goes with the reports toolset; the live entity resources stay.
      expect(client.getServerCapabilities()?.resources).toEqual({ subscribe: true, listChanged: true });
      expect((await client.listResources()).resources.map((r) => r.uri)).not.toContain('project-status://report');
      await client.close();
      const reports = await spawnClient(project, 'reports', ['--toolsets', 'reports']);
      expect((await reports.listResources()).resources.map((r) => r.uri)).toEqual(['project-status://report']);
      await reports.close();
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});
