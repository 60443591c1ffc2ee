import type { DependencyWithOther, DeploymentMetadata, DeploymentRef, WorkItem, WorkItemSummary } from '@project-status/core';
import { keyed, type SqlExecutor } from './executor.js';
import { iso, isoOrNull, json, toDependency, toWorkItem, toWorkItemSummaryRow, WORK_ITEM_COLUMNS } from './mappers.js';

/**
 * Everything `query_work_item` shows around one item — lineage, descendant
 * tree, dependency edges, recent deployments — in ONE statement: the parts
 * are UNION ALL branches over one wide row, told apart by `part`.
 *
 * Why one statement: on PostgreSQL each statement costs a round trip plus
 * executor start-up, and four of them made this the slowest hot read (1.4 ms
 * p50 over MCP). Why rows, not JSON: aggregating the parts with json_agg was
 * measured slower (building and parsing the JSON cost more than the round
 * trips it saved). The statement's parameters are all the item's id, so its
 * plan does not depend on their values: it is {@link keyed}, and PostgreSQL
 * reuses one generic plan per connection.
 *
 * The recursive branches carry the columns they return instead of joining
 * back to `work_items` afterwards: each step is then an index lookup
 * (primary key upwards, `parent_id` downwards) whatever the planner's
 * statistics say — a join back was planned as a sequential scan of
 * 120 000 rows on a database autovacuum had not analysed yet.
 */
const MAX_LEVELS = 5;
const DEPLOYMENTS_SHOWN = 20;

/** SQL types of the work item columns, so NULL placeholders type-check in PostgreSQL's UNION (SQLite ignores them). */
const WORK_ITEM_TYPES: Record<string, string> = {
  id: 'uuid', item_type: 'text', title: 'varchar(200)', status: 'text', parent_id: 'uuid', path: 'text', depth: 'int',
  branch_name: 'varchar(100)', commit_hash: 'varchar(40)', pr_number: 'int', metadata: 'jsonb', labels: 'jsonb', assignee: 'varchar(100)',
  deleted_at: 'timestamptz', version: 'int', created_at: 'timestamptz', updated_at: 'timestamptz', created_by: 'varchar(100)', updated_by: 'varchar(100)',
};
const COLUMNS = WORK_ITEM_COLUMNS.split(', ');
const nullAs = (type: string) => `cast(null as ${type})`;

/** The work item columns of `alias`, keeping only `keep` (the rest NULL); all of them without `keep`. */
function itemColumns(alias: string, keep?: ReadonlySet<string>): string {
  return COLUMNS.map((c) => (!keep || keep.has(c) ? `${alias}.${c}` : nullAs(WORK_ITEM_TYPES[c]!))).join(', ');
}

/** What a descendant row needs: its summary plus depth and created_at, which order the tree. */
const DESCENDANT = new Set(['id', 'item_type', 'title', 'status', 'version', 'parent_id', 'assignee', 'deleted_at', 'updated_at', 'depth', 'created_at']);
/** What a dependency row needs of the item at the other end. */
const OTHER_END = new Set(['id', 'title', 'status', 'deleted_at']);

const EDGE = 'e.id as e_id, e.source_id as e_source_id, e.target_id as e_target_id, e.dependency_type as e_type, e.created_at as e_created_at, e.created_by as e_created_by';
const NO_EDGE = `${nullAs('uuid')} as e_id, ${nullAs('uuid')} as e_source_id, ${nullAs('uuid')} as e_target_id, ${nullAs('text')} as e_type, ${nullAs('timestamptz')} as e_created_at, ${nullAs('text')} as e_created_by`;
const NO_DEPLOYMENT = `${nullAs('uuid')} as p_id, ${nullAs('timestamptz')} as p_deployed_at, ${nullAs('text')} as p_commit_hash, ${nullAs('jsonb')} as p_metadata`;

function detailStatement(includeDeleted: boolean): string {
  return keyed(`with recursive up(lvl, ${WORK_ITEM_COLUMNS}) as (
  select 0, ${itemColumns('w')} from work_items w where w.id = ?
  union all
  select up.lvl + 1, ${itemColumns('p')} from up join work_items p on p.id = up.parent_id where up.lvl < ${MAX_LEVELS}
), sub(lvl, ${WORK_ITEM_COLUMNS}) as (
  select 0, ${itemColumns('w', DESCENDANT)} from work_items w where w.id = ?
  union all
  select sub.lvl + 1, ${itemColumns('c', DESCENDANT)} from sub join work_items c on c.parent_id = sub.id where sub.lvl < ${MAX_LEVELS}
)
select 'a' as part, ${itemColumns('up')}, ${NO_EDGE}, ${NO_DEPLOYMENT} from up
union all
select 'd', ${itemColumns('sub')}, ${NO_EDGE}, ${NO_DEPLOYMENT} from sub where sub.lvl > 0${includeDeleted ? '' : ' and sub.deleted_at is null'}
union all
select 'e', ${itemColumns('o', OTHER_END)}, ${EDGE}, ${NO_DEPLOYMENT} from work_item_dependencies e
  join work_items o on o.id = case when e.source_id = ? then e.target_id else e.source_id end
  where e.source_id = ? or e.target_id = ?
union all
select 'p', ${itemColumns('x', new Set())}, ${NO_EDGE}, x.p_id, x.p_deployed_at, x.p_commit_hash, x.p_metadata from (
  select d.id as p_id, d.deployed_at as p_deployed_at, d.commit_hash as p_commit_hash, d.metadata as p_metadata
  from deployment_work_items dw join deployments d on d.id = dw.deployment_id
  where dw.work_item_id = ? order by d.deployed_at desc, d.id desc limit ${DEPLOYMENTS_SHOWN}
) x`);
}

const STATEMENTS = { live: detailStatement(false), withDeleted: detailStatement(true) };

/** Everything `query_work_item` shows around one item. */
export interface WorkItemDetailParts {
  /** The item's ancestors and the item itself, root first. */
  lineage: WorkItem[];
  /** Descendants (at most five levels down), by depth, then creation. */
  descendants: WorkItemSummary[];
  dependencies: DependencyWithOther[];
  /** The newest deployments linked to the item, newest first. */
  deployments: DeploymentRef[];
}

type Row = Record<string, unknown>;

/** Sorts by the keys `key` returns, compared in order (numbers numerically, strings by code unit). */
function sortBy<T>(rows: T[], key: (row: T) => (string | number)[]): T[] {
  const entries = rows.map((row) => ({ row, k: key(row) }));
  entries.sort((a, b) => {
    for (let i = 0; i < a.k.length; i++) {
      const x = a.k[i]!;
      const y = b.k[i]!;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  });
  return entries.map((e) => e.row);
}

/** The detail of `id` in one round trip; an empty lineage when no such item exists. */
export async function getWorkItemDetail(ex: SqlExecutor, id: string, includeDeleted: boolean): Promise<WorkItemDetailParts> {
  const rows = await ex.all<Row>(includeDeleted ? STATEMENTS.withDeleted : STATEMENTS.live, [id, id, id, id, id, id]);
  const parts: Record<string, Row[]> = { a: [], d: [], e: [], p: [] };
  for (const row of rows) parts[String(row.part)]!.push(row);
  return {
    lineage: sortBy(parts.a!.map(toWorkItem), (w) => [w.depth]),
    descendants: sortBy(parts.d!, (r) => [Number(r.depth), iso(r.created_at), String(r.id)]).map(toWorkItemSummaryRow),
    dependencies: sortBy(parts.e!, (r) => [iso(r.e_created_at), String(r.e_id)]).map((r) => ({
      ...toDependency({ id: r.e_id, source_id: r.e_source_id, target_id: r.e_target_id, dependency_type: r.e_type, created_at: r.e_created_at, created_by: r.e_created_by }),
      other: { id: String(r.id), title: String(r.title), status: r.status as WorkItem['status'], deleted_at: isoOrNull(r.deleted_at) },
    })),
    deployments: sortBy(
      parts.p!.map((r) => ({ id: String(r.p_id), deployed_at: iso(r.p_deployed_at), commit_hash: String(r.p_commit_hash), pr_number: Number(json<DeploymentMetadata>(r.p_metadata).pr_number) })),
      (d) => [d.deployed_at, d.id],
    ).reverse(),
  };
}
