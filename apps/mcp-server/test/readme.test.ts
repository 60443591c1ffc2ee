import { readFileSync } from 'node:fs';
import { catalog } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { renderToolList, replaceToolList } from '../src/index.js';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('lists exactly the catalog tools (regenerate with: pnpm --filter @project-status/mcp-server docs)', () => {
    expect(replaceToolList(readme, renderToolList(catalog))).toBe(readme);
  });

  it('carries ready-to-paste .mcp.json snippets for a local, a global and an npx -p install', () => {
    const blocks = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]!) as { mcpServers?: Record<string, { command: string; args: string[] }> });
    const servers = blocks.map((b) => b.mcpServers?.['project-status']).filter((s) => s !== undefined);
    expect(servers.map((s) => s.command)).toEqual(['./node_modules/.bin/project-status-mcp', 'project-status-mcp', 'npx']);
    // npx must name the scoped package: a bare `npx project-status-mcp` would ask the registry for someone else's.
    expect(servers[2]!.args).toEqual(expect.arrayContaining(['-p', '@project-status/mcp-server', 'project-status-mcp']));
  });
});
