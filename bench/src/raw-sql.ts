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

export const SQL = {
  vendorByName: `select ${VENDOR_COLUMNS} from vendors where lower(name) = lower(?)`,
  vendorsByIds: (n: number) => `select ${VENDOR_COLUMNS} from vendors where id in ${list(n)}`,
  insertVendor: `insert into vendors (${VENDOR_COLUMNS}) values ${list(10)}`,

  itemById: `select ${WORK_COLUMNS} from work_items where id = ?`,
  itemsByIds: (n: number) => `select ${WORK_COLUMNS} from work_items where id in ${list(n)}`,
  insertItem: `insert into work_items (${WORK_COLUMNS}) values ${list(19)}`,
  updateStatus: `update work_items set status = ?, version = version + 1, updated_at = ?, updated_by = ? where id = ? and version = ? returning ${WORK_COLUMNS}`,
  insertHistory: `insert into history (id, entity_type, entity_id, version, action, actor, at, changes) values ${list(8)}`,

  /** Descendants of `?` down to `?` levels (the store's recursive CTE). */
  descendants: `with recursive sub(id, lvl) as (
  select id, 0 from work_items where id = ?
  union all
  select c.id, sub.lvl + 1 from work_items c join sub on c.parent_id = sub.id where sub.lvl < ?
) select w.id, w.item_type, w.title, w.status, w.version, w.parent_id, w.assignee, w.deleted_at, w.updated_at from work_items w where w.id in (select id from sub where lvl > 0) and w.deleted_at is null order by w.depth, w.created_at, w.id`,
  /** The item and its ancestors by walking parent_id upwards. */
  withAncestors: `with recursive up(id, parent_id, lvl) as (
  select id, parent_id, 0 from work_items where id = ?
  union all
  select p.id, p.parent_id, up.lvl + 1 from work_items p join up on p.id = up.parent_id where up.lvl < ?
) select ${W} from work_items w where w.id in (select id from up) order by w.depth`,
  /** Edges touching `?`, each with the item at the other end (one statement). */
  dependencyRefs: `select d.id, d.source_id, d.target_id, d.dependency_type, d.created_at, d.created_by, o.id as other_id, o.title as other_title, o.status as other_status, o.deleted_at as other_deleted_at from work_item_dependencies d join work_items o on o.id = d.target_id where d.source_id = ?
     union all
     select d.id, d.source_id, d.target_id, d.dependency_type, d.created_at, d.created_by, o.id as other_id, o.title as other_title, o.status as other_status, o.deleted_at as other_deleted_at from work_item_dependencies d join work_items o on o.id = d.source_id where d.target_id = ?`,
  /** Deployments of an item as refs, newest first. */
  deploymentRefsOfItem: `select d.id, d.deployed_at, d.commit_hash, d.metadata from deployment_work_items dw join deployments d on d.id = dw.deployment_id
     where dw.work_item_id = ? order by d.deployed_at desc, d.id desc limit ?`,
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
