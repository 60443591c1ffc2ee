import type { WorkItemQuery } from '@project-status/core';
import type { SqlExecutor, SqlParam } from './executor.js';

/** `(?, ?, ?)` for an IN list. */
export function placeholders(values: readonly unknown[]): string {
  return `(${values.map(() => '?').join(', ')})`;
}

/** Rows per INSERT statement: 19 work item columns × 50 rows stays under every engine's parameter limit. */
const ROWS_PER_INSERT = 50;

/** What {@link insertRows} does with a row whose key the table already holds (default: the statement fails). */
export interface InsertRowsOptions {
  /** `insert or replace`: the held row is replaced (SQLite only — the fallback cache's copies). */
  replace?: boolean;
  /** A clause after the values, e.g. `on conflict (id) do nothing`. */
  onConflict?: string;
}

/**
 * Inserts `rows` (one parameter array per row, in `columns` order) with
 * multi-row INSERTs: one row is one plain INSERT, and a sample-sized legacy
 * import becomes ~10 statements instead of the ~130 a round trip per row costs.
 * Answers how many rows were written.
 */
export async function insertRows(ex: SqlExecutor, table: string, columns: readonly string[], rows: readonly SqlParam[][], options: InsertRowsOptions = {}): Promise<number> {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const verb = options.replace ? 'insert or replace' : 'insert';
  const tail = options.onConflict ? ` ${options.onConflict}` : '';
  let written = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    const chunk = rows.slice(i, i + ROWS_PER_INSERT);
    written += await ex.run(`${verb} into ${table} (${columns.join(', ')}) values ${chunk.map(() => one).join(', ')}${tail}`, chunk.flat());
  }
  return written;
}

/** WHERE clauses plus their parameters, built up in order. */
export class Where {
  readonly clauses: string[] = [];
  readonly params: SqlParam[] = [];

  add(clause: string, ...params: SqlParam[]): this {
    this.clauses.push(clause);
    this.params.push(...params);
    return this;
  }

  toString(): string {
    return this.clauses.length ? `where ${this.clauses.join(' and ')}` : '';
  }
}

/** "labels contains label", per dialect. */
export function labelClause(ex: SqlExecutor, alias: string): string {
  return ex.engine === 'postgres'
    ? `${alias}.labels @> cast(? as jsonb)`
    : `exists (select 1 from json_each(${alias}.labels) where value = ?)`;
}

/**
 * Someone holds `alias` at the instant `?`: it is live and unfinished, assigned,
 * and its claim's lease has not ended (no lease: held until released) — what
 * `listHeldWork` shows its holder. Completing or deleting an item ends its lease
 * but keeps the assignee (who did it), so the status and deletion count too.
 * Never NULL, so `not (…)` is its exact complement.
 */
export function heldClause(alias: string): string {
  return `(${alias}.deleted_at is null and ${alias}.status <> 'completed' and ${alias}.assignee is not null and (${alias}.lease_expires_at is null or ${alias}.lease_expires_at > ?))`;
}

/** A claim no longer keeps `alias` at the instant `?`: unassigned, or its lease has ended (what ready work and a claim ask of an active item). */
export function notHeldClause(alias: string): string {
  return `(${alias}.assignee is null or ${alias}.lease_expires_at <= ?)`;
}

/**
 * The shared list/search filters of work items.
 *
 * `held: true` next to a status reads the partial index of assigned rows
 * (`work_items_held_idx`: status, deleted_at, updated_at, id where assignee is
 * not null), held items being few; without it SQLite, which keeps no
 * statistics, walked every live item of the status (~50 ms a page and count
 * at 100×). `held: false` keeps nearly every row: the status walk serves it.
 */
export function workItemWhere(ex: SqlExecutor, filter: Partial<WorkItemQuery>, alias = 'w', where = new Where()): Where {
  if (!filter.include_deleted) where.add(`${alias}.deleted_at is null`);
  if (filter.item_type) where.add(`${alias}.item_type = ?`, filter.item_type);
  if (filter.status) where.add(`${alias}.status = ?`, filter.status);
  if (filter.priority) where.add(`${alias}.priority = ?`, filter.priority);
  if (filter.parent_id === null) where.add(`${alias}.parent_id is null`);
  else if (filter.parent_id) where.add(`${alias}.parent_id = ?`, filter.parent_id);
  if (filter.branch_name) where.add(`${alias}.branch_name = ?`, filter.branch_name);
  if (filter.assignee) where.add(`${alias}.assignee = ?`, filter.assignee);
  if (filter.held !== undefined) {
    if (!filter.now) throw new Error('workItemWhere: the held filter needs the current instant (now)');
    where.add(filter.held ? heldClause(alias) : `not ${heldClause(alias)}`, filter.now);
  }
  if (filter.label) where.add(labelClause(ex, alias), ex.engine === 'postgres' ? JSON.stringify([filter.label]) : filter.label);
  return where;
}

/** Recursive CTE `sub(id, lvl)`: `?` root and its descendants up to `?` levels below it. */
export const SUBTREE_CTE = `with recursive sub(id, lvl) as (
  select id, 0 from work_items where id = ?
  union all
  select c.id, sub.lvl + 1 from work_items c join sub on c.parent_id = sub.id where sub.lvl < ?
)`;

export function count(row: { n?: unknown } | undefined): number {
  return Number(row?.n ?? 0);
}

/** A page of rows and the number of rows it was cut from. */
export interface CountedPage {
  rows: Record<string, unknown>[];
  total: number;
}

/**
 * A page and the count of all the rows it was cut from, in one statement, so
 * both come from one snapshot and agree while other connections add or
 * remove rows (as two statements, each saw its own moment: an offset-3 page
 * of 3 items with a total of 7). The page and the count keep the plans they
 * have on their own (a top-N on the page's index, a count on the filter's);
 * the outer `order` (on `p.` columns the page selects) only re-sorts the at
 * most `limit` rows of the page. Every table paged here has an `id` column,
 * which is null only in the one row an empty page leaves.
 *
 * @param countSql `select count(*) as n from …`
 * @param pageSql `select … order by … limit ? offset ?`
 */
export async function countedPage(ex: SqlExecutor, count: { sql: string; params: readonly SqlParam[] }, page: { sql: string; params: readonly SqlParam[] }, order: string): Promise<CountedPage> {
  const rows = await ex.all<Record<string, unknown>>(
    `with counted as (${count.sql}), p as (${page.sql}) select p.*, counted.n as page_total from counted left join p on true order by ${order}`,
    [...count.params, ...page.params],
  );
  return { rows: rows.filter((r) => r.id !== null && r.id !== undefined), total: Number(rows[0]?.page_total ?? 0) };
}
