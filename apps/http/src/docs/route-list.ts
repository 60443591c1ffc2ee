import type { Operation } from '@project-status/core';
import { inputJsonSchema } from '../routes/operation-schemas.js';
import { clientFields } from '../routes/route-input.js';
import { activeRoutes, inputSource, type Route } from '../routes/route-table.js';

/** Markers around the generated route list in the README. */
export const ROUTE_LIST_START = '<!-- routes:start (generated from src/routes/route-table.ts; run `pnpm --filter @project-status/http readme`) -->';
export const ROUTE_LIST_END = '<!-- routes:end -->';

/**
 * The route list as a markdown table, generated from the route table and
 * the catalog, so the README can never describe routes that do not exist.
 */
export function renderRouteList(operations: Readonly<Record<string, Operation>>, table: readonly Route[]): string {
  const lines = ['| method | path | operation | input | notes |', '|---|---|---|---|---|'];
  for (const route of activeRoutes(operations, table)) {
    const op = operations[route.operation]!;
    const fields = clientFields(route, inputJsonSchema(op)).map((f) => {
      const alias = Object.entries(route.queryAliases ?? {}).find(([, field]) => field === f)?.[0];
      return alias ? `${alias} (or ${f})` : f;
    });
    const input = fields.length ? `${inputSource(route)}: ${fields.join(', ')}` : '—';
    const notes = [
      route.ifMatch ? 'If-Match required' : '',
      route.etag ? 'ETag' : '',
      route.status === 201 ? '201' : '',
      route.unavailableUnless ? `503 when ${route.unavailableUnless} is false` : '',
      ...Object.entries(route.fixed ?? {}).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    ].filter(Boolean);
    lines.push(`| ${route.method} | \`${route.path}\` | \`${route.operation}\` | ${input} | ${notes.join(', ')} |`);
  }
  if (operations.list_changes) lines.push('| GET | `/events` | `list_changes` | query: after, entity_types, ids; header Last-Event-ID | Server-Sent Events (text/event-stream) |');
  lines.push('| GET | `/openapi.json` | — | — | OpenAPI 3.1 document |', '| GET | `/docs` | — | — | interactive page, no external assets |');
  return lines.join('\n');
}

/** `readme` with the text between the route-list markers replaced by `list`. */
export function replaceRouteList(readme: string, list: string): string {
  const start = readme.indexOf(ROUTE_LIST_START);
  const end = readme.indexOf(ROUTE_LIST_END);
  if (start < 0 || end < start) throw new Error('the README lacks the route-list markers');
  return `${readme.slice(0, start + ROUTE_LIST_START.length)}\n${list}\n${readme.slice(end)}`;
}
