/**
 * The "same work" floor for `mcp-latency`: a bare SDK server (as in
 * `mcp-noop-server.ts`) whose `query_vendor_status` and `query_work_item`
 * tools run a copy of the store's SQL through the raw driver and return the rows as the
 * driver hands them over, as structured content and as JSON text. What the
 * SDK plus the driver cost for the same reads, with none of our code between.
 * Arguments: `sqlite <file>` or `postgres <url>`.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { openRawFromArgs, RAW_READ_ARG, rawRead, type RawRead } from './raw-reads.js';

const raw = await openRawFromArgs(process.argv.slice(2));
const server = new McpServer({ name: 'raw', version: '0.0.0' });
for (const read of Object.keys(RAW_READ_ARG) as RawRead[]) {
  const arg = RAW_READ_ARG[read];
  server.registerTool(read, { description: `${read} through the raw driver.`, inputSchema: { [arg]: z.string() } }, async (args) => {
    const rows = await rawRead(raw, read, String(args[arg]));
    if (!rows) return { content: [{ type: 'text', text: `no ${arg} ${String(args[arg])}` }], isError: true };
    return { content: [{ type: 'text', text: JSON.stringify(rows) }], structuredContent: { rows } };
  });
}
await server.connect(new StdioServerTransport());
