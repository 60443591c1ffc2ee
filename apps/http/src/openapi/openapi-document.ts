import type { Operation } from '@project-status/core';
import { inputJsonSchema, outputJsonSchema } from '../routes/operation-schemas.js';
import { clientFields, pathField, routeOwnedFields } from '../routes/route-input.js';
import { inputSource, pathParams, type Route } from '../routes/route-table.js';
import { pickProperties, SchemaComponents } from './json-schema-components.js';

/** Title and version of the API in its OpenAPI document. */
export interface OpenApiInfo {
  title: string;
  version: string;
  description?: string;
}

/** An OpenAPI 3.1 document (kept loose: it is generated, then validated in tests). */
export type OpenApiDocument = Record<string, unknown> & { openapi: '3.1.0'; paths: Record<string, Record<string, Record<string, unknown>>> };

const ERROR_RESPONSES: Record<string, string> = {
  '400': 'VALIDATION_ERROR: the input breaks a schema or a rule (details.issues lists the fields), or the body is not JSON; nothing was written.',
  '401': 'UNAUTHORIZED: a token is configured and the request lacks it or carries a wrong one.',
  '403': 'FORBIDDEN: a browser request from a foreign origin or host.',
  '404': 'NOT_FOUND: the addressed entity (or route) does not exist.',
  '409': 'CONFLICT (duplicate, already claimed) or VERSION_CONFLICT on a write without If-Match; nothing was written.',
  '412': 'VERSION_CONFLICT: the entity changed since the If-Match version; details carry expected_version, current_version, last_updated_by, updated_at.',
  '413': 'PAYLOAD_TOO_LARGE: the body exceeds the size limit.',
  '428': 'PRECONDITION_REQUIRED: this write needs If-Match with the version you read.',
  '503': 'DATABASE_ERROR: the store failed or is unreachable; retry later.',
};

function errorCodesFor(route: Route): string[] {
  const codes = ['400', '401', '403', '404'];
  if (route.method !== 'GET') codes.push('409', '413');
  if (route.ifMatch) codes.push('412', '428');
  codes.push('503');
  return codes;
}

function operationIds(table: readonly Route[]): Map<Route, string> {
  const uses = new Map<string, number>();
  for (const route of table) uses.set(route.operation, (uses.get(route.operation) ?? 0) + 1);
  const ids = new Map<Route, string>();
  for (const route of table) {
    const slug = route.path.replace(/[{}]/g, '').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
    ids.set(route, uses.get(route.operation) === 1 ? route.operation : `${route.operation}__${route.method.toLowerCase()}_${slug}`);
  }
  return ids;
}

function describeOperation(route: Route, op: Operation, components: SchemaComponents, operationId: string): Record<string, unknown> {
  const input = inputJsonSchema(op);
  const owned = routeOwnedFields(route);
  const fields = clientFields(route, input);
  const parameters: Record<string, unknown>[] = pathParams(route.path).map((param) => ({
    name: param,
    in: 'path',
    required: true,
    schema: components.embed(input.properties?.[pathField(route, param)] ?? { type: 'string' }, `${op.name}_input`),
  }));
  let requestBody: Record<string, unknown> | undefined;
  if (inputSource(route) === 'query') {
    const aliasFor = new Map(Object.entries(route.queryAliases ?? {}).map(([name, field]) => [field, name]));
    for (const field of fields) {
      const schema = input.properties?.[field];
      if (!schema) continue;
      const alias = aliasFor.get(field);
      const required = (input.required ?? []).includes(field);
      const description = typeof schema.description === 'string' ? schema.description : undefined;
      if (alias === undefined) {
        parameters.push({ name: field, in: 'query', required, schema: components.embed(schema, `${op.name}_input`), ...(description ? { description } : {}) });
        continue;
      }
      // The short name and the operation's own (the MCP tool's) are both accepted; one of them, not both.
      const either = `\`${alias}\` and \`${field}\` are the same parameter (\`${field}\` is the MCP tool's name); give one of them${required ? ', it is required' : ''}.`;
      for (const name of [alias, field]) {
        parameters.push({ name, in: 'query', required: false, schema: components.embed(schema, `${op.name}_input`), description: description ? `${description} ${either}` : either });
      }
    }
  } else {
    const body = components.embed(pickProperties(input, fields), `${op.name}_input`);
    requestBody = { required: (body.required as string[] | undefined)?.length ? true : false, content: { 'application/json': { schema: body } } };
  }
  if (route.ifMatch) {
    parameters.push({
      name: 'If-Match',
      in: 'header',
      required: true,
      description: 'The version you read, quoted as in the ETag: "3". Fills the operation\'s version input.',
      schema: { type: 'string', pattern: '^"?\\d+"?$' },
    });
  }
  parameters.push({ $ref: '#/components/parameters/ClientId' });

  const output = route.select === undefined
    ? components.register(`${op.name}_output`, outputJsonSchema(op))
    : typeof route.select === 'string'
      ? (components.embed(outputJsonSchema(op), `${op.name}_output`).properties?.[route.select] ?? {})
      : pickProperties(components.embed(outputJsonSchema(op), `${op.name}_output`), route.select);
  const headers: Record<string, unknown> = {};
  if (route.etag) headers.ETag = { description: 'The entity version, quoted; send it back as If-Match to change the entity.', schema: { type: 'string' } };
  if (route.location) headers.Location = { description: 'Where the created entity can be read.', schema: { type: 'string' } };
  const responses: Record<string, unknown> = {
    [String(route.status ?? 200)]: {
      description: route.status === 201 ? 'Created.' : 'OK.',
      ...(Object.keys(headers).length ? { headers } : {}),
      content: { 'application/json': { schema: output }, ...(route.markdown ? { 'text/markdown': { schema: { type: 'string' } } } : {}) },
    },
  };
  for (const code of errorCodesFor(route)) responses[code] = { $ref: `#/components/responses/E${code}` };
  if (route.unavailableUnless) {
    responses['503'] = { description: `Unavailable: the same body as 200, with \`${route.unavailableUnless}\` false (and the cause in its warnings); an error body when the check itself fails.`, content: { 'application/json': { schema: { oneOf: [output, { $ref: '#/components/schemas/ErrorBody' }] } } } };
  }

  const notes = [...owned].map(([field, from]) => `\`${field}\` comes from ${from}.`).join(' ');
  return {
    operationId,
    tags: [op.toolset],
    summary: route.summary ?? op.summary,
    description: `${op.description}${notes ? `\n\n${notes}` : ''}\n\nCatalog operation: \`${op.name}\` (${op.kind}).`,
    'x-operation': op.name,
    parameters,
    ...(requestBody ? { requestBody } : {}),
    responses,
    ...(route.path === '/health' ? { security: [] } : {}),
  };
}

/**
 * `GET /events` (registered beside the route table, since it streams rather
 * than answering once): the change feed as Server-Sent Events, described with
 * `list_changes`'s own schemas for the cursor, the filters and each change.
 */
function describeEvents(op: Operation, components: SchemaComponents): Record<string, unknown> {
  const input = components.embed(inputJsonSchema(op), `${op.name}_input`);
  const output = components.embed(outputJsonSchema(op), `${op.name}_output`);
  const change = (output.properties?.changes as { items?: unknown } | undefined)?.items ?? { type: 'object' };
  const cursor = input.properties?.after ?? { type: 'integer', minimum: 0 };
  const filter = (name: string, description: string) => ({ name, in: 'query', required: false, style: 'form', explode: true, schema: input.properties?.[name] ?? { type: 'array', items: { type: 'string' } }, description });
  return {
    operationId: 'events',
    tags: [op.toolset],
    summary: 'The change feed as a live stream (Server-Sent Events).',
    description:
      'One `change` event per committed write, in commit order; its `id` is the change\'s `seq` and its data the change as JSON. ' +
      'An EventSource that loses the connection resumes by itself with `Last-Event-ID`; a client may pass `?after=N` instead (the header wins). ' +
      'Without a cursor the stream starts at the newest change and first sends a `ready` event whose id (and data `{"cursor": N}`) is that cursor. ' +
      'A stale or malformed cursor is a 400 VALIDATION_ERROR before the stream starts (`details.reason`: `cursor_ahead`, `cursor_expired`); ' +
      'if the database fails mid-stream an `error` event (data `{"code", "message"}`) ends the stream.' +
      `\n\nCatalog operation: \`${op.name}\` (${op.kind}), streamed.`,
    'x-operation': op.name,
    parameters: [
      { name: 'Last-Event-ID', in: 'header', required: false, schema: cursor, description: 'The id of the last event received: the stream resumes after it. Sent by EventSource on reconnect.' },
      { name: 'after', in: 'query', required: false, schema: cursor, description: 'Start after this change seq (as Last-Event-ID; the header wins). Without either: from the newest change.' },
      filter('entity_types', 'Only changes of these entity types (repeat the parameter).'),
      filter('ids', 'Only changes of these entity ids (repeat the parameter).'),
      { $ref: '#/components/parameters/ClientId' },
    ],
    responses: {
      '200': {
        description: 'A text/event-stream that stays open: `ready` (without a cursor), then `change` events, `error` on a failure mid-stream, and keep-alive comments.',
        content: {
          'text/event-stream': {
            schema: { type: 'string', description: 'Server-Sent Events: `event: change`, `id: <seq>`, `data: <change JSON>`.' },
            // The data of each event type (OpenAPI 3.1 has no field for a stream's items).
            'x-events': { ready: { type: 'object', required: ['cursor'], properties: { cursor } }, change, error: { $ref: '#/components/schemas/ErrorBody' } },
          },
        },
      },
      '400': { $ref: '#/components/responses/E400' },
      '401': { $ref: '#/components/responses/E401' },
      '403': { $ref: '#/components/responses/E403' },
      '503': { $ref: '#/components/responses/E503' },
    },
  };
}

/**
 * The OpenAPI 3.1 document of the API, generated from the catalog's zod
 * schemas (`z.toJSONSchema`) and the route table — never written by hand.
 */
export function buildOpenApiDocument(operations: Readonly<Record<string, Operation>>, table: readonly Route[], info: Partial<OpenApiInfo> = {}): OpenApiDocument {
  const components = new SchemaComponents();
  const paths: OpenApiDocument['paths'] = {};
  const ids = operationIds(table);
  for (const route of table) {
    const op = operations[route.operation];
    if (!op) continue;
    (paths[route.path] ??= {})[route.method.toLowerCase()] = describeOperation(route, op, components, ids.get(route)!);
  }
  // Served by the app whenever the catalog has list_changes (src/app.ts).
  if (operations.list_changes) paths['/events'] = { get: describeEvents(operations.list_changes, components) };
  const errorBody = {
    type: 'object',
    required: ['code', 'message', 'details'],
    properties: {
      code: { type: 'string', enum: ['VALIDATION_ERROR', 'NOT_FOUND', 'VERSION_CONFLICT', 'CONFLICT', 'DATABASE_ERROR', 'UNAUTHORIZED', 'FORBIDDEN', 'METHOD_NOT_ALLOWED', 'PRECONDITION_REQUIRED', 'PAYLOAD_TOO_LARGE', 'INTERNAL_ERROR'] },
      message: { type: 'string' },
      details: { type: 'object' },
      next: { type: 'string', description: 'When one request resolves the error: that request (method, path, query or body, If-Match).' },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: info.title ?? 'Project Status HTTP API',
      version: info.version ?? '0.0.0',
      description:
        info.description ??
        'A shared, queryable, conflict-safe record of a software project. Every route runs one catalog operation with the same validation and errors as the MCP server and the CLI.',
    },
    tags: [...new Set(table.map((r) => operations[r.operation]?.toolset).filter(Boolean))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ErrorBody: errorBody, ...components.schemas },
      parameters: {
        ClientId: { name: 'X-Client-Id', in: 'header', required: false, description: 'Who is acting (recorded in history); defaults to the server\'s --client-id.', schema: { type: 'string', minLength: 1, maxLength: 100 } },
      },
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES).map(([code, description]) => [`E${code}`, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } }]),
      ),
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'Required on every route but /health when the server has a token (always when it listens beyond loopback).' } },
    },
    security: [{ bearerAuth: [] }, {}],
  } as OpenApiDocument;
}
