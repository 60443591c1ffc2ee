import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ServedBy, Store } from '@project-status/core';
import { createGitLayer, createMarkdownLayer, keepViewOpen, openProjectStatus, openSnapshotStore, type KeptLayer } from '../src/index.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import { seedFallbackProject } from './fallback-fixture.js';

/**
 * A long-lived process with the database down and no cache (issue 12, "fast
 * while down"): the git or markdown view is opened once and kept while its
 * source is unchanged, rebuilt when a new snapshot is committed or the report
 * changes, and opened once by concurrent first calls. Opens are counted by the
 * layer (`opens`), not timed.
 */
let db: TestDatabase;
const FAST = { probeIntervalMs: 50 };
const SNAPSHOT = join('.project-status', 'snapshot.json');
const REPORT = '.project_status.md';
let later: { snapshot: string; report: string };
const git = (root: string, ...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: root, stdio: 'pipe' });

beforeAll(async () => {
  db = createSqliteDatabase();
  git(db.root, 'init', '-q');
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true, fallback: FAST });
  await seedFallbackProject(ps);
  await ps.export_snapshot({});
  await ps.generate_status_report({ write_file: true });
  git(db.root, 'add', SNAPSHOT);
  git(db.root, 'commit', '-q', '-m', 'snapshot');
  const report = readFileSync(join(db.root, REPORT), 'utf8');
  // What the files say after a change made while the database is down; the test starts with the older ones.
  await ps.create_vendor({ name: 'initech' });
  await ps.export_snapshot({});
  await ps.generate_status_report({ write_file: true });
  later = { snapshot: readFileSync(join(db.root, SNAPSHOT), 'utf8'), report: readFileSync(join(db.root, REPORT), 'utf8') };
  await ps.close();
  git(db.root, 'checkout', '-q', '--', SNAPSHOT);
  writeFileSync(join(db.root, REPORT), report);
  rmSync(join(db.root, '.project-status', 'cache.db'), { force: true });
  writeFileSync(db.file!, Buffer.alloc(8192, 7));
});
/**
 * A git that logs its arguments, then runs the real one: how many times the snapshot was read
 * (`git cat-file`) is observable without the layer's own counter.
 */
const loggingGit = (name: string) => {
  const script = join(db.root, `${name}.sh`);
  const log = join(db.root, `${name}.log`);
  writeFileSync(script, `#!/bin/sh\necho "$*" >> '${log}'\nexec git "$@"\n`);
  chmodSync(script, 0o755);
  const snapshotReads = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('cat-file')).length : 0);
  return { script, snapshotReads };
};
afterAll(async () => {
  await db.drop();
});

/** A process with the given layers; the primary is destroyed and there is no cache. */
const server = async (layers: KeptLayer[]) => {
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { ...FAST, layers: () => layers } });
  const vendors = async () => {
    let by: ServedBy | undefined;
    const { vendors } = await ps.list_vendors({}, { onServed: (s) => (by = s) });
    return { names: vendors.map((v) => v.name).sort(), by: by! };
  };
  return { ps, vendors };
};

it('keeps the git view open between reads, and rebuilds it once a new snapshot is committed', async () => {
  const logged = loggingGit('git-kept');
  const gitLayer = createGitLayer({ root: db.root, recheckMs: 0, gitBinary: logged.script });
  const { ps, vendors } = await server([gitLayer]);
  try {
    const first = await vendors();
    expect(first.names).toEqual(['Acme Extractor', 'globex']);
    expect(first.by.data_source).toBe('git');
    expect(first.by.warnings).toEqual(expect.arrayContaining(['database_unavailable', 'cache_unavailable', 'read_only_fallback']));
    const second = await vendors();
    expect(second).toEqual(first);
    await ps.list_ready_work({});
    expect(logged.snapshotReads()).toBe(1);
    expect(gitLayer.opens).toBe(1);

    writeFileSync(join(db.root, SNAPSHOT), later.snapshot);
    // Not committed yet: the working tree is not what the layer serves.
    expect((await vendors()).names).toEqual(['Acme Extractor', 'globex']);
    expect(gitLayer.opens).toBe(1);
    git(db.root, 'add', SNAPSHOT);
    git(db.root, 'commit', '-q', '-m', 'newer snapshot');
    const third = await vendors();
    expect(third.names).toEqual(['Acme Extractor', 'globex', 'initech']);
    expect(third.by.data_source).toBe('git');
    expect(gitLayer.opens).toBe(2);
    await vendors();
    expect(gitLayer.opens).toBe(2);
    expect(logged.snapshotReads()).toBe(2);
  } finally {
    await ps.close();
  }
});

it('opens the view once for concurrent first reads', async () => {
  const logged = loggingGit('git-concurrent');
  const gitLayer = createGitLayer({ root: db.root, gitBinary: logged.script });
  const { ps, vendors } = await server([gitLayer]);
  try {
    const all = await Promise.all(Array.from({ length: 6 }, () => vendors()));
    expect(new Set(all.map((r) => r.by.data_source))).toEqual(new Set(['git']));
    expect(logged.snapshotReads()).toBe(1);
    expect(gitLayer.opens).toBe(1);
  } finally {
    await ps.close();
  }
});

it('keeps the markdown view open while the report is unchanged, and reads it again once it changes', async () => {
  // A git layer that cannot answer (no repository there), so the markdown report serves.
  const gitLayer = createGitLayer({ root: db.root, gitBinary: join(db.root, 'no-git-here') });
  const markdown = createMarkdownLayer({ root: db.root });
  const { ps, vendors } = await server([gitLayer, markdown]);
  try {
    const [a, b] = await Promise.all([vendors(), vendors()]);
    expect(a.by.data_source).toBe('markdown');
    expect(a.by.warnings).toEqual(expect.arrayContaining(['git_unavailable', 'markdown_partial_view']));
    expect(b).toEqual(a);
    expect((await vendors()).names).toEqual(['Acme Extractor', 'globex']);
    expect(markdown.opens).toBe(1);

    writeFileSync(join(db.root, REPORT), later.report);
    expect((await vendors()).names).toEqual(['Acme Extractor', 'globex', 'initech']);
    expect(markdown.opens).toBe(2);
    await vendors();
    expect(markdown.opens).toBe(2);
  } finally {
    await ps.close();
  }
});

it('closes the kept views with the process, and a closed store handed out does not close the kept view', async () => {
  const markdown = createMarkdownLayer({ root: db.root });
  const first = await markdown.open();
  expect(first.ok).toBe(true);
  if (!first.ok) return;
  await first.read.store.close();
  const again = await markdown.open();
  expect(again.ok && (await again.read.store.listVendors()).length).toBeGreaterThan(0);
  expect(markdown.opens).toBe(1);
  await markdown.close!();
  expect(await markdown.open()).toMatchObject({ ok: false, reason: expect.stringMatching(/^markdown_closed: /) });
  await expect(again.ok ? again.read.store.listVendors() : Promise.resolve()).rejects.toThrow();
});

it('closes a replaced view once it is retired, and every view when the layer closes: no in-memory database is left open', async () => {
  let key = 'first';
  const views: Store[] = [];
  const layer = keepViewOpen('git', {
    key: async () => key,
    retireMs: 0,
    open: async () => {
      const store = await openSnapshotStore({ vendors: [], work_items: [], dependencies: [], deployments: [], enhancements: [], configuration: null }, { source: 'git', describe: `view ${key}`, as_of: null });
      views.push(store);
      return { ok: true, read: { store, source: 'git', as_of: null, warnings: [] } };
    },
  });
  await layer.open();
  await layer.open();
  expect(views).toHaveLength(1);
  key = 'second';
  const second = await layer.open();
  expect(views).toHaveLength(2);
  expect(layer.opens).toBe(2);
  // The retired view closes on its (zero-delay) timer; the newer one stays open.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await expect(views[0]!.listVendors()).rejects.toThrow();
  expect(second.ok && (await second.read.store.listVendors())).toEqual([]);
  await layer.close!();
  await expect(views[1]!.listVendors()).rejects.toThrow();
});
