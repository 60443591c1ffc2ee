import {
  MAX_DEPTH,
  MAX_SHORT_ID_LENGTH,
  NotFoundError,
  prefixUpperBound,
  shortIdFor,
  VersionConflictError,
  type ChangedRow,
  type Lease,
  type Note,
  type RestoredRow,
  type ShortIdMatch,
  type VersionedChange,
  type WorkItem,
  type WorkItemQuery,
} from '@project-status/core';
import { jsonParam, keyed, type SqlExecutor, type SqlParam } from './executor.js';
import { count, countedPage, heldClause, notHeldClause, placeholders, SUBTREE_CTE, Where, workItemWhere } from './fragments.js';
import { iso, toNote, toWorkItem, WORK_ITEM_COLUMNS, workItemColumns } from './mappers.js';

/** A work item by id. */
const WORK_ITEM_BY_ID = keyed(`select ${WORK_ITEM_COLUMNS} from work_items where id = ?`);

export async function getWorkItem(ex: SqlExecutor, id: string): Promise<WorkItem | null> {
  const row = await ex.get(WORK_ITEM_BY_ID, [id]);
  return row ? toWorkItem(row) : null;
}

export async function getWorkItems(ex: SqlExecutor, ids: readonly string[]): Promise<WorkItem[]> {
  if (ids.length === 0) return [];
  const rows = await ex.all(`select ${WORK_ITEM_COLUMNS} from work_items where id in ${placeholders(ids)}`, ids as string[]);
  return rows.map(toWorkItem);
}

export async function listWorkItems(ex: SqlExecutor, filter: WorkItemQuery, page: { limit: number; offset: number }) {
  const where = workItemWhere(ex, filter);
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n from work_items w ${where}`, params: where.params },
    { sql: `select ${workItemColumns('w')} from work_items w ${where} order by w.updated_at desc, w.id desc limit ? offset ?`, params: [...where.params, page.limit, page.offset] },
    'p.updated_at desc, p.id desc',
  );
  return { rows: rows.map(toWorkItem), total };
}

/**
 * Query text → FTS5 query: every word a quoted term, all required; a word
 * ending in `*` (`writ*`) is a prefix term. Only words and that one star pass,
 * so user text can never carry FTS5 syntax.
 */
export function ftsQuery(text: string): string {
  return [...text.matchAll(/([\p{L}\p{N}_]+)(\*)?/gu)].map(([, word, star]) => `"${word}"${star ? ' *' : ''}`).join(' ');
}

/**
 * Query text → PostgreSQL `to_tsquery` text: words joined with `&`, a word
 * ending in `*` a prefix (`writ:*`). Words are letters and digits only, so no
 * tsquery operator, quote or weight from the user reaches the parser.
 */
export function tsQuery(text: string): string {
  return [...text.matchAll(/([\p{L}\p{N}]+)(\*)?/gu)].map(([, word, star]) => `${word}${star ? ':*' : ''}`).join(' & ');
}

/** Text without combining marks (NFD, U+0300–U+036F dropped): what PostgreSQL's search documents hold. */
export function foldAccents(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
}

/** True when the only filter is liveness: the search can then rank and page inside the index. */
function onlyLiveness(filter: WorkItemQuery): boolean {
  return !filter.item_type && !filter.status && !filter.priority && filter.parent_id === undefined && !filter.branch_name && !filter.assignee && !filter.label && filter.held === undefined;
}

/**
 * Ranked full-text search. Ties in rank go to the newest item. Without
 * filters beyond liveness the index ranks, counts and pages on its own and only
 * the returned page is joined to `work_items` (at 120 000 items: tens of ms
 * saved on a common word); with filters every match is joined and filtered.
 */
export async function searchWorkItems(ex: SqlExecutor, query: string, filter: WorkItemQuery, page: { limit: number; offset: number }) {
  const fast = onlyLiveness(filter);
  if (ex.engine === 'postgres') {
    // plainto_tsquery keeps PostgreSQL's own tokens (a version such as 1.2.3) for plain text; a trailing * needs to_tsquery.
    const prefix = query.includes('*');
    const tsq = prefix ? `to_tsquery('english', ?)` : `plainto_tsquery('english', ?)`;
    // Folded as the documents are (Migration20261130400000_search_folds_accents): `équipe` finds `Equipe`, and the reverse.
    const folded = foldAccents(query);
    const text = prefix ? tsQuery(folded) : folded;
    if (!text) return { rows: [], total: 0 };
    if (fast) {
      const live = filter.include_deleted ? '' : 'and live';
      const { rows, total } = await countedPage(
        ex,
        { sql: `select count(*) as n from work_items_fts where document @@ ${tsq} ${live}`, params: [text] },
        {
          sql: `select ${workItemColumns('w')}, f.rank as search_rank from (select id, ts_rank(document, q) as rank from work_items_fts, ${tsq} q where document @@ q ${live} order by rank desc, id desc limit ? offset ?) f
           join work_items w on w.id = f.id`,
          params: [text, page.limit, page.offset],
        },
        'p.search_rank desc, p.id desc',
      );
      return { rows: rows.map(toWorkItem), total };
    }
    const where = workItemWhere(ex, filter, 'w', new Where().add(`f.document @@ ${tsq}`, text));
    const from = 'from work_items w join work_items_fts f on f.id = w.id';
    const { rows, total } = await countedPage(
      ex,
      { sql: `select count(*) as n ${from} ${where}`, params: where.params },
      {
        sql: `select ${workItemColumns('w')}, ts_rank(f.document, ${tsq}) as search_rank ${from} ${where} order by search_rank desc, f.id desc limit ? offset ?`,
        params: [text, ...where.params, page.limit, page.offset],
      },
      'p.search_rank desc, p.id desc',
    );
    return { rows: rows.map(toWorkItem), total };
  }
  const match = ftsQuery(query);
  if (!match) return { rows: [], total: 0 };
  if (fast) {
    const live = filter.include_deleted ? '' : 'and live = 1';
    const { rows, total } = await countedPage(
      ex,
      { sql: `select count(*) as n from work_items_fts where work_items_fts match ? ${live}`, params: [match] },
      {
        sql: `select ${workItemColumns('w')}, f.rank as search_rank, f.rowid as search_rowid from (select rowid, bm25(work_items_fts, 10.0, 2.0, 5.0, 0.0) as rank from work_items_fts where work_items_fts match ? ${live} order by rank, rowid desc limit ? offset ?) f
         join work_items w on w.rowid = f.rowid`,
        params: [match, page.limit, page.offset],
      },
      'p.search_rank, p.search_rowid desc',
    );
    return { rows: rows.map(toWorkItem), total };
  }
  const where = workItemWhere(ex, filter, 'w', new Where().add('work_items_fts match ?', match));
  const from = 'from work_items_fts f join work_items w on w.rowid = f.rowid';
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n ${from} ${where}`, params: where.params },
    {
      sql: `select ${workItemColumns('w')}, bm25(work_items_fts, 10.0, 2.0, 5.0, 0.0) as search_rank, f.rowid as search_rowid ${from} ${where} order by search_rank, search_rowid desc limit ? offset ?`,
      params: [...where.params, page.limit, page.offset],
    },
    'p.search_rank, p.search_rowid desc',
  );
  return { rows: rows.map(toWorkItem), total };
}

export async function getSubtreeMaxDepth(ex: SqlExecutor, item: WorkItem): Promise<number> {
  // The deepest level the CTE reached, relative to the item: no join at all.
  const row = await ex.get<{ d: number }>(`${SUBTREE_CTE} select max(lvl) as d from sub`, [item.id, MAX_DEPTH]);
  return item.depth + Number(row?.d ?? 0);
}

export async function countLiveChildren(ex: SqlExecutor, id: string): Promise<number> {
  return count(await ex.get(`select count(*) as n from work_items where parent_id = ? and deleted_at is null`, [id]));
}

/** Columns a versioned update may set, with JSON ones marked. */
const WORK_ITEM_WRITABLE: Record<string, 'json' | 'plain'> = {
  item_type: 'plain', title: 'plain', status: 'plain', parent_id: 'plain', path: 'plain', depth: 'plain', branch_name: 'plain',
  commit_hash: 'plain', pr_number: 'plain', metadata: 'json', labels: 'json', assignee: 'plain', deleted_at: 'plain',
  priority: 'plain', lease_expires_at: 'plain', lease_seconds: 'plain', close_reason: 'plain',
};

export function encode(kind: 'json' | 'plain' | undefined, value: unknown): SqlParam {
  if (kind === 'json') return jsonParam(value);
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value as SqlParam;
}

const WORK_ITEM_COLUMN_LIST = WORK_ITEM_COLUMNS.split(', ');

/** An item's values in {@link WORK_ITEM_COLUMNS} order, encoded for either engine (bulk loads and replica copies). */
export function workItemParams(item: WorkItem): SqlParam[] {
  return WORK_ITEM_COLUMN_LIST.map((c) => encode(WORK_ITEM_WRITABLE[c], (item as Record<string, unknown>)[c]));
}

/** Rows per INSERT: 24 columns × 40 rows stays under every engine's parameter limit. */
const WORK_ITEMS_PER_INSERT = 40;

/**
 * Inserts items, each with the shortest free short id: an INSERT that finds
 * its short id taken skips the row (`on conflict (short_id) do nothing`; on
 * PostgreSQL it first waits for a concurrent holder to commit or roll back),
 * and the skipped rows are tried again one character longer. A short id is a
 * prefix of a bijection of the UUID, so the full length always fits.
 */
export async function insertWorkItems(ex: SqlExecutor, items: readonly WorkItem[]): Promise<WorkItem[]> {
  const cols = WORK_ITEM_COLUMN_LIST;
  const one = placeholders(cols);
  const stored = new Map<string, WorkItem>();
  let pending = [...items];
  while (pending.length > 0) {
    const taken: WorkItem[] = [];
    for (let i = 0; i < pending.length; i += WORK_ITEMS_PER_INSERT) {
      const chunk = pending.slice(i, i + WORK_ITEMS_PER_INSERT);
      const params = chunk.flatMap(workItemParams);
      const rows = await ex.all<{ id: string }>(`insert into work_items (${cols.join(', ')}) values ${chunk.map(() => one).join(', ')} on conflict (short_id) do nothing returning id`, params);
      const inserted = new Set(rows.map((r) => String(r.id)));
      for (const item of chunk) {
        if (inserted.has(item.id)) stored.set(item.id, item);
        else taken.push(item);
      }
    }
    pending = taken.map((item) => {
      if (item.short_id.length >= MAX_SHORT_ID_LENGTH) throw new Error(`work item ${item.id}: no free short id (is the id already stored?)`);
      return { ...item, short_id: shortIdFor(item.id, item.short_id.length + 1) };
    });
  }
  return items.map((item) => stored.get(item.id)!);
}

/**
 * Writes items as another store holds them — short id, version and all — into
 * a replica (the outage cache), touching only what differs: a known id gets an
 * UPDATE of the columns whose stored value changed (a title edit rewrites the
 * title, its full-text entry and the version columns, not every index of the
 * row), an unknown id a multi-row INSERT. A replica row holding one of their
 * short ids under another id (an item made during an outage) gives way first.
 * Returns how many rows it inserted or updated.
 */
export async function replicateWorkItems(ex: SqlExecutor, items: readonly WorkItem[]): Promise<number> {
  const cols = WORK_ITEM_COLUMN_LIST;
  const stored = new Map<string, Record<string, unknown>>();
  for (let i = 0; i < items.length; i += 500) {
    const chunk = items.slice(i, i + 500).map((item) => item.id);
    for (const row of await ex.all(`select ${WORK_ITEM_COLUMNS} from work_items where id in ${placeholders(chunk)}`, chunk)) stored.set(String(row.id), row);
  }
  const fresh: WorkItem[] = [];
  let written = 0;
  for (const item of items) {
    const row = stored.get(item.id);
    if (!row) {
      fresh.push(item);
      continue;
    }
    const sets: string[] = [];
    const params: SqlParam[] = [];
    const values = workItemParams(item);
    cols.forEach((c, i) => {
      if (sameStored(row[c], values[i]!)) return;
      sets.push(`${c} = ?`);
      params.push(values[i]!);
    });
    if (sets.length === 0) continue;
    if (row.short_id !== item.short_id) await ex.run(`delete from work_items where short_id = ? and id <> ?`, [item.short_id, item.id]);
    await ex.run(`update work_items set ${sets.join(', ')} where id = ?`, [...params, item.id]);
    written++;
  }
  const one = placeholders(cols);
  for (let i = 0; i < fresh.length; i += WORK_ITEMS_PER_INSERT) {
    const chunk = fresh.slice(i, i + WORK_ITEMS_PER_INSERT);
    await ex.run(`delete from work_items where short_id in ${placeholders(chunk)}`, chunk.map((item) => item.short_id));
    await ex.run(`insert into work_items (${cols.join(', ')}) values ${chunk.map(() => one).join(', ')}`, chunk.flatMap(workItemParams));
    written += chunk.length;
  }
  return written;
}

/** Whether a stored column value equals the parameter that would write it (numbers and text compared as the driver returns them). */
function sameStored(stored: unknown, param: SqlParam): boolean {
  if (stored === null || stored === undefined) return param === null;
  if (param === null) return false;
  if (stored instanceof Date) return typeof param === 'string' && stored.getTime() === Date.parse(param);
  if (typeof stored === 'object') return JSON.stringify(stored) === param;
  return String(stored) === String(param);
}

export async function insertWorkItem(ex: SqlExecutor, item: WorkItem): Promise<WorkItem> {
  return (await insertWorkItems(ex, [item]))[0]!;
}

/** Items (deleted ones too: they can be restored) whose short id is `prefix` or starts with it: one range scan of the unique index. */
export async function findWorkItemsByShortId(ex: SqlExecutor, prefix: string, limit: number): Promise<ShortIdMatch[]> {
  const rows = await ex.all<{ id: string; short_id: string; title: string }>(
    `select id, short_id, title from work_items where short_id >= ? and short_id < ? order by short_id limit ?`,
    [prefix, prefixUpperBound(prefix), limit],
  );
  return rows.map((r) => ({ id: String(r.id), short_id: String(r.short_id), title: String(r.title) }));
}

/**
 * `UPDATE … WHERE id = ? AND version = ?`: the version check happens in the
 * statement itself, so a write racing in between read and write is caught too.
 */
export async function versionedUpdate<T>(
  ex: SqlExecutor,
  spec: { table: string; entity: string; columns: string; writable: Record<string, 'json' | 'plain'>; map: (r: Record<string, unknown>) => T },
  change: VersionedChange<T>,
  extraSets: readonly string[] = [],
): Promise<T> {
  const entries = Object.entries(change.changes).filter(([k, v]) => v !== undefined && spec.writable[k]);
  const sets = [...entries.map(([k]) => `${k} = ?`), ...extraSets];
  const params = entries.map(([k, v]) => encode(spec.writable[k], v));
  const rows = await ex.all(
    `update ${spec.table} set ${[...sets, 'version = version + 1', 'updated_at = ?', 'updated_by = ?'].join(', ')} where id = ? and version = ? returning ${spec.columns}`,
    [...params, change.at, change.actor, change.id, change.expectedVersion],
  );
  if (rows[0]) return spec.map(rows[0]);
  const current = await ex.get<{ version: number; updated_by: string; updated_at: unknown }>(`select version, updated_by, updated_at from ${spec.table} where id = ?`, [change.id]);
  if (!current) throw NotFoundError.entity(spec.entity, 'id', change.id);
  throw VersionConflictError.mismatch({
    entity: spec.entity,
    id: change.id,
    expected_version: change.expectedVersion,
    current_version: Number(current.version),
    last_updated_by: current.updated_by,
    updated_at: iso(current.updated_at),
  });
}

export function updateWorkItem(ex: SqlExecutor, change: VersionedChange<WorkItem>): Promise<WorkItem> {
  // A delete or restore of the item itself ends any cascade it was part of.
  const extra = change.changes.deleted_at !== undefined ? ['deleted_with = null'] : [];
  return versionedUpdate(ex, { table: 'work_items', entity: 'work_item', columns: WORK_ITEM_COLUMNS, writable: WORK_ITEM_WRITABLE, map: toWorkItem }, change, extra);
}

export async function moveSubtree(ex: SqlExecutor, rootId: string, oldPrefix: string, newPrefix: string, depthDelta: number): Promise<number> {
  return ex.run(
    `update work_items set path = cast(? as text) || substr(path, ?), depth = depth + ? where id in (${SUBTREE_CTE} select id from sub where lvl > 0)`,
    [newPrefix, oldPrefix.length + 1, depthDelta, rootId, MAX_DEPTH],
  );
}

/** Each live descendant is marked with the item whose cascade took it (`deleted_with`). */
export async function softDeleteDescendants(ex: SqlExecutor, item: WorkItem, at: string, actor: string): Promise<ChangedRow[]> {
  const rows = await ex.all<{ id: string; version: number }>(
    `update work_items set deleted_at = ?, deleted_with = ?, version = version + 1, updated_at = ?, updated_by = ? where deleted_at is null and id in (${SUBTREE_CTE} select id from sub where lvl > 0) returning id, version`,
    [at, item.id, at, actor, item.id, MAX_DEPTH],
  );
  return rows.map((r) => ({ id: String(r.id), version: Number(r.version) }));
}

/**
 * The descendants a cascade restore of the item brings back: those its
 * cascade delete took (`deleted_with`), reached only through items that are
 * live or come back too — never one under an item deleted on its own, which
 * stays hidden with everything below it.
 */
const RESTORABLE_CTE = `with recursive sub(id, lvl) as (
  select id, 0 from work_items where id = ?
  union all
  select c.id, sub.lvl + 1 from work_items c join sub on c.parent_id = sub.id
  where sub.lvl < ? and (c.deleted_at is null or c.deleted_with = ?)
)`;
const RESTORABLE = `${RESTORABLE_CTE} select w.id, w.deleted_at from work_items w join sub on sub.id = w.id where sub.lvl > 0 and w.deleted_at is not null and w.deleted_with = ?`;

export async function restoreDescendants(ex: SqlExecutor, item: WorkItem, at: string, actor: string): Promise<RestoredRow[]> {
  const params = [item.id, MAX_DEPTH, item.id, item.id];
  // When each was deleted, for its history (RETURNING sees only the new values); same transaction, same rows.
  const before = await ex.all<{ id: string; deleted_at: unknown }>(RESTORABLE, params);
  if (before.length === 0) return [];
  const deletedAtOf = new Map(before.map((r) => [String(r.id), iso(r.deleted_at)]));
  const rows = await ex.all<{ id: string; version: number }>(
    `update work_items set deleted_at = null, deleted_with = null, version = version + 1, updated_at = ?, updated_by = ?
     where id in (select id from (${RESTORABLE}) restorable) returning id, version`,
    [at, actor, ...params],
  );
  return rows.map((r) => ({ id: String(r.id), version: Number(r.version), deleted_at: deletedAtOf.get(String(r.id)) ?? at }));
}

/** How many descendants a cascade restore of the item would bring back. */
export async function countRestorableDescendants(ex: SqlExecutor, item: WorkItem): Promise<number> {
  return count(await ex.get(`select count(*) as n from (${RESTORABLE}) restorable`, [item.id, MAX_DEPTH, item.id, item.id]));
}

/** Live descendants of `item` that are not completed (active or blocked), highest first. */
export async function getUnfinishedDescendants(ex: SqlExecutor, item: WorkItem): Promise<WorkItem[]> {
  const rows = await ex.all(
    `select ${workItemColumns('w')} from work_items w where w.deleted_at is null and w.status <> 'completed' and w.id in (${SUBTREE_CTE} select id from sub where lvl > 0) order by w.depth, w.created_at, w.id`,
    [item.id, MAX_DEPTH],
  );
  return rows.map(toWorkItem);
}

/** Marks the given live, unfinished items completed (a cascade-complete); returns what changed. */
export async function completeWorkItems(ex: SqlExecutor, ids: readonly string[], at: string, actor: string): Promise<ChangedRow[]> {
  if (ids.length === 0) return [];
  const rows = await ex.all<{ id: string; version: number }>(
    `update work_items set status = 'completed', version = version + 1, updated_at = ?, updated_by = ? where deleted_at is null and status <> 'completed' and id in ${placeholders(ids)} returning id, version`,
    [at, actor, ...ids],
  );
  return rows.map((r) => ({ id: String(r.id), version: Number(r.version) }));
}

/** Only tasks and research are units of work: ready work and claims never take projects or sessions. */
export const ACTIONABLE = `w.item_type in ('task', 'research')`;

/** Nothing unfinished to wait for, as a correlated condition on `w`. */
export const NO_UNFINISHED_BLOCKERS = `not exists (
    select 1 from work_item_dependencies d join work_items b on b.id = d.source_id
    where d.target_id = w.id and d.dependency_type = 'blocks' and b.status <> 'completed' and b.deleted_at is null)
  and not exists (
    select 1 from work_item_dependencies d join work_items b on b.id = d.target_id
    where d.source_id = w.id and d.dependency_type = 'depends_on' and b.status <> 'completed' and b.deleted_at is null)`;

/** Nobody holds `w` at the instant `?`: unassigned, or its claim's lease has ended. */
export const NOT_HELD = notHeldClause('w');

/** One conditional UPDATE: only a ready item nobody holds is taken, so two claimers can never both win. */
export async function claimWorkItem(ex: SqlExecutor, id: string, assignee: string, at: string, lease: Lease | null): Promise<WorkItem | null> {
  const rows = await ex.all(
    `update work_items set assignee = ?, lease_expires_at = ?, lease_seconds = ?, version = version + 1, updated_at = ?, updated_by = ?
     where id in (select w.id from work_items w where w.id = ? and ${ACTIONABLE} and ${NOT_HELD} and w.status = 'active' and w.deleted_at is null and ${NO_UNFINISHED_BLOCKERS})
       and (assignee is null or lease_expires_at <= ?)
     returning ${WORK_ITEM_COLUMNS}`,
    [assignee, lease?.expires_at ?? null, lease?.seconds ?? null, at, assignee, id, at, at],
  );
  return rows[0] ? toWorkItem(rows[0]) : null;
}

/**
 * Sets the lease of an item `assignee` holds. Not a versioned change: the
 * version and `updated_at` stay, so renewing never makes another client's
 * pending update conflict (like the derived paths a move rewrites).
 */
export async function renewLease(ex: SqlExecutor, id: string, assignee: string, lease: Lease | null): Promise<WorkItem | null> {
  const rows = await ex.all(`update work_items set lease_expires_at = ?, lease_seconds = ? where id = ? and assignee = ? returning ${WORK_ITEM_COLUMNS}`, [
    lease?.expires_at ?? null,
    lease?.seconds ?? null,
    id,
    assignee,
  ]);
  return rows[0] ? toWorkItem(rows[0]) : null;
}

/** Unassigns an item `assignee` holds (a versioned change: the assignee is a real field). */
export async function releaseWorkItem(ex: SqlExecutor, id: string, assignee: string, at: string): Promise<WorkItem | null> {
  const rows = await ex.all(
    `update work_items set assignee = null, lease_expires_at = null, lease_seconds = null, version = version + 1, updated_at = ?, updated_by = ? where id = ? and assignee = ? returning ${WORK_ITEM_COLUMNS}`,
    [at, assignee, id, assignee],
  );
  return rows[0] ? toWorkItem(rows[0]) : null;
}

/** What `assignee` holds at `now`: live, unfinished, lease not ended; most urgent first. */
export async function listHeldWork(ex: SqlExecutor, assignee: string, now: string, limit: number): Promise<WorkItem[]> {
  const rows = await ex.all(
    `select ${workItemColumns('w')} from work_items w where w.assignee = ? and ${heldClause('w')}
     order by w.priority, w.updated_at desc, w.id limit ?`,
    [assignee, now, limit],
  );
  return rows.map(toWorkItem);
}

export async function insertNote(ex: SqlExecutor, note: Note): Promise<void> {
  await ex.run(`insert into work_item_notes (id, work_item_id, author, text, created_at) values (?, ?, ?, ?, ?)`, [note.id, note.work_item_id, note.author, note.text, note.created_at]);
}

export async function listNotes(ex: SqlExecutor, workItemId: string, limit: number): Promise<Note[]> {
  const rows = await ex.all(`select id, work_item_id, author, text, created_at from work_item_notes where work_item_id = ? order by created_at desc, id desc limit ?`, [workItemId, limit]);
  return rows.map(toNote);
}
