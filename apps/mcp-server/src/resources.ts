import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
  type Resource,
} from '@modelcontextprotocol/sdk/types.js';
import { isDomainError, type Change, type ChangeWatch, type ProjectStatus } from '@project-status/core';
import { errorBody } from './errors.js';

/** The markdown status report. */
export const REPORT_RESOURCE_URI = 'project-status://report';
/** One work item with its surroundings (what `query_work_item` returns), as JSON. */
export const WORK_ITEM_URI_PREFIX = 'project-status://work-items/';
/** One vendor (what `query_vendor_status` returns), as JSON; addressed by name. */
export const VENDOR_URI_PREFIX = 'project-status://vendors/';

const REPORT_OPERATION = 'generate_status_report';

/** Actions after which the list of resources is different. */
const LIST_CHANGING = new Set(['create', 'delete', 'restore', 'archive']);

export interface ResourceOptions {
  /** Offer the report resource (the reports toolset is enabled). */
  report: boolean;
  actor: () => string;
  log: (message: string) => void;
}

/**
 * The project as MCP resources: the status report, each work item
 * (`project-status://work-items/{id}`) and each vendor
 * (`project-status://vendors/{name}`). `resources/subscribe` is backed by the
 * change feed: while this session has a subscription it watches the feed
 * (`ps.watch`, woken by commits of any process) and sends
 * `notifications/resources/updated` for each subscribed resource a change
 * touches — the report on every change — and `notifications/resources/list_changed`
 * when a work item or vendor is created, deleted, restored or archived.
 * A client that reconnects subscribes again and re-reads; the feed's cursor
 * stays on the server.
 */
export function registerResources(server: Server, ps: ProjectStatus, options: ResourceOptions): void {
  const subscriptions = new Set<string>();
  /** Vendor id → the URI a client subscribed to it by (changes name vendors by id). */
  const vendorUris = new Map<string, string>();
  let watch: ChangeWatch | undefined;

  const read = async (uri: string): Promise<{ mimeType: string; text: string }> => {
    const actor = options.actor();
    if (uri === REPORT_RESOURCE_URI && options.report) {
      const report = (await ps.call(REPORT_OPERATION, {}, { actor })) as { markdown?: unknown };
      return { mimeType: 'text/markdown', text: typeof report.markdown === 'string' ? report.markdown : String(report.markdown ?? '') };
    }
    if (uri.startsWith(WORK_ITEM_URI_PREFIX)) {
      const detail = await ps.call('query_work_item', { id: decodeURIComponent(uri.slice(WORK_ITEM_URI_PREFIX.length)) }, { actor });
      return { mimeType: 'application/json', text: JSON.stringify(detail, null, 2) };
    }
    if (uri.startsWith(VENDOR_URI_PREFIX)) {
      const vendor = await ps.call('query_vendor_status', { name: decodeURIComponent(uri.slice(VENDOR_URI_PREFIX.length)) }, { actor });
      return { mimeType: 'application/json', text: JSON.stringify(vendor, null, 2) };
    }
    throw new McpError(ErrorCode.InvalidParams, `Unknown resource ${uri}`);
  };

  const urisFor = (change: Change): string[] => {
    const uris = [REPORT_RESOURCE_URI];
    if (change.entity_type === 'work_item') uris.push(`${WORK_ITEM_URI_PREFIX}${change.entity_id}`);
    const vendorUri = change.entity_type === 'vendor' ? vendorUris.get(change.entity_id) : undefined;
    if (vendorUri) uris.push(vendorUri);
    return uris.filter((uri) => subscriptions.has(uri));
  };

  const follow = async (w: ChangeWatch) => {
    try {
      for await (const change of w) {
        for (const uri of urisFor(change)) await server.sendResourceUpdated({ uri }).catch(() => undefined);
        if ((change.entity_type === 'work_item' || change.entity_type === 'vendor') && LIST_CHANGING.has(change.action)) await server.sendResourceListChanged().catch(() => undefined);
      }
    } catch (error) {
      // The feed failed (database down): stop; the next subscribe starts a new watch from now.
      options.log(`resource notifications stopped: ${error instanceof Error ? error.message : String(error)}`);
      if (watch === w) watch = undefined;
    }
  };

  const ensureWatching = () => {
    if (watch || !ps.operations.list_changes) return;
    watch = ps.watch({});
    void follow(watch);
  };

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const resources: Resource[] = [];
    if (options.report) {
      resources.push({ uri: REPORT_RESOURCE_URI, name: 'status-report', title: 'Project status report', description: 'The current .project_status.md report: vendor health, active work, blockers, ready work, deployments, backlog.', mimeType: 'text/markdown' });
    }
    const { vendors } = (await ps.call('list_vendors', {}, { actor: options.actor() })) as { vendors: { name: string; status: string }[] };
    for (const v of vendors) resources.push({ uri: `${VENDOR_URI_PREFIX}${encodeURIComponent(v.name)}`, name: `vendor-${v.name}`, title: `Vendor ${v.name}`, description: `Vendor ${v.name} (${v.status})`, mimeType: 'application/json' });
    return { resources };
  });

  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      { uriTemplate: `${WORK_ITEM_URI_PREFIX}{id}`, name: 'work-item', title: 'Work item', description: 'One work item with ancestors, descendants, dependencies and deployments (query_work_item), as JSON.', mimeType: 'application/json' },
      { uriTemplate: `${VENDOR_URI_PREFIX}{name}`, name: 'vendor', title: 'Vendor', description: 'One vendor with its health metadata (query_vendor_status), as JSON.', mimeType: 'application/json' },
    ],
  }));

  server.setRequestHandler(ReadResourceRequestSchema, async (request) => {
    const { uri } = request.params;
    try {
      return { contents: [{ uri, ...(await read(uri)) }] };
    } catch (error) {
      if (error instanceof McpError) throw error;
      if (!isDomainError(error)) options.log(`reading ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      const body = errorBody(error);
      throw new McpError(body.code === 'NOT_FOUND' || body.code === 'VALIDATION_ERROR' ? ErrorCode.InvalidParams : ErrorCode.InternalError, `${uri} could not be read: ${JSON.stringify(body)}`);
    }
  });

  server.setRequestHandler(SubscribeRequestSchema, async (request) => {
    const { uri } = request.params;
    // Reading it checks that it exists, and resolves a vendor's name to the id changes carry.
    const { text } = await read(uri).catch((error: unknown) => {
      if (error instanceof McpError) throw error;
      throw new McpError(ErrorCode.InvalidParams, `cannot subscribe to ${uri}: ${JSON.stringify(errorBody(error))}`);
    });
    if (uri.startsWith(VENDOR_URI_PREFIX)) vendorUris.set((JSON.parse(text) as { id: string }).id, uri);
    subscriptions.add(uri);
    ensureWatching();
    return {};
  });

  server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    subscriptions.delete(request.params.uri);
    for (const [id, uri] of vendorUris) if (uri === request.params.uri) vendorUris.delete(id);
    if (subscriptions.size === 0 && watch) {
      const w = watch;
      watch = undefined;
      await w.close();
    }
    return {};
  });

  const previous = server.onclose;
  server.onclose = () => {
    void watch?.close();
    watch = undefined;
    previous?.();
  };
}
