import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { ErrorBody, ProjectStatus } from '@project-status/core';
import { createMcpServer, type McpServerOptions } from '../src/index.js';

/**
 * A tool result as tests read it. The SDK client has already checked it against
 * the tool's output schema, so tests may reach into it without re-declaring every shape.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = Record<string, any>;

/** An SDK client linked in memory to a fresh server over `ps`. */
export async function connectInMemory(ps: ProjectStatus, options: McpServerOptions = {}, clientName = 'test-client'): Promise<Client> {
  const server = createMcpServer(ps, options);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: clientName, version: '1.0.0' });
  await client.connect(clientSide);
  return client;
}

/** Calls a tool that must succeed and returns its structured result. */
export async function ok<T = Loose>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  if (result.isError) throw new Error(`${name} failed: ${(result.content[0] as { text: string }).text}`);
  return result.structuredContent as T;
}

/** Calls a tool that must fail and returns the error JSON from its first text block. */
export async function fails(client: Client, name: string, args: unknown = {}): Promise<ErrorBody & { details: Loose }> {
  const result = (await client.callTool({ name, arguments: args as Record<string, unknown> })) as CallToolResult;
  if (!result.isError) throw new Error(`${name} was expected to fail but returned ${JSON.stringify(result.structuredContent)}`);
  return JSON.parse((result.content[0] as { text: string }).text) as ErrorBody & { details: Loose };
}

/** The text a model would read for a tool result. */
export function textOf(result: unknown): string {
  return ((result as CallToolResult).content as { type: string; text: string }[]).map((c) => c.text).join('\n');
}

export const sessionMetadata = { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } };
export const sha = (n: number): string => n.toString(16).padStart(40, 'a');

/** A raw JSON-RPC `initialize`, for tests that speak Streamable HTTP without the SDK client. */
export const initializeRequest = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw-http', version: '1' } },
};

/** The headers a Streamable HTTP POST needs. */
export const mcpHeaders = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
