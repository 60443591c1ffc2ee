import Database from 'better-sqlite3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openProjectStatus } from '../src/index.js';
import { createSqliteDatabase, type TestDatabase } from '../src/testing/index.js';
import type { SqlExecutor } from '../src/sql/executor.js';
import { workItemWhere } from '../src/sql/fragments.js';

/**
 * The SQLite plans of the lists the board reads at 100× scale: read in index
 * order, never by sorting every row of a status (a temp B-tree), which cost
 * ~170 ms a page at 120 000 items.
 */
let db: TestDatabase;
let sqlite: Database.Database;

beforeAll(async () => {
  db = createSqliteDatabase();
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
  await ps.close();
  sqlite = new Database(db.file!, { readonly: true });
});

afterAll(async () => {
  sqlite?.close();
  await db?.drop();
});

const plan = (sql: string, ...params: unknown[]) => (sqlite.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

it('lists work items of one status newest first from an index, without sorting them', () => {
  const text = plan(`select * from work_items w where w.status = ? and w.deleted_at is null order by w.updated_at desc, w.id desc limit 25 offset 0`, 'completed');
  expect(text).toContain('work_items_status_updated_idx');
  expect(text).not.toContain('TEMP B-TREE');
});

it('finds held items of a status (the board\'s In progress) in the small index of assigned rows, not by walking the status', () => {
  const where = workItemWhere({ engine: 'sqlite' } as SqlExecutor, { status: 'active', held: true, include_deleted: false, now: '2026-11-30T00:00:00.000Z' });
  const page = plan(`select * from work_items w ${where} order by w.updated_at desc, w.id desc limit 25 offset 0`, ...where.params);
  expect(page).toContain('work_items_held_idx');
  expect(page).not.toContain('TEMP B-TREE');
  expect(plan(`select count(*) as n from work_items w ${where}`, ...where.params)).toContain('work_items_held_idx');
  // Items nobody holds are nearly all of a status: they keep the status walk.
  const free = workItemWhere({ engine: 'sqlite' } as SqlExecutor, { status: 'active', held: false, include_deleted: false, now: '2026-11-30T00:00:00.000Z' });
  expect(plan(`select * from work_items w ${free} order by w.updated_at desc, w.id desc limit 25 offset 0`, ...free.params)).toContain('work_items_status_updated_idx');
});
