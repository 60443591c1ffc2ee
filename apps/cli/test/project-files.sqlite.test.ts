import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { jsonError, run } from './helpers.js';

/** A legacy .project_status.md with one malformed vendor (line 5) and one enhancement without a priority (line 8). */
const LEGACY = [
  '# Project Status',
  '',
  '## Vendors (2 total)',
  '- acme: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3',
  '- globex: degraded (1/2 tests passed, 0 skipped) [] v2.0.0',
  '',
  '## Future Enhancements (1 total)',
  '- Offline mode',
  '',
].join('\n');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh git repository with a `docs/` folder, as a user's project looks before Project Status. */
function gitProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ps-cli-repo-'));
  dirs.push(dir);
  execFileSync('git', ['init', '-q'], { cwd: dir });
  mkdirSync(join(dir, 'docs'));
  return dir;
}

/** The files `git status` offers to add (untracked, not ignored). */
const untracked = (dir: string) =>
  execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: dir, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.startsWith('?? '));

describe('file paths on the command line [sqlite]', { timeout: 120_000 }, () => {
  it('reads a relative import path from the current folder, not from the project root', async () => {
    const root = gitProject();
    writeFileSync(join(root, 'docs', 'old.md'), LEGACY);
    writeFileSync(join(root, 'legacy.md'), LEGACY);
    const docs = join(root, 'docs');

    const here = await run(['import', 'old.md', '--dry-run', '--json'], { cwd: docs });
    expect(here.code, here.stderr).toBe(0);
    expect(JSON.parse(here.stdout)).toMatchObject({ path: join(docs, 'old.md'), dry_run: true });

    const up = await run(['import', '../legacy.md', '--dry-run', '--json'], { cwd: docs });
    expect(up.code, up.stderr).toBe(0);
    expect(JSON.parse(up.stdout)).toMatchObject({ path: join(root, 'legacy.md') });
  });

  it('still refuses a file outside the project root, however it is written', async () => {
    const root = gitProject();
    const outside = mkdtempSync(join(tmpdir(), 'ps-cli-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'legacy.md'), LEGACY);
    const relative = join('..', '..', outside.split('/').pop() ?? '', 'legacy.md');
    for (const path of [relative, join(outside, 'legacy.md')]) {
      const r = await run(['import', path, '--dry-run', '--json'], { cwd: join(root, 'docs') });
      expect(r.code, path).toBe(2);
      expect(jsonError(r).message).toContain(`is outside the project root ${root}`);
    }
  });

  it('says in --help that a relative path is taken from the current folder', async () => {
    const r = await run(['import', '--help'], { cwd: gitProject() });
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('path a file path, relative to the current folder (or absolute); it must be inside the project root');
  });
});

describe('a legacy import for a person [sqlite]', { timeout: 120_000 }, () => {
  it('lists the skipped entries and the warnings with their line numbers, not only the checks', async () => {
    const root = gitProject();
    writeFileSync(join(root, 'legacy.md'), LEGACY);
    const r = await run(['import', 'legacy.md', '--dry-run'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    // The checks count what the file holds: two vendor lines, one skipped, one imported.
    expect(r.stdout).toMatch(/vendor_count\s+2\s+1\s+1\s+false/);
    expect(r.stdout).toContain('1 entry of the file skipped; add --strict to fail (exit 2, nothing written) instead');
    expect(r.stdout).toContain('preservation percent: 66.7');
    // The reasons are the core's wording; the layout is the CLI's: a count, then `line N: section: reason`.
    expect(r.stdout).toMatch(/^1 issue \(entry skipped\):\n {2}line 5: Vendors: .*globex.*degraded.*$/m);
    expect(r.stdout).toMatch(/^1 warning:\n {2}line 8: Future Enhancements: .*Priority.*$/m);
  });

  it('with --strict exits 2 and writes nothing when an entry would be skipped', async () => {
    const root = gitProject();
    writeFileSync(join(root, 'legacy.md'), LEGACY);
    const strict = await run(['import', 'legacy.md', '--strict', '--json'], { cwd: root });
    expect(strict.code, strict.stderr).toBe(2);
    expect(jsonError(strict).message).toMatch(/^strict import rolled back, nothing was written: 1 problem in .*legacy\.md \(1 entry skipped\)/);
    const list = await run(['vendor', 'list', '--json'], { cwd: root });
    expect(JSON.parse(list.stdout)).toMatchObject({ count: 0 });
  });

  it('names the file it did not find, and says a folder is a folder', async () => {
    const root = gitProject();
    const missing = await run(['import', 'nope.md'], { cwd: root });
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`file not found: "${join(root, 'nope.md')}"`);
    expect(missing.stderr).toContain(`next: no file at ${join(root, 'nope.md')}; check the path`);
    expect(missing.stderr).not.toContain('check the id or name');
    const folder = await run(['import', '.'], { cwd: root });
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain('is the project root folder');
    expect(folder.stderr).not.toContain('outside the project root');
    const docs = await run(['import', 'docs'], { cwd: root });
    expect(docs.code).toBe(2);
    expect(docs.stderr).toContain('is a folder');
  });

  it('says so when the file has no issues and no warnings', async () => {
    const root = gitProject();
    writeFileSync(join(root, 'legacy.md'), '# Project Status\n\n## Vendors (1 total)\n- acme: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3\n');
    const r = await run(['import', 'legacy.md', '--dry-run'], { cwd: root });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('no issues, no warnings');
  });
});

describe('the local database and git [sqlite]', { timeout: 120_000 }, () => {
  it('keeps the database out of git when the first command creates it, without init', async () => {
    for (const first of [['work', 'create', 'task', 'First task'], ['import', '../legacy.md']]) {
      const root = gitProject();
      writeFileSync(join(root, 'legacy.md'), LEGACY);
      execFileSync('git', ['add', 'legacy.md'], { cwd: root });
      const r = await run(first, { cwd: join(root, 'docs') });
      expect(r.code, r.stderr).toBe(0);
      // The .gitignore itself is meant to be committed; the database never shows.
      expect(untracked(root), first.join(' ')).toEqual(['?? .project-status/.gitignore']);
    }
  });

  it('writes the same .gitignore as init, and leaves one the user wrote alone', async () => {
    const [byInit, byCommand, own] = [gitProject(), gitProject(), gitProject()];
    expect((await run(['init'], { cwd: byInit })).code).toBe(0);
    expect((await run(['vendor', 'list'], { cwd: byCommand })).code).toBe(0);
    const gitignore = (dir: string) => readFileSync(join(dir, '.project-status', '.gitignore'), 'utf8');
    expect(gitignore(byCommand)).toBe(gitignore(byInit));
    expect(gitignore(byCommand)).toMatch(/^status\.db\*$/m);

    mkdirSync(join(own, '.project-status'));
    writeFileSync(join(own, '.project-status', '.gitignore'), '*\n');
    expect((await run(['vendor', 'list'], { cwd: own })).code).toBe(0);
    expect(gitignore(own)).toBe('*\n');
  });
});
