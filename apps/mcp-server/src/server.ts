import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/types.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  GetPromptRequestSchema,
  ListPromptsRequestSchema,
  ListToolsRequestSchema,
  McpError,
  type CallToolResult,
} from '@modelcontextprotocol/sdk/types.js';
import { CONTROL_CHARACTER, describeServed, isDomainError, isFallbackAnswer, LONE_SURROGATE, servedFields, TOOLSETS, type Operation, type ProjectStatus, type ServedBy, type Toolset } from '@project-status/core';
import { errorBody, errorResult } from './errors.js';
import { getPrompt, PROMPTS } from './prompts.js';
import { registerResources } from './resources.js';
import { toolDefinition, type ToolDefinition } from './tools/definitions.js';
import { layoutOf, renderText, type Layout } from './tools/render.js';
import { VERSION } from './version.js';

const REPORT_OPERATION = 'generate_status_report';

/** Read once by the model at connection time: how to use the tools well, in a few lines. */
const INSTRUCTIONS =
  'Project Status is the shared, conflict-safe record of this project: work items (project/session/task/research trees with dependencies), vendors, deployments, enhancements and configuration. ' +
  'To choose work, call list_ready_work, then claim_work_item (lease_seconds keeps a crash from holding it); list_my_work shows what you hold. Every change to an existing entity needs the version you last read; on VERSION_CONFLICT re-read and retry. ' +
  'Work item ids may be given as the short id (or an unambiguous prefix of it). ' +
  'Lists return compact summary rows; pass detail: "full" only when you need every field.';

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** Actor for writes when neither the tool arguments nor the MCP client name one. Default: the handle's client id. */
  clientId?: string;
  /** Tool groups to advertise; default all. */
  toolsets?: readonly Toolset[];
  /** Where failures that are not domain errors are reported (stderr in the bin). */
  log?: (message: string) => void;
}

/**
 * The SDK's default schema validator (Ajv, for elicitation answers), built on
 * first use instead of with every server: setting Ajv up took ~50 ms of a cold
 * start, and this server never elicits.
 */
function lazyAjv(): jsonSchemaValidator {
  let ajv: AjvJsonSchemaValidator | undefined;
  return { getValidator: (schema) => (ajv ??= new AjvJsonSchemaValidator()).getValidator(schema) };
}

/** The operations a toolset selection advertises, in catalog order. */
export function selectOperations(operations: Readonly<Record<string, Operation>>, toolsets: readonly Toolset[] = TOOLSETS): Operation[] {
  return Object.values(operations).filter((op) => toolsets.includes(op.toolset));
}

/** The client's name from `initialize` (e.g. `claude-code`), cut to what an actor may be. */
function clientName(server: Server): string | undefined {
  // The name is the actor of every write: one line, valid Unicode, at most 100 UTF-16 units with no surrogate pair cut in two.
  const clean = (server.getClientVersion()?.name ?? '').replace(new RegExp(CONTROL_CHARACTER.source, 'g'), ' ').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\ufffd');
  let name = '';
  for (const char of clean) {
    if (name.length + char.length > 100) break;
    name += char;
  }
  name = name.trim();
  return name ? name : undefined;
}

/**
 * An MCP server exposing every operation of `ps` as a tool: schemas and
 * descriptions come from the catalog, results come back as `structuredContent`
 * plus a compact text rendering, and domain errors as `isError` results.
 * Connect it to any transport (stdio, Streamable HTTP, in-memory).
 *
 * @example
 * const ps = await openProjectStatus({ env: process.env });
 * const server = createMcpServer(ps, { toolsets: ['work'] });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(ps: ProjectStatus, options: McpServerOptions = {}): Server {
  const enabled = selectOperations(ps.operations, options.toolsets);
  const byName = new Map(enabled.map((op) => [op.name, op]));
  // JSON Schemas are generated when first asked for (tools/list, or a tool's first call for its text
  // layout), not here: converting ~40 schemas took longer than the rest of start-up, and a server
  // must answer `initialize` quickly (bench/src/cli-cold-start.ts).
  let tools: ToolDefinition[] | undefined;
  const layouts = new Map<string, Layout>();
  const layoutFor = (op: Operation): Layout => {
    let layout = layouts.get(op.name);
    if (!layout) layouts.set(op.name, (layout = layoutOf(toolDefinition(op).outputSchema)));
    return layout;
  };
  // The report resource belongs to the reports toolset: a server narrowed to other groups offers neither.
  const hasReport = byName.has(REPORT_OPERATION);
  const fallbackActor = options.clientId ?? ps.clientId;
  const log = options.log ?? (() => undefined);

  const server = new Server(
    { name: 'project-status', title: 'Project Status', version: VERSION },
    {
      // Resources change as the project does: subscriptions and list changes are driven by the change feed.
      capabilities: {
        tools: { listChanged: false },
        prompts: { listChanged: false },
        resources: { subscribe: 'list_changes' in ps.operations, listChanged: 'list_changes' in ps.operations },
      },
      instructions: INSTRUCTIONS,
      jsonSchemaValidator: lazyAjv(),
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: (tools ??= enabled.map(toolDefinition)) }));
  server.setRequestHandler(ListPromptsRequestSchema, () => ({ prompts: [...PROMPTS] }));
  server.setRequestHandler(GetPromptRequestSchema, async (request) => {
    try {
      return await getPrompt(ps, request.params.name, request.params.arguments, clientName(server) ?? fallbackActor);
    } catch (error) {
      if (error instanceof McpError) throw error;
      if (!isDomainError(error)) log(`prompt ${request.params.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      throw new McpError(ErrorCode.InternalError, `The prompt could not be built: ${JSON.stringify(errorBody(error))}`);
    }
  });

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const { name, arguments: args, _meta } = request.params;
    const op = byName.get(name);
    if (!op) {
      const known = name in ps.operations ? ' (its toolset is not enabled on this server)' : '';
      throw new McpError(ErrorCode.InvalidParams, `Unknown tool "${name}"${known}`);
    }
    const progressToken = _meta?.progressToken;
    const onProgress =
      progressToken === undefined
        ? undefined
        : (p: { phase: string; done: number; total: number }) =>
            void extra
              .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: p.done, total: p.total, message: p.phase } })
              .catch(() => undefined);
    try {
      let served: ServedBy | undefined;
      const result = await ps.call(name, args ?? {}, { actor: clientName(server) ?? fallbackActor, onProgress, onServed: (s) => (served = s) });
      let structured = typeof result === 'object' && result !== null && !Array.isArray(result) ? (result as Record<string, unknown>) : undefined;
      let text = renderText(result, layoutFor(op));
      // SPEC §5: an answer from a fallback layer says so, in the structured result and in one line of the text.
      if (isFallbackAnswer(served)) {
        if (structured) structured = { ...structured, ...servedFields(served) };
        text = `${describeServed(served)}\n${text}`;
      }
      return { content: [{ type: 'text', text }], ...(structured ? { structuredContent: structured } : {}) };
    } catch (error) {
      if (!isDomainError(error)) log(`${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return errorResult(error);
    }
  });

  registerResources(server, ps, { report: hasReport, actor: () => clientName(server) ?? fallbackActor, log });

  return server;
}
