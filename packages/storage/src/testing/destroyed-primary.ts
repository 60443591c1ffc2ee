import { writeFileSync } from 'node:fs';
import { openProjectStatus } from '../open/open.js';
import { createSqliteDatabase, type TestDatabase } from './databases.js';

/**
 * An outage the surface tests share: a SQLite project whose local cache holds
 * one work item, after which the database file itself is overwritten with
 * garbage — only the fallback layers can answer from then on.
 *
 * @example
 * const { db, itemId } = await createDestroyedPrimary('cached for the outage');
 * const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, fallback: { probeIntervalMs: 50 } });
 */
export async function createDestroyedPrimary(title: string): Promise<{ db: TestDatabase; itemId: string }> {
  const db = createSqliteDatabase();
  const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, create: true, fallback: { probeIntervalMs: 50 } });
  const itemId = (await ps.create_work_item({ item_type: 'task', title })).id;
  await ps.fallback!.refresh();
  await ps.close();
  writeFileSync(db.file!, Buffer.alloc(8192, 7));
  return { db, itemId };
}
