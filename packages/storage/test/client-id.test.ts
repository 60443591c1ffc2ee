import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/open/open.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project root, with `.project-status/config.json` holding `config` when given. */
function project(config?: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-client-id-'));
  roots.push(root);
  if (config) {
    mkdirSync(join(root, '.project-status'));
    writeFileSync(join(root, '.project-status', 'config.json'), JSON.stringify(config));
  }
  return root;
}

async function actor(root: string, options: { clientId?: string; defaultClientId?: string }): Promise<string> {
  const ps = await openProjectStatus({ root, ...options });
  try {
    expect((await ps.create_enhancement({ title: 'who' })).created_by).toBe(ps.clientId);
    return ps.clientId;
  } finally {
    await ps.close();
  }
}

describe('the default actor', () => {
  it("is the option, then clientId in config.json, then the caller's default, then library", async () => {
    const configured = project({ clientId: 'cfg-bot' });
    expect(await actor(configured, { clientId: 'flag-bot', defaultClientId: 'cli' })).toBe('flag-bot');
    expect(await actor(configured, { defaultClientId: 'cli' })).toBe('cfg-bot');
    const bare = project();
    expect(await actor(bare, { defaultClientId: 'cli' })).toBe('cli');
    expect(await actor(bare, {})).toBe('library');
  });
});
