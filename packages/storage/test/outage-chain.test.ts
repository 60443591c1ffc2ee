import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServedBy } from '@project-status/core';
import { openProjectStatus } from '../src/index.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import { seedFallbackProject } from './fallback-fixture.js';

/**
 * The whole chain with the default layers (issue 12): the SQLite primary is
 * destroyed, then reads come from the cache; with the cache deleted, from the
 * newest committed snapshot in git; with git gone, from the markdown report.
 * A write queued meanwhile shows in the report's pending section.
 */
let db: TestDatabase;
let seeded: Awaited<ReturnType<typeof seedFallbackProject>>;
const FAST = { probeIntervalMs: 50 };
const git = (root: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'pipe' });

beforeAll(async () => {
  db = createSqliteDatabase();
  git(db.root, 'init', '-q');
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true, fallback: FAST });
  seeded = await seedFallbackProject(ps);
  await ps.export_snapshot({});
  await ps.generate_status_report({ write_file: true });
  git(db.root, 'add', '.project-status/snapshot.json');
  git(db.root, 'commit', '-q', '-m', 'snapshot');
  await ps.fallback!.refresh();
  await ps.close();
  writeFileSync(db.file!, Buffer.alloc(8192, 7));
});
afterAll(async () => {
  await db.drop();
});

const vendorsFrom = async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
  try {
    let by: ServedBy | undefined;
    const { vendors } = await ps.list_vendors({}, { onServed: (s) => (by = s) });
    return { names: vendors.map((v) => v.name).sort(), by: by! };
  } finally {
    await ps.close();
  }
};

it('reads from the cache, and mirrors a queued write into the pending section of the report', async () => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: FAST });
  try {
    let by: ServedBy | undefined;
    await ps.update_work_item({ id: seeded.check.id, version: seeded.check.version, status: 'blocked', metadata: { blocked_reason: 'outage' } }, { onServed: (s) => (by = s) });
    expect(by).toMatchObject({ data_source: 'cache', queued: true, outbox_position: 1 });
  } finally {
    await ps.close();
  }
  const report = readFileSync(join(db.root, '.project_status.md'), 'utf8');
  expect(report).toMatch(/## Pending Changes \(1 total/);
  expect(report).toContain(`#1 \`update_work_item\` id=${seeded.check.id}`);
  expect((await vendorsFrom()).by.data_source).toBe('cache');
});

it('with the cache deleted, answers from the committed snapshot in git; with git gone, from the markdown report', async () => {
  rmSync(join(db.root, '.project-status', 'cache.db'), { force: true });
  const fromGit = await vendorsFrom();
  expect(fromGit.names).toEqual(['Acme Extractor', 'globex']);
  expect(fromGit.by.data_source).toBe('git');
  expect(fromGit.by.warnings).toEqual(expect.arrayContaining(['database_unavailable', 'cache_unavailable', 'read_only_fallback']));

  rmSync(join(db.root, '.git'), { recursive: true, force: true });
  const fromMarkdown = await vendorsFrom();
  expect(fromMarkdown.names).toEqual(['Acme Extractor', 'globex']);
  expect(fromMarkdown.by.data_source).toBe('markdown');
  expect(fromMarkdown.by.warnings).toEqual(expect.arrayContaining(['database_unavailable', 'cache_unavailable', 'git_unavailable', 'read_only_fallback']));
});
