/**
 * `pnpm --filter @project-status/bench bench:mcp`: end-to-end latency of the
 * real `project-status-mcp` binary over stdio, as an assistant sees it.
 * For each engine and scale it seeds a project (PostgreSQL is then vacuumed
 * and analysed, as in the storage bench), spawns the binary, and times N
 * sequential `query_vendor_status` and `query_work_item` calls through the SDK
 * client, beside a bare SDK server running the same SQL through the raw
 * driver (the same work with none of our code), the same operation called in
 * process (what MCP adds) and a bare SDK no-op tool over stdio (what the
 * protocol alone costs).
 * Prints p50/p95/p99 tables; never a CI gate.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { runLatencyBench } from './latency-harness.js';

const require = createRequire(import.meta.url);
const MCP_BIN = join(dirname(require.resolve('@project-status/mcp-server/package.json')), 'dist', 'main.js');
const NOOP_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'mcp-noop-server.ts');
const RAW_SERVER = join(dirname(fileURLToPath(import.meta.url)), 'mcp-raw-server.ts');
const TSX_CLI = require.resolve('tsx/cli');

async function connect(args: string[]): Promise<Client> {
  const client = new Client({ name: 'bench', version: '0.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args, stderr: 'inherit' }));
  return client;
}

/** A tool call that must succeed: a failed one would time an error path. */
async function tool(client: Client, name: string, args: Record<string, unknown>): Promise<void> {
  const result = await client.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed during the benchmark: ${JSON.stringify(result.content)}`);
}

await runLatencyBench({
  script: 'bench:mcp',
  transport: 'MCP',
  heading: (o) => `MCP end-to-end latency over stdio, ${o.iterations} sequential calls per row after ${o.warmup} warm-up; times in ms.`,
  goal: { p50: 0.6, p95: 1.5 },
  floor: {
    title: 'Bare SDK round trip (no-op tool, no database)',
    label: 'noop',
    async open() {
      const client = await connect([TSX_CLI, NOOP_SERVER]);
      return { call: () => tool(client, 'noop', {}), close: () => client.close() };
    },
  },
  async open(db) {
    const client = await connect([MCP_BIN, '--database-url', db.url, '--root', db.root, '--auto-archive', 'off']);
    return { call: (op, args) => tool(client, op, args), close: () => client.close() };
  },
  sameWork: {
    title: 'bare SDK + raw driver',
    async open(db) {
      const client = await connect([TSX_CLI, RAW_SERVER, db.engine, db.engine === 'sqlite' ? db.file! : db.url]);
      return { call: (op, args) => tool(client, op, args), close: () => client.close() };
    },
  },
});
