import type { Change, ChangeQuery, HistoryEntry } from '@project-status/core';
import { jsonParam, keyed, type SqlExecutor, type SqlParam } from '../sql/executor.js';
import { placeholders } from '../sql/fragments.js';
import { toChange } from '../sql/mappers.js';

/** PostgreSQL advisory lock that serialises the numbering of history rows (held from numbering to commit). */
export const FEED_LOCK_KEY = 7_301_005;
/** PostgreSQL channel every commit with history notifies; the payload is the newest seq. */
export const FEED_CHANNEL = 'project_status_changes';

const COLUMNS = 'id, entity_type, entity_id, version, action, actor, at, changes';
const CHUNK = 100;

/**
 * Writes a transaction's history rows, numbered. Called once, as the last
 * statement(s) before COMMIT, so that numbering and commit happen in the
 * same order:
 *
 * - PostgreSQL: a transaction-scoped advisory lock is taken first and held
 *   until the commit; the next numbering transaction waits for it, so its
 *   statement snapshot (READ COMMITTED, taken after the lock is granted) sees
 *   this commit and numbers after it. `pg_notify` is delivered at commit.
 * - SQLite: writers are already serialised by BEGIN IMMEDIATE.
 *
 * Returns the last sequence number written (0 when there was nothing).
 */
export async function writeNumberedHistory(ex: SqlExecutor, entries: readonly HistoryEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  let last = 0;
  if (ex.engine === 'postgres') {
    await ex.get(keyed('select pg_advisory_xact_lock(?) as locked'), [FEED_LOCK_KEY]);
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const values = chunk.map((_, n) => `(${n + 1}, ?::uuid, ?, ?, ?::int, ?, ?, ?::timestamptz, ?::jsonb)`).join(', ');
      const row = await ex.get<{ last: string }>(
        `with ins as (
           insert into history (seq, ${COLUMNS})
           select m.s + v.n, v.id, v.entity_type, v.entity_id, v.version, v.action, v.actor, v.at, v.changes
           from (select coalesce(max(seq), 0) as s from history) m
           cross join (values ${values}) as v(n, id, entity_type, entity_id, version, action, actor, at, changes)
           returning seq)
         select max(seq)::text as last, pg_notify('${FEED_CHANNEL}', max(seq)::text) from ins`,
        chunk.flatMap(historyParams),
      );
      last = Number(row?.last ?? 0);
    }
    return last;
  }
  const base = Number((await ex.get<{ s: number }>(keyed('select coalesce(max(seq), 0) as s from history')))?.s ?? 0);
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    await ex.run(
      `insert into history (seq, ${COLUMNS}) values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      chunk.flatMap((e, n) => [base + i + n + 1, ...historyParams(e)]),
    );
  }
  return base + entries.length;
}

function historyParams(e: HistoryEntry): SqlParam[] {
  return [e.id, e.entity_type, e.entity_id, e.version, e.action, e.actor, e.at, jsonParam(e.changes)];
}

/**
 * The feed window after `after`: rows up to the head read first. Sequence
 * numbers commit in order, so every row at or below a committed head is
 * already visible — none can appear later below the cursor a reader moves to.
 */
export async function listChanges(ex: SqlExecutor, q: ChangeQuery): Promise<{ rows: Change[]; head: number; oldest: number }> {
  const bounds = await ex.get<{ head: unknown; oldest: unknown }>(keyed('select (select max(seq) from history) as head, (select min(seq) from history) as oldest'));
  const head = Number(bounds?.head ?? 0);
  const oldest = Number(bounds?.oldest ?? 0);
  if (q.after >= head) return { rows: [], head, oldest };
  const where = ['seq > ?', 'seq <= ?'];
  const params: SqlParam[] = [q.after, head];
  if (q.entity_types?.length) {
    where.push(`entity_type in ${placeholders(q.entity_types)}`);
    params.push(...q.entity_types);
  }
  if (q.ids?.length) {
    where.push(`entity_id in ${placeholders(q.ids)}`);
    params.push(...q.ids);
  }
  const rows = await ex.all(`select seq, entity_type, entity_id, version, action, actor, at from history where ${where.join(' and ')} order by seq limit ?`, [...params, q.limit]);
  return { head, oldest, rows: rows.map(toChange) };
}
