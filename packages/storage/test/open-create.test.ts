import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '@project-status/core';
import { openProjectStatus } from '../src/open/open.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-open-'));
  roots.push(root);
  mkdirSync(join(root, '.git'));
  return root;
}

describe('opening is not creating', () => {
  it('refuses a SQLite path from the option that does not exist, names it, and creates no file or folder', async () => {
    const root = project();
    const missing = join(root, 'nonexistent', 'dir', 'x.db');
    const error = await openProjectStatus({ root, databaseUrl: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain(`there is no SQLite database at ${missing}`);
    expect((error as ValidationError).message).toContain('project-status init');
    expect((error as ValidationError).details).toMatchObject({ path: missing, origin: 'option', reason: 'database_missing' });
    expect(existsSync(join(root, 'nonexistent'))).toBe(false);
    expect(readdirSync(root)).toEqual(['.git']);
  });

  it('refuses a missing path named by PROJECT_STATUS_DATABASE_URL or config.json the same way', async () => {
    const root = project();
    await expect(openProjectStatus({ root, env: { PROJECT_STATUS_DATABASE_URL: 'sqlite:typo/status.db' } })).rejects.toThrow(/named by PROJECT_STATUS_DATABASE_URL/);
    mkdirSync(join(root, '.project-status'));
    writeFileSync(join(root, '.project-status', 'config.json'), JSON.stringify({ databaseUrl: 'sqlite:typo/status.db' }));
    await expect(openProjectStatus({ root })).rejects.toThrow(/named by databaseUrl in \.project-status\/config\.json/);
    expect(existsSync(join(root, 'typo'))).toBe(false);
  });

  it('creates the database at a named path when asked to (init)', async () => {
    const root = project();
    const file = join(root, 'data', 'deep', 'status.db');
    const ps = await openProjectStatus({ root, databaseUrl: `sqlite:${file}`, create: true });
    expect(ps.appliedMigrations.length).toBeGreaterThan(0);
    await ps.close();
    expect(existsSync(file)).toBe(true);
    // Once it exists, opening it needs no flag.
    await (await openProjectStatus({ root, databaseUrl: `sqlite:${file}` })).close();
  });

  it('still creates the default .project-status/status.db on first use, with no configuration at all', async () => {
    const root = project();
    const ps = await openProjectStatus({ root });
    expect(ps.origin).toBe('default');
    await ps.close();
    expect(existsSync(join(root, '.project-status', 'status.db'))).toBe(true);
  });
});
