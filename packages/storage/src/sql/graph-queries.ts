import type { DependencyEdge, ReadyWorkQuery, StoredDependency, WorkItem } from '@project-status/core';
import type { SqlExecutor } from './executor.js';
import { placeholders, Where } from './fragments.js';
import { toDependency, toWorkItem, workItemColumns } from './mappers.js';
import { ACTIONABLE, NO_UNFINISHED_BLOCKERS, NOT_HELD } from './work-item-queries.js';

export const DEP_COLUMNS = 'id, source_id, target_id, dependency_type, created_at, created_by';

/** The edge between the two items, in either direction (a pair is unique). */
export async function getDependency(ex: SqlExecutor, edge: DependencyEdge): Promise<StoredDependency | null> {
  const row = await ex.get(
    `select ${DEP_COLUMNS} from work_item_dependencies where (source_id = ? and target_id = ?) or (source_id = ? and target_id = ?)`,
    [edge.source_id, edge.target_id, edge.target_id, edge.source_id],
  );
  return row ? toDependency(row) : null;
}

export async function insertDependency(ex: SqlExecutor, dep: StoredDependency): Promise<void> {
  await ex.run(`insert into work_item_dependencies (${DEP_COLUMNS}) values (?, ?, ?, ?, ?, ?)`, [
    dep.id, dep.source_id, dep.target_id, dep.dependency_type, dep.created_at, dep.created_by,
  ]);
}

export async function deleteDependency(ex: SqlExecutor, edge: DependencyEdge): Promise<boolean> {
  return (await ex.run(`delete from work_item_dependencies where source_id = ? and target_id = ? and dependency_type = ?`, [edge.source_id, edge.target_id, edge.dependency_type])) > 0;
}

/** For each id, the ids that must finish after it (both edge types normalised). */
export async function getSuccessors(ex: SqlExecutor, ids: readonly string[]): Promise<Map<string, string[]>> {
  const result = new Map<string, string[]>();
  if (ids.length === 0) return result;
  const list = placeholders(ids);
  const rows = await ex.all<{ before: string; after: string }>(
    `select source_id as before, target_id as after from work_item_dependencies where dependency_type = 'blocks' and source_id in ${list}
     union all
     select target_id as before, source_id as after from work_item_dependencies where dependency_type = 'depends_on' and target_id in ${list}`,
    [...ids, ...ids],
  );
  for (const { before, after } of rows) {
    const key = String(before);
    const list = result.get(key);
    if (list) list.push(String(after));
    else result.set(key, [String(after)]);
  }
  return result;
}

/** For each waiting id, the live unfinished items it waits for. */
export async function getUnfinishedBlockers(ex: SqlExecutor, ids: readonly string[]): Promise<Map<string, WorkItem[]>> {
  const result = new Map<string, WorkItem[]>();
  if (ids.length === 0) return result;
  const list = placeholders(ids);
  const rows = await ex.all(
    `select d.target_id as waiting, ${workItemColumns('b')} from work_item_dependencies d join work_items b on b.id = d.source_id
       where d.dependency_type = 'blocks' and d.target_id in ${list} and b.status <> 'completed' and b.deleted_at is null
     union all
     select d.source_id as waiting, ${workItemColumns('b')} from work_item_dependencies d join work_items b on b.id = d.target_id
       where d.dependency_type = 'depends_on' and d.source_id in ${list} and b.status <> 'completed' and b.deleted_at is null`,
    [...ids, ...ids],
  );
  for (const row of rows) {
    const key = String(row.waiting);
    const item = toWorkItem(row);
    const list = result.get(key);
    if (list) list.push(item);
    else result.set(key, [item]);
  }
  return result;
}

/** Ready work, most urgent first, then highest in the tree. */
export async function listReadyWork(ex: SqlExecutor, q: ReadyWorkQuery): Promise<WorkItem[]> {
  const where = new Where().add(`w.status = 'active'`).add('w.deleted_at is null').add(ACTIONABLE);
  if (!q.include_assigned) where.add(NOT_HELD, q.now);
  if (q.max_priority) where.add('w.priority <= ?', q.max_priority);
  if (q.item_type) where.add('w.item_type = ?', q.item_type);
  if (q.parent_path) where.add('w.path like ?', `${q.parent_path}/%`);
  where.add(NO_UNFINISHED_BLOCKERS);
  const rows = await ex.all(`select ${workItemColumns('w')} from work_items w ${where} order by w.priority, w.depth, w.created_at, w.id limit ? offset ?`, [...where.params, q.limit, q.offset ?? 0]);
  return rows.map(toWorkItem);
}
