import { readFileSync } from 'node:fs';
import { catalog } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { renderToolList, replaceToolList } from '../src/index.js';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('lists exactly the catalog tools (regenerate with: pnpm --filter @project-status/mcp-server docs)', () => {
    expect(replaceToolList(readme, renderToolList(catalog))).toBe(readme);
  });

  it('carries a ready-to-paste .mcp.json snippet', () => {
    const block = /```json\n([\s\S]*?)```/.exec(readme)?.[1];
    const config = JSON.parse(block ?? '{}') as { mcpServers?: Record<string, { command: string; args: string[] }> };
    expect(config.mcpServers?.['project-status']?.args).toContain('@project-status/mcp-server');
  });
});
