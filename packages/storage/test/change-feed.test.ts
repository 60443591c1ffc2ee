import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ValidationError, type Change, type ChangePage, type HistoryEntry } from '@project-status/core';
import { writeNumberedHistory } from '../src/changes/change-queries.js';
import { describeEachEngine } from '../src/testing/index.js';

const run = promisify(execFile);
const WRITER = fileURLToPath(new URL('./fixtures/change-writer.mjs', import.meta.url));

/** Every change after `after`, page by page. */
async function readAll(list: (input: { after: number; limit: number }) => Promise<ChangePage>, after = 0, limit = 7): Promise<{ changes: Change[]; cursor: number }> {
  const changes: Change[] = [];
  let cursor = after;
  for (;;) {
    const page = await list({ after: cursor, limit });
    changes.push(...page.changes);
    cursor = page.next_cursor;
    if (!page.has_more) return { changes, cursor };
  }
}

/** Takes `n` changes from a watch (fails the test after `ms` instead of hanging). */
async function take(watch: AsyncIterator<Change>, n: number, ms = 20_000): Promise<Change[]> {
  const got: Change[] = [];
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`watch delivered ${got.length} of ${n} changes`)), ms).unref());
  while (got.length < n) {
    const next = await Promise.race([watch.next(), timeout]);
    if (next.done) break;
    got.push(next.value);
  }
  return got;
}

function expectStrictlyIncreasing(changes: Change[]) {
  for (let i = 1; i < changes.length; i++) expect(changes[i]!.seq).toBeGreaterThan(changes[i - 1]!.seq);
}

describeEachEngine('change feed', (ctx) => {
  it('numbers every committed write in commit order, bulk ones included', async () => {
    const ps = ctx.ps();
    const start = (await ps.list_changes({})).head;
    const root = await ps.create_work_item({ item_type: 'project', title: 'Feed', metadata: { description: 'd' } });
    const child = await ps.create_work_item({ item_type: 'task', title: 'child', parent_id: root.id });
    const grandchild = await ps.create_work_item({ item_type: 'task', title: 'grandchild', parent_id: child.id });
    const updated = await ps.update_work_item({ id: child.id, version: child.version, title: 'child renamed' });
    const other = await ps.create_work_item({ item_type: 'task', title: 'other' });
    await ps.add_dependency({ source_id: grandchild.id, target_id: other.id, dependency_type: 'depends_on' });
    const deleted = await ps.update_work_item({ id: root.id, version: root.version, delete: true, cascade: true });
    await ps.update_work_item({ id: root.id, version: deleted.version, restore: true, cascade: true });
    const vendor = await ps.create_vendor({ name: 'feed-vendor', extractor_version: '1.0' });
    await ps.record_deployment({ commit_hash: 'a'.repeat(40), metadata: { pr_number: 1, pr_title: 'feed', test_summary: { passed: 1 }, constitutional_compliance: true }, affected_vendor_ids: [vendor.id], related_work_item_ids: [child.id] });

    const { changes } = await readAll((i) => ps.list_changes(i), start, 3);
    expectStrictlyIncreasing(changes);
    expect(changes[0]!.seq).toBe(start + 1);
    const of = (id: string) => changes.filter((c) => c.entity_id === id).map((c) => `${c.action}@${c.version}`);
    expect(of(child.id)).toEqual(['create@1', `update@${updated.version}`, 'delete@3', 'restore@4']);
    expect(of(grandchild.id).slice(0, 1)).toEqual(['create@1']);
    // The cascade wrote one change per item of the subtree, all in its own transaction.
    expect(changes.filter((c) => c.action === 'delete').map((c) => c.entity_id).sort()).toEqual([root.id, child.id, grandchild.id].sort());
    expect(changes.filter((c) => c.action === 'restore').map((c) => c.entity_id).sort()).toEqual([root.id, child.id, grandchild.id].sort());
    expect(of(vendor.id)).toEqual(['create@1']);
    expect(changes.some((c) => c.entity_type === 'deployment' && c.action === 'create')).toBe(true);
    expect(changes.some((c) => c.entity_type === 'dependency' && c.action === 'link')).toBe(true);
    expect(changes.every((c) => c.actor === 'test')).toBe(true);
    // The feed and the history are one table: get_history shows the same facts.
    const history = await ps.get_history({ entity_type: 'work_item', entity_id: child.id });
    expect(history.total_count).toBe(changes.filter((c) => c.entity_id === child.id).length);
  });

  it('narrows by entity type and id and still moves the cursor past what it left out', async () => {
    const ps = ctx.ps();
    const start = (await ps.list_changes({})).head;
    const a = await ps.create_work_item({ item_type: 'task', title: 'narrow a' });
    await ps.create_vendor({ name: 'narrow-vendor', extractor_version: '1.0' });
    const b = await ps.create_work_item({ item_type: 'task', title: 'narrow b' });
    const onlyB = await ps.list_changes({ after: start, ids: [b.id] });
    expect(onlyB.changes.map((c) => c.entity_id)).toEqual([b.id]);
    expect(onlyB.next_cursor).toBe(onlyB.head);
    const items = await ps.list_changes({ after: start, entity_types: ['work_item'] });
    expect(items.changes.map((c) => c.entity_id)).toEqual([a.id, b.id]);
    const vendors = await ps.list_changes({ after: start, entity_types: ['vendor'] });
    expect(vendors.changes.map((c) => c.action)).toEqual(['create']);
    const empty = await ps.list_changes({ after: onlyB.next_cursor });
    expect(empty).toEqual({ changes: [], next_cursor: onlyB.head, has_more: false, head: onlyB.head });
  });

  it('refuses a garbage cursor, one ahead of the newest change, and one older than what is retained', async () => {
    const ps = ctx.ps();
    for (const after of [-1, 1.5, '7', null, Number.MAX_SAFE_INTEGER + 2]) {
      await expect(ps.call('list_changes', { after })).rejects.toBeInstanceOf(ValidationError);
    }
    await expect(ps.call('list_changes', { after: 0, limit: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(ps.call('list_changes', { entity_types: ['nope'] })).rejects.toBeInstanceOf(ValidationError);
    const { head } = await ps.list_changes({});
    const ahead = await ps.list_changes({ after: head + 1 }).catch((e: unknown) => e);
    expect(ahead).toBeInstanceOf(ValidationError);
    expect((ahead as ValidationError).details).toMatchObject({ reason: 'cursor_ahead', after: head + 1, head });
    expect((ahead as ValidationError).message).toMatch(/resync from a full read/);

    // Retention: drop the oldest rows as a pruning job would.
    const { oldest } = await ps.store.listChanges({ after: 0, limit: 1 });
    const raw = await rawExecutor(ctx);
    try {
      await raw.run('delete from history where seq <= ?', [oldest + 1]);
    } finally {
      await raw.close();
    }
    const expired = await ps.list_changes({ after: oldest }).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(ValidationError);
    expect((expired as ValidationError).details).toMatchObject({ reason: 'cursor_expired', after: oldest, oldest: oldest + 2 });
    // Continuing from just before the oldest retained change is fine.
    await expect(ps.list_changes({ after: oldest + 1 })).resolves.toMatchObject({ has_more: false });
  });

  it('delivers changes another process commits to a watcher here, in order, none missing or twice, across a resume', async () => {
    const ps = ctx.ps();
    const watch = ps.watch({ entity_types: ['work_item'] });
    // Let the watch settle at the current head before the other process writes.
    await new Promise((r) => setTimeout(r, 50));
    const writer = run(process.execPath, [WRITER, ctx.db().url, ctx.db().root, 'proc', '30']);
    const first = await take(watch, 12);
    await watch.close();
    const cursor = watch.cursor!;
    expect(cursor).toBe(first.at(-1)!.seq);
    const ids = JSON.parse((await writer).stdout) as string[];
    const resumed = ps.watch({ after: cursor, entity_types: ['work_item'] });
    const rest = await take(resumed, ids.length - first.length);
    await resumed.close();
    const all = [...first, ...rest];
    expectStrictlyIncreasing(all);
    expect(all.map((c) => c.entity_id)).toEqual(ids);
    expect(all.every((c) => c.actor === 'writer-proc' && c.action === 'create')).toBe(true);
  });

  it('wakes watchers in two processes for writes from two other processes', async () => {
    const ps = ctx.ps();
    const other = await ctx.openClient();
    const here = ps.watch({});
    const there = other.watch({});
    await new Promise((r) => setTimeout(r, 50));
    const writers = await Promise.all([
      run(process.execPath, [WRITER, ctx.db().url, ctx.db().root, 'left', '10']),
      run(process.execPath, [WRITER, ctx.db().url, ctx.db().root, 'right', '10']),
    ]);
    const expected = new Set(writers.flatMap((w) => JSON.parse(w.stdout) as string[]));
    const [a, b] = await Promise.all([take(here, 20), take(there, 20)]);
    await Promise.all([here.close(), there.close()]);
    expect(a).toEqual(b);
    expectStrictlyIncreasing(a);
    expect(new Set(a.map((c) => c.entity_id))).toEqual(expected);
  });

  it('never lets a reader overtake a transaction that took a number and commits late', async () => {
    const ps = ctx.ps();
    const raw = await rawExecutor(ctx);
    const before = (await ps.list_changes({})).head;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let numbered!: () => void;
    const tookNumber = new Promise<void>((r) => (numbered = r));
    const slow = raw.transaction(async (ex) => {
      await writeNumberedHistory(ex, [historyRow('01a30000-0000-7000-8000-000000000001')]);
      numbered();
      await held; // commits late
    });
    await tookNumber;
    let fastDone = false;
    const fast = ps.create_work_item({ item_type: 'task', title: 'fast writer' }).then((item) => ((fastDone = true), item));
    // Readers meanwhile: the late transaction's number is not visible, and nothing after it may be either.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 40));
      expect((await ps.list_changes({ after: before })).changes).toEqual([]);
    }
    expect(fastDone).toBe(false);
    release();
    await slow;
    const item = await fast;
    await raw.close();
    const { changes } = await ps.list_changes({ after: before });
    expect(changes.map((c) => [c.seq, c.entity_id])).toEqual([
      [before + 1, '01a30000-0000-7000-8000-000000000001'],
      [before + 2, item.id],
    ]);
  });

  it('keeps the sequence gap-free of overtaking under concurrent writers in several processes', async () => {
    const ps = ctx.ps();
    const start = (await ps.list_changes({})).head;
    const seen: Change[] = [];
    let cursor = start;
    let writing = true;
    const writers = Promise.all(['c1', 'c2', 'c3'].map((p) => run(process.execPath, [WRITER, ctx.db().url, ctx.db().root, p, '15']))).finally(() => (writing = false));
    // A tight reader: whatever it skips past can never show up later.
    while (writing) {
      const page = await ps.list_changes({ after: cursor, limit: 5 });
      seen.push(...page.changes);
      cursor = page.next_cursor;
      await new Promise((r) => setImmediate(r)); // SQLite answers without leaving the microtask queue
    }
    await writers;
    const rest = await readAll((i) => ps.list_changes(i), cursor);
    seen.push(...rest.changes);
    const truth = await readAll((i) => ps.list_changes(i), start, 1000);
    expect(seen).toEqual(truth.changes);
    expect(seen).toHaveLength(45);
    expectStrictlyIncreasing(seen);
  });
});

function historyRow(entityId: string): HistoryEntry {
  return { id: '01a30000-0000-7000-8000-0000000000aa', entity_type: 'work_item', entity_id: entityId, version: 1, action: 'create', actor: 'late', at: new Date().toISOString(), changes: {} };
}

/** A separate connection straight on the driver, for what no operation does. */
async function rawExecutor(ctx: { engine: 'sqlite' | 'postgres'; db(): { url: string; file?: string } }) {
  if (ctx.engine === 'postgres') {
    const { default: pg } = await import('pg');
    const { PostgresExecutor } = await import('../src/sql/postgres-executor.js');
    return new PostgresExecutor(new pg.Pool({ connectionString: ctx.db().url, max: 1 }));
  }
  const { default: Database } = await import('better-sqlite3');
  const { SqliteExecutor } = await import('../src/sql/sqlite-executor.js');
  const db = new Database(ctx.db().file!);
  db.pragma('busy_timeout = 0');
  return new SqliteExecutor(db, async () => void db.close());
}
