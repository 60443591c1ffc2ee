/**
 * The SQL the raw-driver side of each row runs: the same statements the store
 * issues for that operation (copied here on purpose — the baseline must not
 * share code with what it measures). `?` placeholders on both engines.
 */
export const WORK_COLUMNS =
  'id, item_type, title, status, parent_id, path, depth, branch_name, commit_hash, pr_number, metadata, labels, assignee, deleted_at, version, created_at, updated_at, created_by, updated_by';
const W = WORK_COLUMNS.split(', ')
  .map((c) => `w.${c}`)
  .join(', ');
export const VENDOR_COLUMNS = 'id, name, status, extractor_version, metadata, version, created_at, updated_at, created_by, updated_by';
const DEPLOYMENT_COLUMNS = 'd.id, d.deployed_at, d.commit_hash, d.metadata, d.version, d.created_at, d.created_by';

/** `(?, ?, …)` with n placeholders. */
export const list = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

const TYPES: Record<string, string> = {
  id: 'uuid', item_type: 'text', title: 'varchar(200)', status: 'text', parent_id: 'uuid', path: 'text', depth: 'int', branch_name: 'varchar(100)',
  commit_hash: 'varchar(40)', pr_number: 'int', metadata: 'jsonb', labels: 'jsonb', assignee: 'varchar(100)', deleted_at: 'timestamptz',
  version: 'int', created_at: 'timestamptz', updated_at: 'timestamptz', created_by: 'varchar(100)', updated_by: 'varchar(100)',
  e_id: 'uuid', e_source_id: 'uuid', e_target_id: 'uuid', e_type: 'text', e_created_at: 'timestamptz', e_created_by: 'varchar(100)',
  p_id: 'uuid', p_deployed_at: 'timestamptz', p_commit_hash: 'varchar(40)', p_metadata: 'jsonb',
};
const FULL = WORK_COLUMNS.split(', ');
const DESC = ['id', 'item_type', 'title', 'status', 'version', 'parent_id', 'assignee', 'deleted_at', 'updated_at', 'depth', 'created_at'];
const UP = `up(lvl, ${WORK_COLUMNS}) as (
  select 0, ${FULL.map((c) => `w.${c}`).join(', ')} from work_items w where w.id = ?
  union all
  select up.lvl + 1, ${FULL.map((c) => `p.${c}`).join(', ')} from up join work_items p on p.id = up.parent_id where up.lvl < 5
)`;
const SUB = `sub(lvl, ${DESC.join(', ')}) as (
  select 0, ${DESC.map((c) => `w.${c}`).join(', ')} from work_items w where w.id = ?
  union all
  select sub.lvl + 1, ${DESC.map((c) => `c.${c}`).join(', ')} from sub join work_items c on c.parent_id = sub.id where sub.lvl < 5
)`;
/** query_work_item's four parts: [part, own columns (name → expression), FROM …]; every `?` is the item id. */
const DETAIL_PARTS: [string, Record<string, string>, string][] = [
  ['a', Object.fromEntries(FULL.map((c) => [c, `up.${c}`])), 'from up'],
  ['d', Object.fromEntries(DESC.map((c) => [c, `sub.${c}`])), 'from sub where sub.lvl > 0 and sub.deleted_at is null'],
  ['e', { id: 'o.id', title: 'o.title', status: 'o.status', deleted_at: 'o.deleted_at', e_id: 'e.id', e_source_id: 'e.source_id', e_target_id: 'e.target_id', e_type: 'e.dependency_type', e_created_at: 'e.created_at', e_created_by: 'e.created_by' },
    'from work_item_dependencies e join work_items o on o.id = case when e.source_id = ? then e.target_id else e.source_id end where e.source_id = ? or e.target_id = ?'],
  ['p', { p_id: 'x.id', p_deployed_at: 'x.deployed_at', p_commit_hash: 'x.commit_hash', p_metadata: 'x.metadata' },
    'from (select d.id, d.deployed_at, d.commit_hash, d.metadata from deployment_work_items dw join deployments d on d.id = dw.deployment_id where dw.work_item_id = ? order by d.deployed_at desc, d.id desc limit 20) x'],
];
const ALL_COLUMNS = Object.keys(TYPES);
/** PostgreSQL: one UNION ALL statement, each branch padding the others' columns with typed NULLs. */
const detailUnion = `with recursive ${UP},\n${SUB}\n${DETAIL_PARTS.map(([part, own, from]) => `select '${part}' as part, ${ALL_COLUMNS.map((c) => `${own[c] ?? `cast(null as ${TYPES[c]})`} as ${c}`).join(', ')} ${from}`).join('\nunion all\n')}`;
/** SQLite: the four parts as narrow statements of their own. */
const detailAlone = DETAIL_PARTS.map(([part, own, from]) => `${part === 'a' ? `with recursive ${UP} ` : part === 'd' ? `with recursive ${SUB} ` : ''}select '${part}' as part, ${Object.entries(own).map(([c, e]) => `${e} as ${c}`).join(', ')} ${from}`);

export const SQL = {
  vendorByName: `select ${VENDOR_COLUMNS} from vendors where lower(name) = lower(?)`,
  vendorsByIds: (n: number) => `select ${VENDOR_COLUMNS} from vendors where id in ${list(n)}`,
  insertVendor: `insert into vendors (${VENDOR_COLUMNS}) values ${list(10)}`,

  itemById: `select ${WORK_COLUMNS} from work_items where id = ?`,
  itemsByIds: (n: number) => `select ${WORK_COLUMNS} from work_items where id in ${list(n)}`,
  insertItem: `insert into work_items (${WORK_COLUMNS}) values ${list(19)}`,
  updateStatus: `update work_items set status = ?, version = version + 1, updated_at = ?, updated_by = ? where id = ? and version = ? returning ${WORK_COLUMNS}`,
  insertHistory: `insert into history (id, entity_type, entity_id, version, action, actor, at, changes) values ${list(8)}`,

  /**
   * query_work_item: lineage ('a'), descendants ('d'), dependency edges ('e') and
   * the 20 newest deployments ('p') — one UNION ALL statement on PostgreSQL, four
   * narrow statements on SQLite; every `?` is the item id.
   */
  workItemDetail: { postgres: [detailUnion], sqlite: detailAlone },
  /** Descendant count of `?` (five levels), to check the two sides agree. */
  descendantCount: `with recursive sub(id, lvl) as (
  select id, 0 from work_items where id = ?
  union all
  select c.id, sub.lvl + 1 from work_items c join sub on c.parent_id = sub.id where sub.lvl < 5
) select count(*) as n from sub join work_items w on w.id = sub.id where sub.lvl > 0 and w.deleted_at is null`,
  deploymentById: `select ${DEPLOYMENT_COLUMNS} from deployments d where d.id = ?`,
  deploymentVendors: (n: number) =>
    `select dv.deployment_id, v.id, v.name from deployment_vendors dv join vendors v on v.id = dv.vendor_id where dv.deployment_id in ${list(n)} order by lower(v.name)`,
  deploymentItems: (n: number) =>
    `select dw.deployment_id, dw.work_item_id as id, coalesce(w.title, a.title) as title from deployment_work_items dw
       left join work_items w on w.id = dw.work_item_id left join archived_work_items a on a.id = dw.work_item_id
       where dw.deployment_id in ${list(n)}`,
  insertDeployment: `insert into deployments (id, deployed_at, commit_hash, metadata, version, created_at, created_by) values (?, ?, ?, ?, 1, ?, ?)`,
  insertDeploymentVendor: `insert into deployment_vendors (deployment_id, vendor_id) values (?, ?)`,
  insertDeploymentItem: `insert into deployment_work_items (deployment_id, work_item_id) values (?, ?)`,

  listPage: `select ${W} from work_items w where w.deleted_at is null order by w.updated_at desc, w.id desc limit ? offset ?`,
  listCount: `select count(*) as n from work_items w where w.deleted_at is null`,

  readyWork: `select ${W} from work_items w where w.status = 'active' and w.deleted_at is null and w.assignee is null and not exists (
    select 1 from work_item_dependencies d join work_items b on b.id = d.source_id
    where d.target_id = w.id and d.dependency_type = 'blocks' and b.status <> 'completed' and b.deleted_at is null)
  and not exists (
    select 1 from work_item_dependencies d join work_items b on b.id = d.target_id
    where d.source_id = w.id and d.dependency_type = 'depends_on' and b.status <> 'completed' and b.deleted_at is null) order by w.depth, w.created_at, w.id limit ?`,

  /** Unfiltered search ranks and pages inside the index, then joins the page (the store's fast path). */
  sqliteSearch: `select ${W} from (select rowid, bm25(work_items_fts, 10.0, 2.0, 5.0, 0.0) as rank from work_items_fts where work_items_fts match ? and live = 1 order by rank, rowid desc limit ? offset ?) f
    join work_items w on w.rowid = f.rowid order by f.rank, f.rowid desc`,
  sqliteSearchCount: `select count(*) as n from work_items_fts where work_items_fts match ? and live = 1`,
  postgresSearch: `select ${W} from (select id, ts_rank(document, q) as rank from work_items_fts, plainto_tsquery('english', ?) q where document @@ q and live order by rank desc, id desc limit ? offset ?) f
    join work_items w on w.id = f.id order by f.rank desc, f.id desc`,
  postgresSearchCount: `select count(*) as n from work_items_fts where document @@ plainto_tsquery('english', ?) and live`,
} as const;
