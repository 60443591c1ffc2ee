import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { catalog } from '@project-status/core';
import { layoutOf, renderText, toJsonSchema, toolDefinition, toolTitle, withoutNulls, type Layout } from '../src/index.js';

describe('renderText', () => {
  it('renders a page as a header line and one pipe-separated line per row', () => {
    const text = renderText({ items: [{ id: 'a', title: 'x|y', parent_id: undefined }, { id: 'b', title: 'line\nbreak', parent_id: 'a' }], total_count: 2, limit: 50, offset: 0 });
    expect(text).toBe('total_count: 2 · limit: 50 · offset: 0\nitems (2): id | title | parent_id\na | x\\|y | \nb | line\\nbreak | a');
  });

  it('says "none" for an empty page', () => {
    expect(renderText({ vendors: [], count: 0, operational: 0 })).toBe('count: 0 · operational: 0\nvendors: none');
  });

  it('renders nested cells as compact JSON and lists of scalars comma-separated', () => {
    expect(renderText({ rows: [{ formats: ['Excel', 'CSV'], meta: { a: 1, b: null } }] })).toBe('rows (1): formats | meta\nExcel, CSV | {"a":1}');
  });

  it('finds the lists of rows of a result in its output schema, trees included', () => {
    const layout = layoutOf(toolDefinition(catalog.query_work_item).outputSchema);
    expect(Object.fromEntries(layout)).toEqual({
      ancestors: { tree: false },
      descendants: { tree: true },
      'dependencies.waits_for': { tree: false },
      'dependencies.blocks': { tree: false },
      deployments: { tree: false },
      notes: { tree: false },
    });
    // A work item's labels are strings, not rows: a single item keeps the compact JSON form.
    expect(layoutOf(toolDefinition(catalog.create_work_item).outputSchema).size).toBe(0);
  });

  it('renders a result with lists of rows one member a line, each list a table, a tree in pre-order with its level', () => {
    const layout = layoutOf(toolDefinition(catalog.query_work_item).outputSchema);
    const detail = {
      item: { id: 'i', labels: [], parent_id: 'p', deleted_at: null, metadata: { note: 'two\nlines' } },
      ancestors: [{ id: 'p', title: 'Parent' }],
      descendants: [{ id: 'c', parent_id: 'i', children: [{ id: 'g', parent_id: 'c', children: [] }] }, { id: 'd', parent_id: 'i', children: [] }],
      dependencies: { waits_for: [{ id: 'w', title: 'W', unfinished: true }], blocks: [] },
      ready: false,
      deployments: [],
    };
    expect(renderText(detail, layout)).toBe(
      [
        'item: {"id":"i","labels":[],"parent_id":"p","metadata":{"note":"two\\nlines"}}',
        'ancestors (1): id | title',
        'p | Parent',
        'descendants (3): level | id | parent_id',
        '1 | c | i',
        '2 | g | c',
        '1 | d | i',
        'dependencies.waits_for (1): id | title | unfinished',
        'w | W | true',
        'dependencies.blocks: none',
        'ready: false',
        'deployments: none',
      ].join('\n'),
    );
  });

  it('keeps one layout for a tool whatever the data: an item with no relations still reads as sections', () => {
    const layout = layoutOf(toolDefinition(catalog.query_work_item).outputSchema);
    const lonely = { item: { id: 'i', title: 'alone' }, ancestors: [], descendants: [], dependencies: { waits_for: [], blocks: [] }, ready: true, deployments: [] };
    expect(renderText(lonely, layout)).toBe(
      ['item: {"id":"i","title":"alone"}', 'ancestors: none', 'descendants: none', 'dependencies.waits_for: none', 'dependencies.blocks: none', 'ready: true', 'deployments: none'].join('\n'),
    );
  });

  it('writes control characters in any text as visible escapes, so stored text cannot break the layout', () => {
    // A title with a line break used to be taken for a document: its key vanished and the raw text came last.
    expect(renderText({ id: 'a', title: 'first\nsecond', status: 'active' })).toBe('{"id":"a","title":"first\\nsecond","status":"active"}');
    expect(renderText({ items: [{ id: 'a', title: 'tab\there\u001b[2J\u0085\u2028' }], total_count: 1, note: 'x\ny' })).toBe(
      'total_count: 1 · note: x\\ny\nitems (1): id | title\na | tab\\there\\u001b[2J\\u0085\\u2028',
    );
    const layout: Layout = new Map([['rows', { tree: false }]]);
    expect(renderText({ rows: [{ id: 'a' }], summary: 'a\rb\u007f', info: { t: 'a\u009bb' } }, layout)).toBe('rows (1): id\na\nsummary: a\\rb\\u007f\ninfo: {"t":"a\\u009bb"}');
  });

  it('keeps a document\'s line breaks and tabs but escapes its other control characters', () => {
    expect(renderText({ markdown: '# T\n\t- a\u001b[31m', counts: { vendors: 1 } })).toBe('{"counts":{"vendors":1}}\n\n# T\n\t- a\\u001b[31m');
  });

  it('writes a nested multi-line value on its one line and leaves rows with children on a page as they are', () => {
    const layout: Layout = new Map([['rows', { tree: false }]]);
    expect(renderText({ rows: [{ id: 'a' }], info: { note: 'l1\r\nl2' }, summary: 'a\u2028b' }, layout)).toBe('rows (1): id\na\ninfo: {"note":"l1\\r\\nl2"}\nsummary: a\\u2028b');
    expect(renderText({ items: [{ id: 'a', children: [{ id: 'b' }] }], total_count: 1 })).toBe('total_count: 1\nitems (1): id | children\na | [{"id":"b"}]');
  });

  it('writes multi-line text such as a markdown report as is, after the other fields', () => {
    expect(renderText({ markdown: '# Title\n\n- a', counts: { vendors: 1 }, written_to: null })).toBe('{"counts":{"vendors":1}}\n\n# Title\n\n- a');
  });

  it('renders anything else as compact JSON without nulls', () => {
    expect(renderText({ id: 'a', parent_id: null, children: [], nested: { x: null, y: [1] } })).toBe('{"id":"a","children":[],"nested":{"y":[1]}}');
    expect(withoutNulls([{ a: null }, null])).toEqual([{}, null]);
  });
});

describe('tool definitions', () => {
  it('titles a tool from its name', () => {
    expect(toolTitle('create_work_item')).toBe('Create work item');
  });

  it('drops regexes that repeat a format, safe-integer bounds and $schema from generated schemas', () => {
    const schema = toJsonSchema(z.object({ id: z.uuid(), n: z.int(), at: z.iso.datetime() }), 'input');
    const json = JSON.stringify(schema);
    expect(json).not.toContain('pattern');
    expect(json).not.toContain('$schema');
    expect(json).not.toContain(String(Number.MAX_SAFE_INTEGER));
    expect(json).toContain('"format":"uuid"');
  });

  it('keeps input schemas strict but lets output schemas grow new fields', () => {
    const def = toolDefinition(catalog.create_vendor);
    expect(def.inputSchema.additionalProperties).toBe(false);
    expect(JSON.stringify(def.outputSchema)).not.toContain('"additionalProperties":false');
  });

  it('marks reads read-only and idempotent, and destructive writes destructive', () => {
    expect(toolDefinition(catalog.list_work_items).annotations).toMatchObject({ readOnlyHint: true, idempotentHint: true, destructiveHint: false });
    expect(toolDefinition(catalog.update_work_item).annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(toolDefinition(catalog.create_vendor).annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: false });
  });

  it('keeps what a model loads for the whole tool list compact', () => {
    // Clients put name, description, input schema and annotations into the model's context;
    // output schemas are for validating results. About 6 000 tokens for 25 tools today.
    const size = Object.values(catalog).reduce((n, op) => {
      const { outputSchema: _output, ...loaded } = toolDefinition(op);
      return n + JSON.stringify(loaded).length;
    }, 0);
    expect(size / 4).toBeLessThan(8_000);
  });
});
