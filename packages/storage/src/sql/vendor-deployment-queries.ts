import type { Deployment, DeploymentMetadata, ListDeploymentsInput, NewDeployment, Page, Vendor, VendorStatus, VersionedChange } from '@project-status/core';
import { jsonParam, keyed, type SqlExecutor } from './executor.js';
import { countedPage, insertRows, placeholders, Where } from './fragments.js';
import { iso, json, toVendor, VENDOR_COLUMNS } from './mappers.js';
import { versionedUpdate } from './work-item-queries.js';

/** A vendor by name, case-insensitively. */
const VENDOR_BY_NAME = keyed(`select ${VENDOR_COLUMNS} from vendors where lower(name) = lower(?)`);

export async function getVendorByName(ex: SqlExecutor, name: string): Promise<Vendor | null> {
  const row = await ex.get(VENDOR_BY_NAME, [name]);
  return row ? toVendor(row) : null;
}

export async function getVendorsByIds(ex: SqlExecutor, ids: readonly string[]): Promise<Vendor[]> {
  if (ids.length === 0) return [];
  return (await ex.all(`select ${VENDOR_COLUMNS} from vendors where id in ${placeholders(ids)}`, ids as string[])).map(toVendor);
}

export async function listVendors(ex: SqlExecutor, status?: VendorStatus): Promise<Vendor[]> {
  const where = new Where();
  if (status) where.add('status = ?', status);
  return (await ex.all(`select ${VENDOR_COLUMNS} from vendors ${where} order by lower(name)`, where.params)).map(toVendor);
}

export async function insertVendors(ex: SqlExecutor, vendors: readonly Vendor[]): Promise<void> {
  await insertRows(ex, 'vendors', VENDOR_COLUMNS.split(', '),
    vendors.map((v) => [v.id, v.name, v.status, v.extractor_version, jsonParam(v.metadata), v.version, v.created_at, v.updated_at, v.created_by, v.updated_by]));
}

export function insertVendor(ex: SqlExecutor, v: Vendor): Promise<void> {
  return insertVendors(ex, [v]);
}

export function updateVendor(ex: SqlExecutor, change: VersionedChange<Vendor>): Promise<Vendor> {
  return versionedUpdate(ex, { table: 'vendors', entity: 'vendor', columns: VENDOR_COLUMNS, writable: { status: 'plain', extractor_version: 'plain', metadata: 'json' }, map: toVendor }, change);
}

/** A deployment as another store holds it, in the shape {@link insertDeployments} writes (copies into the cache and the snapshot views). */
export function asNewDeployment(d: Deployment): NewDeployment {
  return {
    row: { id: d.id, deployed_at: d.deployed_at, commit_hash: d.commit_hash, metadata: d.metadata, created_at: d.created_at, created_by: d.created_by },
    vendorIds: d.vendors.map((v) => v.id),
    workItemIds: d.work_items.map((w) => w.id),
  };
}

/** New deployments (version 1) with their vendor and work item links. */
export async function insertDeployments(ex: SqlExecutor, rows: readonly NewDeployment[]): Promise<void> {
  await insertRows(ex, 'deployments', ['id', 'deployed_at', 'commit_hash', 'metadata', 'version', 'created_at', 'created_by'],
    rows.map(({ row: d }) => [d.id, d.deployed_at, d.commit_hash, jsonParam(d.metadata), 1, d.created_at, d.created_by]));
  await insertRows(ex, 'deployment_vendors', ['deployment_id', 'vendor_id'], rows.flatMap(({ row, vendorIds }) => vendorIds.map((v) => [row.id, v])));
  await insertRows(ex, 'deployment_work_items', ['deployment_id', 'work_item_id'], rows.flatMap(({ row, workItemIds }) => workItemIds.map((w) => [row.id, w])));
}

export function insertDeployment(ex: SqlExecutor, row: NewDeployment['row'], vendorIds: readonly string[], workItemIds: readonly string[]): Promise<void> {
  return insertDeployments(ex, [{ row, vendorIds, workItemIds }]);
}

type Row = Record<string, unknown>;

async function withLinks(ex: SqlExecutor, rows: Row[]): Promise<Deployment[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => String(r.id));
  const list = placeholders(ids);
  const [vendors, items] = await Promise.all([
    ex.all(`select dv.deployment_id, v.id, v.name from deployment_vendors dv join vendors v on v.id = dv.vendor_id where dv.deployment_id in ${list} order by lower(v.name)`, ids),
    ex.all(
      `select dw.deployment_id, dw.work_item_id as id, coalesce(w.title, a.title) as title from deployment_work_items dw
       left join work_items w on w.id = dw.work_item_id left join archived_work_items a on a.id = dw.work_item_id
       where dw.deployment_id in ${list}`,
      ids,
    ),
  ]);
  return rows.map((r) => ({
    id: String(r.id),
    deployed_at: iso(r.deployed_at),
    commit_hash: String(r.commit_hash),
    metadata: json<DeploymentMetadata>(r.metadata),
    vendors: vendors.filter((v) => String(v.deployment_id) === String(r.id)).map((v) => ({ id: String(v.id), name: String(v.name) })),
    work_items: items
      .filter((w) => String(w.deployment_id) === String(r.id))
      .map((w) => (w.title === null || w.title === undefined ? { id: String(w.id) } : { id: String(w.id), title: String(w.title) })),
    version: Number(r.version),
    created_at: iso(r.created_at),
    created_by: String(r.created_by),
  }));
}

const DEPLOYMENT_COLUMNS = 'd.id, d.deployed_at, d.commit_hash, d.metadata, d.version, d.created_at, d.created_by';

export async function getDeployment(ex: SqlExecutor, id: string): Promise<Deployment | null> {
  const row = await ex.get(`select ${DEPLOYMENT_COLUMNS} from deployments d where d.id = ?`, [id]);
  return row ? ((await withLinks(ex, [row]))[0] ?? null) : null;
}

export async function listDeployments(ex: SqlExecutor, f: ListDeploymentsInput): Promise<Page<Deployment>> {
  const where = new Where();
  if (f.since) where.add('d.deployed_at >= ?', new Date(f.since).toISOString());
  if (f.until) where.add('d.deployed_at <= ?', new Date(f.until).toISOString());
  // `id in (…)` rather than a correlated EXISTS: SQLite then starts from the link table's index (5.7 ms → 0.02 ms at 100×).
  if (f.vendor) where.add('d.id in (select dv.deployment_id from deployment_vendors dv join vendors v on v.id = dv.vendor_id where lower(v.name) = lower(?))', f.vendor);
  if (f.work_item_id) where.add('d.id in (select dw.deployment_id from deployment_work_items dw where dw.work_item_id = ?)', f.work_item_id);
  const { rows, total } = await countedPage(
    ex,
    { sql: `select count(*) as n from deployments d ${where}`, params: where.params },
    { sql: `select ${DEPLOYMENT_COLUMNS} from deployments d ${where} order by d.deployed_at desc, d.id desc limit ? offset ?`, params: [...where.params, f.limit, f.offset] },
    'p.deployed_at desc, p.id desc',
  );
  return { rows: await withLinks(ex, rows), total };
}
