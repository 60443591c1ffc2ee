import {
  VersionConflictError,
  type ArchiveFacts,
  type ArchivedWorkItem,
  type ChangedRow,
  type Enhancement,
  type EntityType,
  type HistoryEntry,
  type ListEnhancementsInput,
  type Page,
  type ProjectConfiguration,
  type QueryArchivedInput,
  type VersionedChange,
} from '@project-status/core';
import { jsonParam, keyed, type SqlExecutor } from './executor.js';
import { countedPage, insertRows, placeholders, Where, workItemWhere } from './fragments.js';
import { iso, toArchivedWorkItem, toConfiguration, toEnhancement, toHistoryEntry, WORK_ITEM_COLUMNS } from './mappers.js';
import { encode, versionedUpdate } from './work-item-queries.js';

// ---- configuration (singleton row id = 1) ----------------------------------

const CONFIG_COLUMNS =
  'active_context_type, current_session_id, git_branch, git_head_commit, default_token_budget, database_healthy, last_health_check_at, version, updated_at, updated_by';

export async function getConfiguration(ex: SqlExecutor): Promise<ProjectConfiguration | null> {
  const row = await ex.get(`select ${CONFIG_COLUMNS} from project_configuration where id = 1`);
  return row ? toConfiguration(row) : null;
}

/** Insert when never written (expected 0), else a version-conditional update. */
export async function saveConfiguration(ex: SqlExecutor, c: ProjectConfiguration, expectedVersion: number): Promise<ProjectConfiguration> {
  const healthy = ex.engine === 'postgres' ? (c.database_healthy as unknown as number) : encode('plain', c.database_healthy);
  const values = [c.active_context_type, c.current_session_id, c.git_branch, c.git_head_commit, c.default_token_budget, healthy, c.last_health_check_at, c.updated_at, c.updated_by];
  if (expectedVersion === 0) {
    const inserted = await ex.run(
      `insert into project_configuration (id, active_context_type, current_session_id, git_branch, git_head_commit, default_token_budget, database_healthy, last_health_check_at, updated_at, updated_by, version)
       values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) on conflict (id) do nothing`,
      values as never,
    );
    if (inserted === 1) return (await getConfiguration(ex))!;
  } else {
    const changed = await ex.run(
      `update project_configuration set active_context_type = ?, current_session_id = ?, git_branch = ?, git_head_commit = ?, default_token_budget = ?, database_healthy = ?, last_health_check_at = ?, updated_at = ?, updated_by = ?, version = version + 1
       where id = 1 and version = ?`,
      [...values, expectedVersion] as never,
    );
    if (changed === 1) return (await getConfiguration(ex))!;
  }
  const current = await getConfiguration(ex);
  throw VersionConflictError.mismatch({
    entity: 'configuration',
    id: 'singleton',
    expected_version: expectedVersion,
    current_version: current?.version ?? 0,
    last_updated_by: current?.updated_by ?? null,
    updated_at: current?.updated_at ?? null,
  });
}

// ---- enhancements --------------------------------------------------------------

const ENHANCEMENT_COLUMNS =
  'id, title, description, priority, status, target_quarter, requires_constitutional_principles, work_item_ids, version, created_at, updated_at, created_by, updated_by';

/** An enhancement by id. */
const ENHANCEMENT_BY_ID = keyed(`select ${ENHANCEMENT_COLUMNS} from enhancements where id = ?`);

export async function getEnhancement(ex: SqlExecutor, id: string): Promise<Enhancement | null> {
  const row = await ex.get(ENHANCEMENT_BY_ID, [id]);
  return row ? toEnhancement(row) : null;
}

export async function listEnhancements(ex: SqlExecutor, f: ListEnhancementsInput): Promise<Page<Enhancement>> {
  const where = new Where();
  if (f.priority) where.add('priority = ?', f.priority);
  if (f.status) where.add('status = ?', f.status);
  if (f.target_quarter) where.add('target_quarter = ?', f.target_quarter);
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n from enhancements ${where}`, params: where.params },
    { sql: `select ${ENHANCEMENT_COLUMNS} from enhancements ${where} order by priority, created_at desc, id desc limit ? offset ?`, params: [...where.params, f.limit, f.offset] },
    'p.priority, p.created_at desc, p.id desc',
  );
  return { rows: rows.map(toEnhancement), total };
}

export async function insertEnhancements(ex: SqlExecutor, rows: readonly Enhancement[]): Promise<void> {
  await insertRows(ex, 'enhancements', ENHANCEMENT_COLUMNS.split(', '), rows.map((e) => [
    e.id, e.title, e.description, e.priority, e.status, e.target_quarter, jsonParam(e.requires_constitutional_principles), jsonParam(e.work_item_ids),
    e.version, e.created_at, e.updated_at, e.created_by, e.updated_by,
  ]));
}

export function insertEnhancement(ex: SqlExecutor, e: Enhancement): Promise<void> {
  return insertEnhancements(ex, [e]);
}

export function updateEnhancement(ex: SqlExecutor, change: VersionedChange<Enhancement>): Promise<Enhancement> {
  return versionedUpdate(
    ex,
    {
      table: 'enhancements',
      entity: 'enhancement',
      columns: ENHANCEMENT_COLUMNS,
      writable: { title: 'plain', description: 'plain', priority: 'plain', status: 'plain', target_quarter: 'plain', requires_constitutional_principles: 'json', work_item_ids: 'json' },
      map: toEnhancement,
    },
    change,
  );
}

// ---- history -------------------------------------------------------------------

export async function getHistory(ex: SqlExecutor, entityType: EntityType, entityId: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>> {
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n from history where entity_type = ? and entity_id = ?`, params: [entityType, entityId] },
    { sql: `select * from history where entity_type = ? and entity_id = ? order by at desc, id desc limit ? offset ?`, params: [entityType, entityId, page.limit, page.offset] },
    'p.at desc, p.id desc',
  );
  return { rows: rows.map(toHistoryEntry), total };
}

/**
 * Completed live items per UTC day from `since`, each dated by its last history entry setting status to
 * completed. Driven from the completed items updated since then (a completion is never after the last
 * update), each looking up its own history through the (entity_type, entity_id, at) index, so the cost
 * follows the completions in the window, not the size of the history.
 */
export async function countCompletions(ex: SqlExecutor, since: string): Promise<{ day: string; completed: number }[]> {
  const pg = ex.engine === 'postgres';
  const completes = pg ? `h.changes->'status'->>'new' = 'completed'` : `json_extract(h.changes, '$.status.new') = 'completed'`;
  const day = pg ? `to_char(c.at at time zone 'UTC', 'YYYY-MM-DD')` : 'substr(c.at, 1, 10)';
  const rows = await ex.all(
    `select ${day} as day, count(*) as n from (
       select (select max(h.at) from history h where h.entity_type = 'work_item' and h.entity_id = cast(w.id as text) and h.at >= ? and ${completes}) as at
       from work_items w where w.status = 'completed' and w.deleted_at is null and w.updated_at >= ?
     ) c where c.at is not null group by ${day} order by 1`,
    [since, since],
  );
  return rows.map((r) => ({ day: String(r.day), completed: Number(r.n) }));
}

// ---- archive ---------------------------------------------------------------------

const ELIGIBLE = `created_at < ? and (status = 'completed' or deleted_at is not null)`;

/** Facts for every live item in a tree (same root id: path chars 2–37) holding an eligible item. */
export async function getArchiveFacts(ex: SqlExecutor, cutoff: string): Promise<ArchiveFacts[]> {
  const rows = await ex.all(
    `select id, path, status, deleted_at, created_at from work_items
     where substr(path, 2, 36) in (select substr(path, 2, 36) from work_items where ${ELIGIBLE})`,
    [cutoff],
  );
  return rows.map((r) => ({ id: String(r.id), path: String(r.path), status: String(r.status), deleted_at: r.deleted_at == null ? null : iso(r.deleted_at), created_at: iso(r.created_at) }));
}

export async function archiveWorkItems(ex: SqlExecutor, ids: readonly string[], cutoff: string, archivedAt: string): Promise<ChangedRow[]> {
  const moved: ChangedRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    const rows = await ex.all<{ id: string; version: number }>(`select id, version from work_items where id in ${placeholders(chunk)} and ${ELIGIBLE}`, [...chunk, cutoff]);
    if (rows.length === 0) continue;
    const eligible = rows.map((r) => String(r.id));
    const list = placeholders(eligible);
    await ex.run(`insert into archived_work_items (${WORK_ITEM_COLUMNS}, archived_at) select ${WORK_ITEM_COLUMNS}, ? from work_items where id in ${list}`, [archivedAt, ...eligible]);
    await ex.run(`delete from work_items where id in ${list}`, eligible);
    moved.push(...rows.map((r) => ({ id: String(r.id), version: Number(r.version) })));
  }
  return moved;
}

export async function listArchived(ex: SqlExecutor, f: QueryArchivedInput): Promise<Page<ArchivedWorkItem>> {
  const where = workItemWhere(ex, { ...f, include_deleted: true }, 'w');
  if (f.archived_after) where.add('w.archived_at >= ?', new Date(f.archived_after).toISOString());
  if (f.archived_before) where.add('w.archived_at <= ?', new Date(f.archived_before).toISOString());
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n from archived_work_items w ${where}`, params: where.params },
    { sql: `select w.* from archived_work_items w ${where} order by w.archived_at desc, w.id desc limit ? offset ?`, params: [...where.params, f.limit, f.offset] },
    'p.archived_at desc, p.id desc',
  );
  return { rows: rows.map(toArchivedWorkItem), total };
}
