import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describeEachEngine, executeRawSql } from '@project-status/storage/testing';
import { beforeAll, expect, it } from 'vitest';
import { connectInMemory, fails, textOf } from './support.js';

/** Every control character but the line breaks a multi-line text legitimately has. */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * Rows written before titles, labels and names were checked (or by hand) may
 * hold line breaks and escape sequences: what a model reads must still have
 * every key in place and no raw control character in it.
 */
describeEachEngine('MCP text of stored control characters', (ctx) => {
  let client: Client;
  let id: string;
  const title = 'first\nsecond\u001b[2J\u2028end';

  beforeAll(async () => {
    client = await connectInMemory(ctx.ps());
    id = (await ctx.ps().create_work_item({ item_type: 'task', title: 'placeholder', labels: ['ok'] })).id;
    await executeRawSql(ctx.db(), 'update work_items set title = ?, labels = ?, branch_name = ? where id = ?', [title, JSON.stringify(['a\nb', 'c\u0085']), 'feat\tx', id]);
    const vendor = await ctx.ps().create_vendor({ name: 'placeholder' });
    await executeRawSql(ctx.db(), 'update vendors set name = ? where id = ?', ['bad\nname', vendor.id]);
  });

  it('keeps the title of a single item under its key, its line break escaped', async () => {
    const text = textOf(await client.callTool({ name: 'claim_work_item', arguments: { id } }));
    expect(text).toContain('"title":"first\\nsecond\\u001b[2J\\u2028end"');
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.split('\n')).toHaveLength(1);
  });

  it('keeps one line per row in a page, every cell escaped', async () => {
    const text = textOf(await client.callTool({ name: 'list_work_items', arguments: { detail: 'full' } }));
    expect(text).not.toMatch(RAW_CONTROL);
    // header, column names, one row
    expect(text.split('\n')).toHaveLength(3);
    expect(text).toContain('first\\nsecond\\u001b[2J\\u2028end');
    expect(text).toContain('a\\nb, c\\u0085');
    expect(text).toContain('feat\\tx');
  });

  it('escapes stored text in a detail view and in a list of vendors', async () => {
    const detail = textOf(await client.callTool({ name: 'query_work_item', arguments: { id } }));
    expect(detail).not.toMatch(RAW_CONTROL);
    expect(detail.split('\n')[0]).toMatch(/^item: \{.*"title":"first\\nsecond/);
    const vendors = textOf(await client.callTool({ name: 'list_vendors', arguments: {} }));
    expect(vendors).not.toMatch(RAW_CONTROL);
    expect(vendors).toContain('bad\\nname');
  });

  it('refuses a new title with a line break, saying which character and where', async () => {
    const error = await fails(client, 'create_work_item', { item_type: 'task', title: 'one\ntwo' });
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toBe('Invalid input — title: must be a single line without control characters, received \\u000a at index 3');
  });
});

describeEachEngine('MCP client names as actors', (ctx) => {
  it('records a client name with a line break or an emoji cut at 100 characters as a clean one-line actor', async () => {
    const name = `agent\none ${'a'.repeat(89)}🙂🙂`;
    const client = await connectInMemory(ctx.ps(), {}, name);
    const text = textOf(await client.callTool({ name: 'create_work_item', arguments: { item_type: 'task', title: 'by a strange client' } }));
    const item = JSON.parse(text) as { created_by: string };
    expect(item.created_by).toBe(`agent one ${'a'.repeat(89)}`);
  });
});
