import { MAX_DEPTH, NOTES_SHOWN, type DependencyWithOther, type DeploymentMetadata, type DeploymentRef, type NoteRef, type WorkItem, type WorkItemSummary } from '@project-status/core';
import { keyed, type SqlExecutor } from './executor.js';
import { iso, isoOrNull, json, toDependency, toWorkItem, toWorkItemSummaryRow, WORK_ITEM_COLUMNS } from './mappers.js';

/**
 * The reads behind `query_work_item` — lineage, descendant tree, dependency
 * edges, newest deployments — defined once as four parts, composed per engine
 * by what each engine pays for:
 * - PostgreSQL pays per statement (a round trip and executor start-up; four
 *   statements made this the slowest hot read, 1.4 ms p50 over MCP), so the
 *   parts run as UNION ALL branches of ONE statement, each branch padding the
 *   others' columns with typed NULLs. (Aggregating the parts with json_agg
 *   was measured slower: building and parsing the JSON cost more than the
 *   round trips it saved.)
 * - SQLite runs in process, so a statement costs nothing extra, but every
 *   returned column does: the padded union made a 150-item tree 2× slower.
 *   There the parts run as four narrow statements.
 * Every parameter is the item's id, so the plans do not depend on values: the
 * statements are {@link keyed}, and PostgreSQL reuses one generic plan.
 *
 * The recursive parts carry the columns they return instead of joining back
 * to `work_items` afterwards, so each step is an index lookup (primary key
 * upwards, `parent_id` downwards) whatever the planner's statistics say — a
 * join back was planned as a scan of 120 000 rows on a database that had not
 * been analysed yet.
 */
const DEPLOYMENTS_SHOWN = 20;

/** A returned column: its name, the expression in its own part, its SQL type (for NULL padding in PostgreSQL's UNION). */
type Column = readonly [name: string, expr: string, type: string];
interface Part {
  key: 'a' | 'd' | 'e' | 'p' | 'n';
  /** The recursive CTE the part reads, if any. */
  cte?: string;
  columns: readonly Column[];
  /** FROM … WHERE …, every `?` being the item id. */
  from: string;
}

/** Column types as the migrations create them (a type PostgreSQL cannot unify fails every query_work_item test on it). */
const TYPES: Record<string, string> = {
  id: 'uuid', item_type: 'text', title: 'varchar(200)', status: 'text', parent_id: 'uuid', path: 'text', depth: 'int',
  branch_name: 'varchar(100)', commit_hash: 'varchar(40)', pr_number: 'int', metadata: 'jsonb', labels: 'jsonb', assignee: 'varchar(100)',
  deleted_at: 'timestamptz', version: 'int', created_at: 'timestamptz', updated_at: 'timestamptz', created_by: 'varchar(100)', updated_by: 'varchar(100)',
  short_id: 'varchar(26)', priority: 'int', lease_expires_at: 'timestamptz', lease_seconds: 'int', close_reason: 'varchar(500)',
};
const itemColumns = (alias: string, names: readonly string[]): Column[] => names.map((n) => [n, `${alias}.${n}`, TYPES[n]!]);
const FULL = WORK_ITEM_COLUMNS.split(', ');
/** A descendant row: its summary plus depth and created_at, which order the tree. */
const DESCENDANT = ['id', 'short_id', 'item_type', 'title', 'status', 'priority', 'version', 'parent_id', 'assignee', 'lease_expires_at', 'deleted_at', 'updated_at', 'depth', 'created_at'];

/** The item and its ancestors, walking `parent_id` upwards (at most six rows). */
const UP = `up(lvl, ${FULL.join(', ')}) as (
  select 0, ${FULL.map((c) => `w.${c}`).join(', ')} from work_items w where w.id = ?
  union all
  select up.lvl + 1, ${FULL.map((c) => `p.${c}`).join(', ')} from up join work_items p on p.id = up.parent_id where up.lvl < ${MAX_DEPTH}
)`;
/** The item and its descendants, walking `parent_id` downwards. */
const SUB = `sub(lvl, ${DESCENDANT.join(', ')}) as (
  select 0, ${DESCENDANT.map((c) => `w.${c}`).join(', ')} from work_items w where w.id = ?
  union all
  select sub.lvl + 1, ${DESCENDANT.map((c) => `c.${c}`).join(', ')} from sub join work_items c on c.parent_id = sub.id where sub.lvl < ${MAX_DEPTH}
)`;

function parts(includeDeleted: boolean): Part[] {
  return [
    { key: 'a', cte: UP, columns: itemColumns('up', FULL), from: 'from up' },
    { key: 'd', cte: SUB, columns: itemColumns('sub', DESCENDANT), from: `from sub where sub.lvl > 0${includeDeleted ? '' : ' and sub.deleted_at is null'}` },
    {
      key: 'e',
      columns: [
        ...itemColumns('o', ['id', 'short_id', 'title', 'status', 'deleted_at']),
        ['e_id', 'e.id', 'uuid'], ['e_source_id', 'e.source_id', 'uuid'], ['e_target_id', 'e.target_id', 'uuid'],
        ['e_type', 'e.dependency_type', 'text'], ['e_created_at', 'e.created_at', 'timestamptz'], ['e_created_by', 'e.created_by', 'varchar(100)'],
      ],
      from: `from work_item_dependencies e join work_items o on o.id = case when e.source_id = ? then e.target_id else e.source_id end
  where e.source_id = ? or e.target_id = ?`,
    },
    {
      key: 'p',
      columns: [['p_id', 'x.id', 'uuid'], ['p_deployed_at', 'x.deployed_at', 'timestamptz'], ['p_commit_hash', 'x.commit_hash', 'varchar(40)'], ['p_metadata', 'x.metadata', 'jsonb']],
      from: `from (select d.id, d.deployed_at, d.commit_hash, d.metadata from deployment_work_items dw join deployments d on d.id = dw.deployment_id
  where dw.work_item_id = ? order by d.deployed_at desc, d.id desc limit ${DEPLOYMENTS_SHOWN}) x`,
    },
    {
      key: 'n',
      columns: [['n_id', 'n.id', 'uuid'], ['n_author', 'n.author', 'varchar(100)'], ['n_text', 'n.text', 'text'], ['n_created_at', 'n.created_at', 'timestamptz']],
      from: `from (select id, author, text, created_at from work_item_notes where work_item_id = ? order by created_at desc, id desc limit ${NOTES_SHOWN}) n`,
    },
  ];
}

/** `part` as a statement of its own, returning only its columns. */
function alone(part: Part): string {
  return keyed(`${part.cte ? `with recursive ${part.cte}\n` : ''}select '${part.key}' as part, ${part.columns.map(([name, expr]) => `${expr} as ${name}`).join(', ')} ${part.from}`);
}

/** All parts as one UNION ALL statement; each branch returns every part's columns, NULL where not its own. */
function together(all: Part[]): string {
  const names: Column[] = [];
  for (const part of all) for (const column of part.columns) if (!names.some(([n]) => n === column[0])) names.push(column);
  const ctes = all.flatMap((p) => (p.cte ? [p.cte] : []));
  const branches = all.map((part) => {
    const own = new Map(part.columns.map(([name, expr]) => [name, expr]));
    const list = names.map(([name, , type]) => `${own.get(name) ?? `cast(null as ${type})`} as ${name}`);
    return `select '${part.key}' as part, ${list.join(', ')} ${part.from}`;
  });
  return keyed(`with recursive ${ctes.join(',\n')}\n${branches.join('\nunion all\n')}`);
}

const PLANS = {
  postgres: { live: [together(parts(false))], withDeleted: [together(parts(true))] },
  sqlite: { live: parts(false).map(alone), withDeleted: parts(true).map(alone) },
};

/** Everything `query_work_item` shows around one item. */
export interface WorkItemDetailParts {
  /** The item's ancestors and the item itself, root first. */
  lineage: WorkItem[];
  /** Descendants (at most five levels down), by depth, then creation. */
  descendants: WorkItemSummary[];
  dependencies: DependencyWithOther[];
  /** The newest deployments linked to the item, newest first. */
  deployments: DeploymentRef[];
  /** The newest notes, newest first. */
  notes: NoteRef[];
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

const placeholderCount = (sql: string) => sql.split('?').length - 1;

/** The detail of `id` (one round trip on PostgreSQL); an empty lineage when no such item exists. */
export async function getWorkItemDetail(ex: SqlExecutor, id: string, includeDeleted: boolean): Promise<WorkItemDetailParts> {
  const statements = PLANS[ex.engine][includeDeleted ? 'withDeleted' : 'live'];
  const results = await Promise.all(statements.map((sql) => ex.all<Row>(sql, Array<string>(placeholderCount(sql)).fill(id))));
  const byPart: Record<string, Row[]> = { a: [], d: [], e: [], p: [], n: [] };
  for (const rows of results) for (const row of rows) byPart[String(row.part)]!.push(row);
  return {
    lineage: sortBy(byPart.a!.map(toWorkItem), (w) => [w.depth]),
    descendants: sortBy(byPart.d!, (r) => [Number(r.depth), iso(r.created_at), String(r.id)]).map(toWorkItemSummaryRow),
    dependencies: sortBy(byPart.e!, (r) => [iso(r.e_created_at), String(r.e_id)]).map((r) => ({
      ...toDependency({ id: r.e_id, source_id: r.e_source_id, target_id: r.e_target_id, dependency_type: r.e_type, created_at: r.e_created_at, created_by: r.e_created_by }),
      other: { id: String(r.id), short_id: String(r.short_id), title: String(r.title), status: r.status as WorkItem['status'], deleted_at: isoOrNull(r.deleted_at) },
    })),
    deployments: sortBy(
      byPart.p!.map((r) => ({ id: String(r.p_id), deployed_at: iso(r.p_deployed_at), commit_hash: String(r.p_commit_hash), pr_number: Number(json<DeploymentMetadata>(r.p_metadata).pr_number) })),
      (d) => [d.deployed_at, d.id],
    ).reverse(),
    notes: sortBy(byPart.n!, (r) => [iso(r.n_created_at), String(r.n_id)])
      .reverse()
      .map((r) => ({ author: String(r.n_author), text: String(r.n_text), created_at: iso(r.n_created_at) })),
  };
}
