import type { ArchivedWorkItem, Deployment, DeploymentMetadata, Enhancement, ItemType, Note, SequencedHistoryEntry, StoredDependency, WorkItem, WorkOutline } from '@project-status/core';
import type { SqlExecutor } from './executor.js';
import { placeholders, Where } from './fragments.js';
import { iso, json, str, toArchivedWorkItem, toDependency, toEnhancement, toHistoryEntry, toNote, toWorkItem, WORK_ITEM_COLUMNS } from './mappers.js';

/**
 * Whole-store reads for the status report, the snapshot export and the legacy
 * import: one statement per table, grouped in memory with maps, so reading
 * 120 000 work items or 5 000 deployments costs one round trip each instead
 * of thousands of pages (and never an O(n·m) link scan).
 */

/** Keeps IN lists well under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 500;

export async function listAllWorkItems(ex: SqlExecutor, options: { item_type?: ItemType; include_deleted?: boolean } = {}): Promise<WorkItem[]> {
  const where = new Where();
  if (!options.include_deleted) where.add('deleted_at is null');
  if (options.item_type) where.add('item_type = ?', options.item_type);
  const rows = await ex.all(`select ${WORK_ITEM_COLUMNS} from work_items ${where} order by depth, created_at, id`, where.params);
  return rows.map(toWorkItem);
}

export async function listAllDependencies(ex: SqlExecutor): Promise<StoredDependency[]> {
  const rows = await ex.all('select id, source_id, target_id, dependency_type, created_at, created_by from work_item_dependencies order by created_at, id');
  return rows.map(toDependency);
}

export async function listAllEnhancements(ex: SqlExecutor): Promise<Enhancement[]> {
  const rows = await ex.all(
    `select id, title, description, priority, status, target_quarter, requires_constitutional_principles, work_item_ids, version, created_at, updated_at, created_by, updated_by
     from enhancements order by priority, created_at desc, id desc`,
  );
  return rows.map(toEnhancement);
}

type Row = Record<string, unknown>;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Attaches vendor and work item links to deployment rows; `scope` limits the
 * link queries (null = every deployment). Work items are linked by id only
 * (their `title` is optional in {@link Deployment}): joining 10 000 links to
 * the live and archived tables for titles nobody here shows doubled the cost.
 */
async function attachLinks(ex: SqlExecutor, rows: Row[], scope: string[] | null): Promise<Deployment[]> {
  const vendors = new Map<string, { id: string; name: string }[]>();
  const items = new Map<string, { id: string; title?: string }[]>();
  const vendorSql = 'select dv.deployment_id, v.id, v.name from deployment_vendors dv join vendors v on v.id = dv.vendor_id';
  const itemSql = 'select dw.deployment_id, dw.work_item_id as id from deployment_work_items dw';
  const batches: (string[] | null)[] = [];
  if (scope === null) batches.push(null);
  else for (let i = 0; i < scope.length; i += CHUNK) batches.push(scope.slice(i, i + CHUNK));
  for (const batch of batches) {
    // Sequential: inside a transaction (the import) both would share one connection, where pg warns about overlapping queries.
    const vRows = batch ? await ex.all(`${vendorSql} where dv.deployment_id in ${placeholders(batch)} order by lower(v.name)`, batch) : await ex.all(`${vendorSql} order by lower(v.name)`);
    const wRows = batch ? await ex.all(`${itemSql} where dw.deployment_id in ${placeholders(batch)}`, batch) : await ex.all(itemSql);
    for (const v of vRows) push(vendors, String(v.deployment_id), { id: String(v.id), name: String(v.name) });
    for (const w of wRows) push(items, String(w.deployment_id), { id: String(w.id) });
  }
  return rows.map((r) => ({
    id: String(r.id),
    deployed_at: iso(r.deployed_at),
    commit_hash: String(r.commit_hash),
    metadata: json<DeploymentMetadata>(r.metadata),
    vendors: vendors.get(String(r.id)) ?? [],
    work_items: items.get(String(r.id)) ?? [],
    version: Number(r.version),
    created_at: iso(r.created_at),
    created_by: String(r.created_by),
  }));
}

const DEPLOYMENT_COLUMNS = 'd.id, d.deployed_at, d.commit_hash, d.metadata, d.version, d.created_at, d.created_by';

export async function listAllDeployments(ex: SqlExecutor): Promise<Deployment[]> {
  const rows = await ex.all(`select ${DEPLOYMENT_COLUMNS} from deployments d order by d.deployed_at desc, d.id desc`);
  return rows.length ? attachLinks(ex, rows, null) : [];
}

export async function findDeploymentsByCommit(ex: SqlExecutor, hashes: readonly string[]): Promise<Deployment[]> {
  const unique = [...new Set(hashes)];
  const rows: Row[] = [];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const batch = unique.slice(i, i + CHUNK);
    rows.push(...(await ex.all(`select ${DEPLOYMENT_COLUMNS} from deployments d where d.commit_hash in ${placeholders(batch)} order by d.deployed_at desc, d.id desc`, batch)));
  }
  return rows.length ? attachLinks(ex, rows, rows.map((r) => String(r.id))) : [];
}

/** Under SQLite's default limit of 32 766 parameters and PostgreSQL's 65 535. */
const ANCESTOR_CHUNK = 5000;

const OUTLINE_COLUMNS = 'id, item_type, title, status, parent_id, path, depth, branch_name, assignee, priority, created_at';

function toOutline(r: Row): WorkOutline {
  const reason = r.blocked_reason;
  return {
    id: String(r.id),
    item_type: r.item_type as WorkOutline['item_type'],
    title: String(r.title),
    status: r.status as WorkOutline['status'],
    parent_id: str(r.parent_id),
    path: String(r.path),
    depth: Number(r.depth),
    branch_name: str(r.branch_name),
    assignee: str(r.assignee),
    priority: Number(r.priority),
    created_at: iso(r.created_at),
    blocked_reason: typeof reason === 'string' ? reason : null,
  };
}

/** Unfinished live items, then the (usually few) finished ancestors that place them in the tree. */
export async function listWorkOutline(ex: SqlExecutor): Promise<WorkOutline[]> {
  const reason = ex.engine === 'postgres' ? `metadata->>'blocked_reason'` : `json_extract(metadata, '$.blocked_reason')`;
  const cols = `${OUTLINE_COLUMNS}, case when status = 'blocked' then ${reason} end as blocked_reason`;
  // No ORDER BY: the report sorts in memory anyway, and sorting here made SQLite walk the depth index row by row.
  const rows = (await ex.all(`select ${cols} from work_items where deleted_at is null and status <> 'completed'`)).map(toOutline);
  const have = new Set(rows.map((r) => r.id));
  const missing = new Set<string>();
  for (const r of rows) for (const id of r.path.split('/')) if (id && !have.has(id)) missing.add(id);
  const ids = [...missing];
  // Larger batches than elsewhere: at 100× some 9 000 ancestors are fetched, and each batch is a round trip.
  for (let i = 0; i < ids.length; i += ANCESTOR_CHUNK) {
    const batch = ids.slice(i, i + ANCESTOR_CHUNK);
    rows.push(...(await ex.all(`select ${cols} from work_items where deleted_at is null and id in ${placeholders(batch)}`, batch)).map(toOutline));
  }
  return rows;
}

export async function countLiveWorkItems(ex: SqlExecutor): Promise<number> {
  const row = await ex.get<{ n: unknown }>('select count(*) as n from work_items where deleted_at is null');
  return Number(row?.n ?? 0);
}

// ---- what the outage cache copies besides the whole-store reads (fallback/cache.ts) ----

const NOTE_COLUMNS = 'id, work_item_id, author, text, created_at';

export async function listNotesOf(ex: SqlExecutor, ids: readonly string[]): Promise<Note[]> {
  const notes: Note[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await ex.all(`select ${NOTE_COLUMNS} from work_item_notes where work_item_id in ${placeholders(chunk)} order by created_at desc, id desc`, chunk);
    notes.push(...rows.map(toNote));
  }
  return notes;
}

export async function listRecentNotes(ex: SqlExecutor, limit: number): Promise<Note[]> {
  const rows = await ex.all(`select ${NOTE_COLUMNS} from work_item_notes order by created_at desc, id desc limit ?`, [limit]);
  return rows.map(toNote);
}

export async function listHistoryRows(ex: SqlExecutor, q: { after: number; upTo: number; limit: number }): Promise<SequencedHistoryEntry[]> {
  const rows = await ex.all(`select seq, id, entity_type, entity_id, version, action, actor, at, changes from history where seq > ? and seq <= ? order by seq limit ?`, [q.after, q.upTo, q.limit]);
  return rows.map((r) => ({ ...toHistoryEntry(r), seq: Number(r.seq) }));
}

export async function getArchivedWorkItems(ex: SqlExecutor, ids: readonly string[]): Promise<ArchivedWorkItem[]> {
  const items: ArchivedWorkItem[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await ex.all(`select ${WORK_ITEM_COLUMNS}, archived_at from archived_work_items where id in ${placeholders(chunk)}`, chunk);
    items.push(...rows.map(toArchivedWorkItem));
  }
  return items;
}

export async function listRecentArchived(ex: SqlExecutor, limit: number): Promise<ArchivedWorkItem[]> {
  const rows = await ex.all(`select ${WORK_ITEM_COLUMNS}, archived_at from archived_work_items order by archived_at desc, id desc limit ?`, [limit]);
  return rows.map(toArchivedWorkItem);
}
