import { validate } from '@readme/openapi-parser';

/** The validator's parameter type. */
type ApiDocument = Parameters<typeof validate>[0];
import { catalog, type Operation } from '@project-status/core';
import { describeEachEngine } from '@project-status/storage/testing';
import { expect, it } from 'vitest';
import { activeRoutes, buildOpenApiDocument, createHttpApp, routes } from '../src/index.js';
import { send } from './support/send.js';

const operations = catalog as unknown as Record<string, Operation>;

it('generates an OpenAPI 3.1 document that a validator accepts', async () => {
  const document = buildOpenApiDocument(operations, activeRoutes(operations, routes));
  const result = await validate(structuredClone(document) as unknown as ApiDocument);
  expect(result.valid ? [] : result.errors).toEqual([]);
  expect(result.specification).toBe('OpenAPI');
});

it('fails validation when the document is broken, so the check above can fail', async () => {
  const document = buildOpenApiDocument(operations, activeRoutes(operations, routes)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  document.paths['/health'].get.responses = 'none';
  expect((await validate(document as unknown as ApiDocument)).valid).toBe(false);
});

it('describes every route of the table with its parameters, If-Match and schemas', () => {
  const table = activeRoutes(operations, routes);
  const document = buildOpenApiDocument(operations, table);
  for (const route of table) {
    const operation = document.paths[route.path]?.[route.method.toLowerCase()] as Record<string, any> | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(operation, `${route.method} ${route.path}`).toBeDefined();
    expect(operation!['x-operation']).toBe(route.operation);
    const names = (operation!.parameters as { name?: string; in?: string }[]).map((p) => `${p.in}:${p.name}`);
    for (const param of route.path.match(/\{[^}]+\}/g) ?? []) expect(names).toContain(`path:${param.slice(1, -1)}`);
    if (route.ifMatch) expect(names).toContain('header:If-Match');
    expect(Object.keys(operation!.responses)).toContain(String(route.status ?? 200));
  }
  const ids = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
  expect(new Set(ids).size).toBe(ids.length);
  const search = document.paths['/work-items/search']!.get as { parameters: { name?: string; required?: boolean; description?: string }[] };
  // `q` and the MCP tool's `query` are both accepted, so neither alone is required; the description says one is.
  expect(search.parameters.find((p) => p.name === 'q')).toMatchObject({ required: false, description: expect.stringMatching(/`q` and `query` are the same parameter.*required/) });
  expect(search.parameters.find((p) => p.name === 'query')).toMatchObject({ required: false });
  const create = document.paths['/work-items']!.post as { requestBody: { content: { 'application/json': { schema: { required: string[] } } } } };
  expect(create.requestBody.content['application/json'].schema.required).toEqual(expect.arrayContaining(['item_type', 'title']));
});

it('describes the /events stream, which lives beside the route table: event-stream, cursor header and query, filters, 400', () => {
  const document = buildOpenApiDocument(operations, activeRoutes(operations, routes)) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const events = document.paths['/events']?.get;
  expect(events).toMatchObject({ 'x-operation': 'list_changes', summary: expect.stringMatching(/Server-Sent Events/) });
  const params = (events.parameters as { name?: string; in?: string; schema?: { type?: string } }[]).filter((p) => p.name);
  expect(params.map((p) => `${p.in}:${p.name}`)).toEqual(['header:Last-Event-ID', 'query:after', 'query:entity_types', 'query:ids']);
  expect(params.find((p) => p.name === 'after')!.schema).toMatchObject({ type: 'integer', minimum: 0 });
  expect(params.find((p) => p.name === 'entity_types')!.schema).toMatchObject({ type: 'array' });
  expect(Object.keys(events.responses['200'].content)).toEqual(['text/event-stream']);
  expect(events.responses['200'].content['text/event-stream']['x-events'].change.properties).toHaveProperty('seq');
  expect(events.responses['400']).toEqual({ $ref: '#/components/responses/E400' });
  expect(events.description).toMatch(/cursor_ahead/);
  // Without list_changes (a catalog that lacks it) the app serves no /events, and the document says none.
  const { list_changes: _omitted, ...rest } = operations;
  expect(buildOpenApiDocument(rest, activeRoutes(rest, routes)).paths['/events']).toBeUndefined();
});

describeEachEngine('http openapi and docs routes', (ctx) => {
  it('serves /openapi.json for the running catalog and a /docs page that loads nothing from elsewhere', async () => {
    const app = createHttpApp(ctx.ps());
    const doc = await send(app, 'GET', '/openapi.json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toContain('/work-items/{id}');
    expect(Object.keys(doc.body.paths)).toContain('/events');
    const page = await send(app, 'GET', '/docs');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.text).toContain('<script type="application/json" id="openapi">');
    expect(page.text).toContain('"/events"');
    expect(page.text).not.toMatch(/<(?:script|link|img)[^>]+(?:src|href)=["']?(?:https?:)?\/\//i);
    expect(page.text).not.toMatch(/<\/script>[^]*<\/script>[^]*<\/script>[^]*<\/script>/);
  });
});
