import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProjectStatus, SNAPSHOT_FILE, type Deployment } from '@project-status/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/index.js';
import { createGitLayer, deploymentsFromLog, pullRequestFromCommit } from '../src/fallback/git-layer.js';
import type { LayerResult } from '../src/fallback/layer.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import { hash, seedFallbackProject } from './fallback-fixture.js';

const home = mkdtempSync(join(tmpdir(), 'ps-git-home-'));
/** git as a test user: no global or system config, fixed identities, commit times we choose. */
function git(cwd: string, args: string[], date = '2026-11-20T10:00:00Z'): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date },
  });
}
const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `ps-git-${label}-`));
const reasonOf = (r: LayerResult) => (r.ok ? 'ok' : r.reason);

describe('git fallback layer', () => {
  let db: TestDatabase;
  let primary: ProjectStatusHandle;
  const dirs: string[] = [];

  beforeAll(async () => {
    db = createSqliteDatabase();
    git(db.root, ['init', '-q']);
    primary = await openProjectStatus({ root: db.root, databaseUrl: db.url, clientId: 'seeder' });
    await seedFallbackProject(primary);
    git(db.root, ['commit', '-q', '--allow-empty', '-m', 'Start']);
    await primary.export_snapshot({});
    git(db.root, ['add', SNAPSHOT_FILE]);
    git(db.root, ['commit', '-q', '-m', 'Add the outbox (#41)'], '2026-11-21T09:30:00Z');
    git(db.root, ['commit', '-q', '--allow-empty', '-m', 'Improve replay (#57)'], '2026-11-22T08:00:00Z');
    git(db.root, ['commit', '-q', '--allow-empty', '-m', 'Merge pull request #58 from me/resync', '-m', 'Resync on reconnect'], '2026-11-23T08:00:00Z');
    git(db.root, ['commit', '-q', '--allow-empty', '-m', 'wip: no pull request here'], '2026-11-24T08:00:00Z');
  });
  afterAll(async () => {
    await primary?.close();
    await db?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it('serves the committed snapshot as of the commit that last changed it', async () => {
    const result = await createGitLayer({ root: db.root }).open();
    expect(reasonOf(result)).toBe('ok');
    if (!result.ok) return;
    const { store, source, as_of, warnings } = result.read;
    try {
      expect(source).toBe('git');
      expect(store.engine).toBe('git');
      expect(as_of).toBe('2026-11-21T09:30:00.000Z');
      expect(warnings).toEqual(['deployments_from_git_log']);
      const view = createProjectStatus({ store });
      expect(await view.list_vendors({ detail: 'full' })).toEqual(await primary.list_vendors({ detail: 'full' }));
      expect(await view.list_work_items({ include_deleted: true, detail: 'full' })).toEqual(await primary.list_work_items({ include_deleted: true, detail: 'full' }));
      expect((await view.list_ready_work({})).items.map((i) => i.title)).toEqual((await primary.list_ready_work({})).items.map((i) => i.title));
    } finally {
      await store.close();
    }
  });

  it('adds the pull requests merged since, from the commit log, without repeating recorded ones', async () => {
    const result = await createGitLayer({ root: db.root }).open();
    if (!result.ok) throw new Error(result.reason);
    try {
      const { deployments } = await createProjectStatus({ store: result.read.store }).list_deployments({ detail: 'full' });
      const rows = (deployments as Deployment[]).map((d) => [d.metadata.pr_number, d.metadata.pr_title, d.deployed_at, d.created_by]);
      expect(rows).toEqual([
        [58, 'Resync on reconnect', '2026-11-23T08:00:00.000Z', 'git-log'],
        [57, 'Improve replay', '2026-11-22T08:00:00.000Z', 'git-log'],
        [42, 'PR #42', '2026-11-03T00:00:00.000Z', 'seeder'],
        [41, 'Add the outbox', '2026-11-02T10:00:00.000Z', 'seeder'],
      ]);
      const fromLog = (deployments as Deployment[])[0]!;
      expect(fromLog.commit_hash).toMatch(/^[0-9a-f]{40}$/);
      expect(fromLog.commit_hash).toBe(git(db.root, ['rev-parse', 'HEAD~1']).trim());
      expect(fromLog.metadata).toMatchObject({ source: 'git_log', test_summary: {} });
    } finally {
      await result.read.store.close();
    }
  });

  it('reads the committed snapshot from a linked worktree, whatever the working tree holds', async () => {
    const wt = join(tempDir('wt-parent'), 'wt');
    dirs.push(wt, join(wt, '..'));
    git(db.root, ['worktree', 'add', '-q', '-b', 'side', wt]);
    writeFileSync(join(wt, SNAPSHOT_FILE), '{ edited by hand, not committed');
    const result = await createGitLayer({ root: wt }).open();
    expect(reasonOf(result)).toBe('ok');
    if (result.ok) {
      expect((await createProjectStatus({ store: result.read.store }).list_vendors({})).vendors).toHaveLength(2);
      await result.read.store.close();
    }
  });

  it('has nothing in a repository without commits', async () => {
    const dir = tempDir('empty');
    dirs.push(dir);
    git(dir, ['init', '-q']);
    expect(reasonOf(await createGitLayer({ root: dir }).open())).toMatch(/^no_commits: /);
  });

  it('has nothing outside a git repository', async () => {
    const dir = tempDir('plain');
    dirs.push(dir);
    expect(reasonOf(await createGitLayer({ root: dir, env: { ...process.env, GIT_CEILING_DIRECTORIES: tmpdir() } }).open())).toMatch(/^no_git_repository: /);
  });

  it('has nothing when the snapshot is only in the working tree, not committed', async () => {
    const dir = tempDir('uncommitted');
    dirs.push(dir);
    git(dir, ['init', '-q']);
    git(dir, ['commit', '-q', '--allow-empty', '-m', 'Start (#1)']);
    mkdirSync(join(dir, '.project-status'));
    writeFileSync(join(dir, SNAPSHOT_FILE), readFileSync(join(db.root, SNAPSHOT_FILE)));
    expect(reasonOf(await createGitLayer({ root: dir }).open())).toMatch(/^no_committed_snapshot: /);
  });

  it('says git is unavailable when it is not on PATH, or not where it was said to be', async () => {
    const empty = tempDir('nopath');
    dirs.push(empty);
    expect(reasonOf(await createGitLayer({ root: db.root, env: { ...process.env, PATH: empty } }).open())).toMatch(/^git_unavailable: git is not installed/);
    expect(reasonOf(await createGitLayer({ root: db.root, gitBinary: join(empty, 'git') }).open())).toMatch(/^git_unavailable: /);
  });

  it('refuses a committed snapshot that is not valid JSON, or not a snapshot, instead of serving it', async () => {
    const dir = tempDir('broken');
    dirs.push(dir);
    git(dir, ['init', '-q']);
    mkdirSync(join(dir, '.project-status'));
    writeFileSync(join(dir, SNAPSHOT_FILE), '{"format": "project-status-snapshot", "vendors": [');
    git(dir, ['add', SNAPSHOT_FILE]);
    git(dir, ['commit', '-q', '-m', 'Half a snapshot']);
    expect(reasonOf(await createGitLayer({ root: dir }).open())).toMatch(/^snapshot_invalid_json: the \.project-status\/snapshot\.json committed in [0-9a-f]{12} is not valid JSON/);
    writeFileSync(join(dir, SNAPSHOT_FILE), JSON.stringify({ format: 'project-status-snapshot', schema_version: 1, vendors: 'many' }));
    git(dir, ['commit', '-q', '-am', 'Not a snapshot']);
    expect(reasonOf(await createGitLayer({ root: dir }).open())).toMatch(/^snapshot_invalid: /);
    expect(reasonOf(await createGitLayer({ root: dir, maxSnapshotBytes: 10 }).open())).toMatch(/^snapshot_too_large: /);
  });
});

describe('pull requests in commit subjects', () => {
  it('reads squash merges and merge commits, and nothing else', () => {
    expect(pullRequestFromCommit('Add the outbox (#41)')).toEqual({ pr_number: 41, pr_title: 'Add the outbox' });
    expect(pullRequestFromCommit('Merge pull request #58 from me/resync', '\nResync on reconnect\n')).toEqual({ pr_number: 58, pr_title: 'Resync on reconnect' });
    expect(pullRequestFromCommit('Merge pull request #59 from me/x')).toEqual({ pr_number: 59, pr_title: 'Merge pull request #59 from me/x' });
    expect(pullRequestFromCommit('Fix #12 in the parser')).toBeNull();
    expect(pullRequestFromCommit('(#5)')).toBeNull();
    expect(pullRequestFromCommit('Merge branch main')).toBeNull();
  });

  it('skips records that are not a full commit hash and a time', () => {
    const log = [`${hash('c')}\x1f2026-11-01T00:00:00+01:00\x1fShip it (#7)\x1f\x1e`, '\nnot-a-hash\x1f2026\x1fShip (#8)\x1f\x1e', `\n${hash('d')}\x1fnot a date\x1fShip (#9)\x1f\x1e`].join('');
    expect(deploymentsFromLog(log).map((d) => [d.metadata.pr_number, d.deployed_at, d.id])).toEqual([[7, '2026-10-31T23:00:00.000Z', 'cccccccc-cccc-8ccc-8ccc-cccccccccccc']]);
  });
});
