import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { openProjectStatus, type ProjectStatusHandle } from '@project-status/storage';
import { createTestDatabase, type TestDatabase } from '@project-status/storage/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, type Operation } from '@project-status/core';
import { toolDefinition, withoutNulls } from '../src/index.js';
import { connectInMemory, ok, textOf } from './support.js';

/** The rule of thumb the product is held to: about four characters per token. */
const tokens = (text: string): number => Math.ceil(text.length / 4);

describe('token economy', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let client: Client;
  let parentId: string;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
    client = await connectInMemory(ps);
    const parent = await ps.create_work_item({ item_type: 'project', title: 'Budget', metadata: { description: 'token budget' } });
    parentId = parent.id;
    // Children carry a parent_id, the widest summary row there is; titles of a realistic length; every priority.
    await ps.create_work_items({
      parent_id: parent.id,
      items: Array.from({ length: 60 }, (_, i) => ({ ref: `t${i}`, item_type: 'task' as const, title: `Check vendor manifest #${String(i).padStart(3, '0')}`, priority: 1 + (i % 5) })),
    });
  });
  afterAll(async () => {
    await client.close();
    await ps.close();
    await db.drop();
  });

  it('keeps a 50-row page of work items under 2 000 tokens of text', async () => {
    const result = await client.callTool({ name: 'list_work_items', arguments: { parent_id: parentId, limit: 50 } });
    const text = textOf(result);
    const rows = text.split('\n').slice(2);
    expect(rows).toHaveLength(50);
    expect(tokens(text)).toBeLessThan(2000);
    for (const row of rows) expect(row.length).toBeLessThanOrEqual(160);
  });

  it('keeps a 50-row ready-work page with priorities and short ids under 1 600 tokens of text', async () => {
    const result = await client.callTool({ name: 'list_ready_work', arguments: { limit: 50 } });
    const text = textOf(result);
    const rows = text.split('\n').slice(2);
    expect(rows).toHaveLength(50);
    expect(text.split('\n')[1]).toMatch(/short_id .*priority/);
    expect(tokens(text)).toBeLessThanOrEqual(1600);
  });

  it('keeps the whole tool list (name, description, input schema) under 6 000 tokens, and the work toolset under 2 000', () => {
    const size = (ops: Operation[]) =>
      tokens(ops.map((op) => { const d = toolDefinition(op); return JSON.stringify({ name: d.name, description: d.description, inputSchema: d.inputSchema }); }).join(''));
    const all = Object.values(catalog) as Operation[];
    const work = all.filter((op) => op.toolset === 'work');
    expect(work.map((op) => op.name)).toEqual(expect.arrayContaining(['create_work_items', 'add_note', 'release_work_item', 'list_my_work']));
    expect(size(all)).toBeLessThanOrEqual(6000);
    expect(size(work)).toBeLessThanOrEqual(2000);
  });

  it('puts no null in summary rows and writes every column name once', async () => {
    const result = await client.callTool({ name: 'list_work_items', arguments: { limit: 50 } });
    const text = textOf(result);
    expect(text).not.toMatch(/null/);
    expect(text.match(/item_type/g)).toHaveLength(1);
    const structured = result.structuredContent as { items: Record<string, unknown>[] };
    for (const row of structured.items) expect(Object.values(row)).not.toContain(null);
  });

  it('writes a work item detail with its 60 children as tables: column names once, each child a line', async () => {
    const result = await client.callTool({ name: 'query_work_item', arguments: { id: parentId } });
    const text = textOf(result);
    const lines = text.split('\n');
    const header = lines.findIndex((l) => l.startsWith('descendants (60): '));
    expect(header).toBeGreaterThan(0);
    for (const row of lines.slice(header + 1, header + 61)) expect(row.length).toBeLessThanOrEqual(160);
    expect(text.match(/item_type/g)).toHaveLength(2); // the item's own field and the descendants' header
    expect(lines[header + 1]).toMatch(/^1 \| /); // children of the item are level 1
    // The same detail as compact JSON without nulls (the rendering before tables) is about half again as long.
    expect(tokens(text)).toBeLessThan(tokens(JSON.stringify(withoutNulls(result.structuredContent))) * 0.7);
  });

  it('returns every field only when detail is "full"', async () => {
    const summary = await ok(client, 'list_work_items', { parent_id: parentId, limit: 1 });
    const full = await ok(client, 'list_work_items', { parent_id: parentId, limit: 1, detail: 'full' });
    expect(summary.items[0]).not.toHaveProperty('path');
    expect(full.items[0]).toHaveProperty('path');
    expect(full.total_count).toBe(60);
  });
});
