import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/open/open.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'ps-gitignore-'));
  roots.push(root);
  mkdirSync(join(root, '.git'));
  return root;
}

describe('the local database and git', () => {
  it('writes .project-status/.gitignore when opening creates the local database, for every app', async () => {
    const root = project();
    await (await openProjectStatus({ root })).close();
    const ignore = readFileSync(join(root, '.project-status', '.gitignore'), 'utf8');
    expect(ignore).toMatch(/^status\.db\*$/m);
    expect(ignore).toMatch(/^cache\.db\*$/m);
  });

  it('leaves a .gitignore the user wrote as it is, and writes none for a database elsewhere', async () => {
    const root = project();
    mkdirSync(join(root, '.project-status'));
    writeFileSync(join(root, '.project-status', '.gitignore'), 'mine\n');
    await (await openProjectStatus({ root })).close();
    expect(readFileSync(join(root, '.project-status', '.gitignore'), 'utf8')).toBe('mine\n');

    const elsewhere = project();
    await (await openProjectStatus({ root: elsewhere, databaseUrl: 'sqlite:data/status.db', create: true })).close();
    expect(existsSync(join(elsewhere, 'data', 'status.db'))).toBe(true);
    expect(existsSync(join(elsewhere, '.project-status', '.gitignore'))).toBe(false);
  });
});
