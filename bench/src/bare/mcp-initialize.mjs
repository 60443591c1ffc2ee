/**
 * The bare equivalent of `project-status-mcp` for the cold-start bench: the
 * MCP SDK's stdio server with one tool, answering `initialize`. No database,
 * no catalog.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'bare', version: '0.0.0' });
server.registerTool('noop', { description: 'Does nothing.' }, () => ({ content: [{ type: 'text', text: 'ok' }] }));
await server.connect(new StdioServerTransport());
