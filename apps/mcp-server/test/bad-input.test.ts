import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { openProjectStatus, type ProjectStatusHandle } from '@project-status/storage';
import { createTestDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectInMemory, fails, ok } from './support.js';

describe('bad input through the protocol', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let client: Client;
  let task: { id: string; version: number };

  /** Everything a rejected call could have touched, to prove it touched nothing. */
  const snapshot = async () => ({
    items: await ps.list_work_items({ include_deleted: true, limit: 100, detail: 'full' }),
    vendors: await ps.list_vendors({ detail: 'full' }),
    deployments: await ps.list_deployments({ detail: 'full' }),
    config: await ps.get_project_configuration({}),
  });

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
    client = await connectInMemory(ps);
    task = await ps.create_work_item({ item_type: 'task', title: 'existing' });
    await ps.create_vendor({ name: 'existing-vendor' });
  });
  afterAll(async () => {
    await client.close();
    await ps.close();
    await db.drop();
  });

  const cases: [string, string, unknown, RegExp][] = [
    ['wrong types', 'create_work_item', { item_type: 5, title: ['x'] }, /item_type|title/],
    ['an unknown field', 'create_work_item', { item_type: 'task', title: 'x', bogus: 1 }, /bogus|unrecognized/i],
    ['a huge title', 'create_work_item', { item_type: 'task', title: 'x'.repeat(1_000_000) }, /title: must be at most 200/],
    ['metadata that is not an object', 'create_work_item', { item_type: 'task', title: 'x', metadata: 'lots' }, /metadata/],
    ['metadata keys the type does not know', 'create_work_item', { item_type: 'task', title: 'x', metadata: { nonsense: true } }, /metadata/],
    ['a session without its required metadata', 'create_work_item', { item_type: 'session', title: 'x', metadata: { token_budget: -1 } }, /metadata\.token_budget/],
    ['an invalid UUID', 'query_work_item', { id: 'not-a-uuid' }, /id: must be a work item id: a UUID, a short id/],
    ['SQL in an id', 'update_work_item', { id: "'; drop table work_items; --", version: 1, title: 'x' }, /id: must be a work item id/],
    ['a missing version', 'update_work_item', { id: '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f', title: 'x' }, /version/],
    ['an out-of-range limit', 'list_work_items', { limit: 1_000_000_000, offset: -1 }, /limit|offset/],
    ['a vendor name with forbidden characters', 'create_vendor', { name: '../../etc/passwd' }, /name: may contain only/],
    ['a short commit hash', 'record_deployment', { commit_hash: 'abc', metadata: {} }, /commit_hash/],
    ['an impossible test count', 'update_vendor_status', { name: 'existing-vendor', version: 1, metadata: { test_results: { passing: 5, total: 1, skipped: 0 } } }, /passing/],
    ['a bad enum value', 'list_work_items', { status: 'done' }, /status/],
    ['a configuration version below zero', 'update_project_configuration', { version: -3 }, /version/],
  ];

  it.each(cases)('answers %s with a VALIDATION_ERROR result that names the field and changes nothing', async (_label, tool, args, field) => {
    const before = await snapshot();
    const error = await fails(client, tool, args);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toMatch(field);
    expect(Array.isArray(error.details.issues)).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('answers an id that does not exist with NOT_FOUND', async () => {
    const error = await fails(client, 'query_work_item', { id: '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f' });
    expect(error.code).toBe('NOT_FOUND');
  });

  it('answers a stale version with VERSION_CONFLICT details and a retry hint', async () => {
    const fresh = await ok(client, 'update_work_item', { id: task.id, version: task.version, title: 'renamed once' });
    const result = (await client.callTool({ name: 'update_work_item', arguments: { id: task.id, version: task.version, title: 'lost update' } })) as CallToolResult;
    expect(result.isError).toBe(true);
    const body = JSON.parse((result.content[0] as { text: string }).text);
    expect(body).toMatchObject({ code: 'VERSION_CONFLICT', details: { expected_version: task.version, current_version: fresh.version } });
    expect((result.content[1] as { text: string }).text).toMatch(/Re-read .* retry with details\.current_version/);
    expect((await ps.query_work_item({ id: task.id })).item.title).toBe('renamed once');
  });

  it('refuses an unknown tool as a protocol error, not a crash', async () => {
    await expect(client.callTool({ name: 'drop_everything', arguments: {} })).rejects.toThrow(/Unknown tool "drop_everything"/);
  });

  it('survives random garbage for every tool and keeps serving', async () => {
    const { tools } = await client.listTools();
    const junk: unknown[] = [null, -1, 1.5, '', 'x'.repeat(5000), [], [1, 'a'], { nested: { deeper: [null] } }, true, '0190b6e4-zzzz'];
    let seed = 7;
    const pick = <T,>(values: readonly T[]): T => values[(seed = (seed * 48271) % 2147483647) % values.length] as T;
    for (const tool of tools) {
      const keys = Object.keys((tool.inputSchema.properties ?? {}) as object);
      for (let round = 0; round < 10; round++) {
        const args: Record<string, unknown> = {};
        for (const key of keys) if (pick([true, false])) args[key] = pick(junk);
        const result = (await client.callTool({ name: tool.name, arguments: args })) as CallToolResult;
        if (result.isError) {
          const body = JSON.parse((result.content[0] as { text: string }).text);
          expect(['VALIDATION_ERROR', 'NOT_FOUND', 'CONFLICT', 'VERSION_CONFLICT'], `${tool.name} ${JSON.stringify(args).slice(0, 200)}`).toContain(body.code);
        }
      }
    }
    expect((await ok(client, 'health_check')).healthy).toBe(true);
  });
});
