/**
 * The floor for `mcp-latency`: a bare SDK server over stdio with one no-op
 * tool, so the table shows what the protocol round trip itself costs.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

const server = new McpServer({ name: 'noop', version: '0.0.0' });
server.registerTool('noop', { description: 'Does nothing.' }, () => ({ content: [{ type: 'text', text: 'ok' }] }));
await server.connect(new StdioServerTransport());
