import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('choosing the database', () => {
  it('refuses a URL of another database or a misspelt scheme, names what works, and creates nothing', async () => {
    for (const url of ['mysql://root@127.0.0.1/app', 'postgress://postgres@127.0.0.1/test', 'mongodb+srv://x/y']) {
      const dir = mkdtempSync(join(tmpdir(), 'ps-cli-url-'));
      dirs.push(dir);
      for (const how of [{ args: ['--database-url', url] }, { env: { PROJECT_STATUS_DATABASE_URL: url } }]) {
        const result = await run(['health', '--json', ...(how.args ?? [])], { cwd: dir, env: how.env });
        expect(result.code, `${url} ${result.stderr}`).toBe(2);
        const { error } = JSON.parse(result.stderr) as { error: { code: string; message: string } };
        expect(error.code).toBe('VALIDATION_ERROR');
        expect(error.message).toContain(`"${url.split('://')[0]}://" is not a database this tool can use`);
        expect(error.message).toContain('postgres://');
        expect(readdirSync(dir)).toEqual([]);
      }
    }
  });

  it('refuses a mistyped SQLite path with exit code 2 and the path, and creates no file or folder', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-cli-url-'));
    dirs.push(dir);
    const missing = join(dir, 'nonexistent', 'dir', 'x.db');
    for (const how of [{ args: ['--database-url', missing] }, { env: { PROJECT_STATUS_DATABASE_URL: missing } }]) {
      for (const command of [['work', 'list'], ['health']]) {
        const result = await run([...command, ...(how.args ?? [])], { cwd: dir, env: how.env });
        expect(result.code, result.stderr).toBe(2);
        expect(result.stdout).not.toContain('(none)');
        expect(result.stderr).toContain(`there is no SQLite database at ${missing}`);
        expect(result.stderr).toContain('project-status init');
        expect(readdirSync(dir)).toEqual([]);
      }
    }
  });

  it('still takes sqlite: and file: URLs and plain paths, created by init', { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ps-cli-url-'));
    dirs.push(dir);
    for (const url of ['sqlite:a.db', 'file:b.db', 'c.db']) {
      const result = await run(['init', '--json', '--database-url', url], { cwd: dir });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ engine: 'sqlite', created: true, healthy: true });
    }
    for (const file of ['a.db', 'b.db', 'c.db']) expect(existsSync(join(dir, file))).toBe(true);
  });
});
