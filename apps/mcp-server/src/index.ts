/**
 * @project-status/mcp-server — Project Status as an MCP server: every catalog
 * operation as a tool, over stdio or Streamable HTTP.
 *
 * @example
 * import { openProjectStatus } from '@project-status/storage';
 * import { createMcpServer } from '@project-status/mcp-server';
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * const ps = await openProjectStatus({ env: process.env });
 * await createMcpServer(ps).connect(new StdioServerTransport());
 */
export { createMcpServer, selectOperations, type McpServerOptions } from './server.js';
export { REPORT_RESOURCE_URI, WORK_ITEM_URI_PREFIX, VENDOR_URI_PREFIX } from './resources.js';
export { toolDefinition, toJsonSchema, toolTitle, type ToolDefinition, type JsonSchema } from './tools/definitions.js';
export { layoutOf, renderText, withoutNulls, type Layout } from './tools/render.js';
export { errorResult, errorBody, nextStep, ERROR_NEXT_STEP, INTERNAL_NEXT_STEP, type InternalErrorBody } from './errors.js';
export { UnsafeBindError } from './http/guards.js';
export { startHttpServer, MCP_PATH, type HttpServerOptions, type RunningHttpServer } from './http/http-server.js';
export { isLoopbackHost, isAllowedOrigin, bearerMatches } from './http/guards.js';
export { SessionTable, DEFAULT_SESSION_IDLE_TIMEOUT_MS, DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CLIENT, type SessionLimits } from './http/sessions.js';
export { parseConfig, McpConfig, HELP, DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, type ConfigResult } from './config.js';
export { renderToolList, replaceToolList, TOOL_LIST_START, TOOL_LIST_END } from './docs/tool-list.js';
export { VERSION } from './version.js';
