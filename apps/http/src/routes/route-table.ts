/**
 * The HTTP surface as data: one line per route, mapping a method and path to a
 * catalog operation and saying where each input field comes from. Everything
 * else — request handling, the OpenAPI document, the README route list — is
 * generated from this table, so wiring one more operation is one more line.
 */

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One route: a method and path bound to a catalog operation. */
export interface Route {
  method: HttpMethod;
  /** OpenAPI-style path; `{name}` segments are path parameters. */
  path: string;
  /** Catalog operation name (the MCP tool name). */
  operation: string;
  /** Path parameter → input field, where the names differ (`{id}` → `source_id`). */
  pathFields?: Readonly<Record<string, string>>;
  /** Where the client's own fields come from; default `query` for GET/DELETE, `body` otherwise. */
  from?: 'query' | 'body';
  /** Query parameter → input field, where the names differ (`q` → `query`). */
  queryAliases?: Readonly<Record<string, string>>;
  /** The only fields a client may send on this route (default: every input field the route does not fill itself). */
  fields?: readonly string[];
  /** Input the route itself implies (`delete: true` for DELETE). */
  fixed?: Readonly<Record<string, unknown>>;
  /** Requires `If-Match: "<version>"`, which fills the operation's `version` input. */
  ifMatch?: boolean;
  /** Success status; 200 unless set. */
  status?: 200 | 201;
  /** Dotted path of the entity version in the operation's output, sent as `ETag`. */
  etag?: string;
  /** Answer with only this output field (a string) or these fields (a list). */
  select?: string | readonly string[];
  /** `Location` header template filled from the output (`/work-items/{id}`). */
  location?: string;
  /** Overrides the operation's summary where the route is narrower than the operation. */
  summary?: string;
  /** Output field holding markdown, sent alone as `text/markdown` to a client whose Accept header asks for it. */
  markdown?: string;
  /**
   * Dotted path of a boolean in the output: when it is false the same body is
   * sent with 503, because load balancers and probes read the status code.
   */
  unavailableUnless?: string;
}

const WORK_ITEM = '/work-items/{id}';

/**
 * Every route of the API. Static segments come before parameter segments
 * that could swallow them (`/work-items/ready` before `/work-items/{id}`).
 * A line whose operation the running catalog lacks is skipped, so lines for
 * operations still being built are harmless.
 */
export const routes: readonly Route[] = [
  // Work items
  { method: 'GET', path: '/work-items', operation: 'list_work_items' },
  { method: 'POST', path: '/work-items', operation: 'create_work_item', status: 201, etag: 'version', location: WORK_ITEM },
  { method: 'GET', path: '/work-items/ready', operation: 'list_ready_work' },
  { method: 'GET', path: '/work-items/completions', operation: 'count_completions' },
  { method: 'GET', path: '/work-items/search', operation: 'search_work_items', queryAliases: { q: 'query' } },
  { method: 'GET', path: '/work-items/mine', operation: 'list_my_work' },
  { method: 'POST', path: '/work-items/batch', operation: 'create_work_items', status: 201 },
  { method: 'GET', path: WORK_ITEM, operation: 'query_work_item', etag: 'item.version' },
  {
    method: 'PATCH',
    path: WORK_ITEM,
    operation: 'update_work_item',
    ifMatch: true,
    etag: 'version',
    fields: ['title', 'status', 'metadata', 'parent_id', 'branch_name', 'commit_hash', 'pr_number', 'labels', 'priority', 'assignee', 'close_reason', 'cascade', 'updated_by'],
    summary: 'Change or move a work item (If-Match: the version you read; cascade: true with status "completed" completes its unfinished descendants too).',
  },
  {
    method: 'DELETE',
    path: WORK_ITEM,
    operation: 'update_work_item',
    ifMatch: true,
    etag: 'version',
    fixed: { delete: true },
    fields: ['cascade', 'close_reason', 'updated_by'],
    summary: 'Soft-delete a work item (?cascade=true for one with children).',
  },
  {
    method: 'POST',
    path: `${WORK_ITEM}/restore`,
    operation: 'update_work_item',
    ifMatch: true,
    etag: 'version',
    fixed: { restore: true },
    fields: ['cascade', 'updated_by'],
    summary: 'Restore a soft-deleted work item (cascade: true restores its children too).',
  },
  { method: 'GET', path: `${WORK_ITEM}/tree`, operation: 'query_work_item', select: ['item', 'ancestors', 'descendants'], etag: 'item.version', summary: 'A work item with its ancestors and descendant tree.' },
  { method: 'GET', path: `${WORK_ITEM}/dependencies`, operation: 'query_work_item', select: 'dependencies', summary: 'What a work item waits for and what it blocks.' },
  { method: 'POST', path: `${WORK_ITEM}/dependencies`, operation: 'add_dependency', pathFields: { id: 'source_id' }, status: 201 },
  { method: 'DELETE', path: `${WORK_ITEM}/dependencies`, operation: 'remove_dependency', pathFields: { id: 'source_id' } },
  { method: 'GET', path: `${WORK_ITEM}/history`, operation: 'get_history', pathFields: { id: 'entity_id' }, fixed: { entity_type: 'work_item' }, summary: 'Every recorded change of a work item, newest first.' },
  { method: 'POST', path: `${WORK_ITEM}/claim`, operation: 'claim_work_item', etag: 'version' },
  { method: 'POST', path: `${WORK_ITEM}/release`, operation: 'release_work_item', etag: 'version' },
  { method: 'POST', path: `${WORK_ITEM}/notes`, operation: 'add_note', status: 201 },
  { method: 'GET', path: '/archived-work-items', operation: 'query_archived_work_items' },
  { method: 'POST', path: '/archive', operation: 'archive_work_items' },

  // Vendors
  { method: 'GET', path: '/vendors', operation: 'list_vendors' },
  { method: 'POST', path: '/vendors', operation: 'create_vendor', status: 201, etag: 'version', location: '/vendors/{name}' },
  { method: 'GET', path: '/vendors/{name}', operation: 'query_vendor_status', etag: 'version' },
  { method: 'PATCH', path: '/vendors/{name}', operation: 'update_vendor_status', ifMatch: true, etag: 'version' },

  // Deployments
  { method: 'GET', path: '/deployments', operation: 'list_deployments' },
  { method: 'POST', path: '/deployments', operation: 'record_deployment', status: 201 },

  // Configuration
  { method: 'GET', path: '/configuration', operation: 'get_project_configuration', etag: 'version' },
  { method: 'PATCH', path: '/configuration', operation: 'update_project_configuration', ifMatch: true, etag: 'version' },

  // Enhancements
  { method: 'GET', path: '/enhancements', operation: 'list_enhancements' },
  { method: 'POST', path: '/enhancements', operation: 'create_enhancement', status: 201, etag: 'version' },
  { method: 'PATCH', path: '/enhancements/{id}', operation: 'update_enhancement', ifMatch: true, etag: 'version' },

  // History, health
  { method: 'GET', path: '/history/{entity_type}/{entity_id}', operation: 'get_history' },
  { method: 'GET', path: '/health', operation: 'health_check', unavailableUnless: 'healthy', summary: 'Which store answers and how: 200 when healthy, 503 with the same report (and the cause in warnings) when not.' },
  { method: 'GET', path: '/changes', operation: 'list_changes' },
  { method: 'GET', path: '/sync-conflicts', operation: 'list_sync_conflicts' },
  { method: 'POST', path: '/sync-conflicts/{id}/resolve', operation: 'resolve_sync_conflict' },

  // Reports, import, export
  { method: 'GET', path: '/report', operation: 'generate_status_report', fixed: { write_file: false }, markdown: 'markdown', summary: 'The markdown status report (nothing is written); `Accept: text/markdown` gets the markdown alone.' },
  { method: 'POST', path: '/report', operation: 'generate_status_report', markdown: 'markdown', summary: 'Generate the status report; write_file: true also writes .project_status.md.' },
  { method: 'GET', path: '/session-context', operation: 'prime_session', markdown: 'markdown' },
  { method: 'POST', path: '/agent-instructions', operation: 'write_agent_instructions' },
  { method: 'POST', path: '/import', operation: 'import_legacy_status' },
  { method: 'POST', path: '/export', operation: 'export_snapshot' },
];

/** Path parameter names of a route path, in order. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}

/** Where the client's own fields come from on this route. */
export function inputSource(route: Route): 'query' | 'body' {
  return route.from ?? (route.method === 'GET' || route.method === 'DELETE' ? 'query' : 'body');
}

/** The routes whose operations exist in `operations`, in table order. */
export function activeRoutes(operations: Readonly<Record<string, unknown>>, table: readonly Route[] = routes): Route[] {
  return table.filter((route) => route.operation in operations);
}
