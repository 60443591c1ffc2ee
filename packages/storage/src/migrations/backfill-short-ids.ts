import { MIN_SHORT_ID_LENGTH, shortIdFor } from '@project-status/core';

/** What a migration offers to run its statements (MikroORM's `Migration#execute`). */
type Execute = (sql: string, params?: unknown[]) => Promise<unknown>;

const ROWS_PER_STATEMENT = 400;

/**
 * Gives every existing live and archived work item its short id, in the order
 * the items were created, lengthening a candidate that an earlier item took —
 * the rule inserts follow. Runs inside the migration's transaction: a staging
 * table of (id, short_id), filled with multi-row INSERTs, then one UPDATE … FROM
 * per table (SQLite ≥ 3.33 and PostgreSQL both have it).
 */
export async function backfillShortIds(execute: Execute, idType: 'text' | 'uuid'): Promise<void> {
  await execute(`create table short_id_backfill (id ${idType} not null primary key, short_id varchar(26) not null)`);
  for (const table of ['work_items', 'archived_work_items']) {
    const rows = (await execute(`select id from ${table} order by created_at, id`)) as { id: string }[];
    const taken = new Set<string>();
    const pairs = rows.map(({ id }) => {
      let length = MIN_SHORT_ID_LENGTH;
      let candidate = shortIdFor(String(id), length);
      while (taken.has(candidate)) candidate = shortIdFor(String(id), ++length);
      taken.add(candidate);
      return [String(id), candidate] as const;
    });
    for (let i = 0; i < pairs.length; i += ROWS_PER_STATEMENT) {
      const chunk = pairs.slice(i, i + ROWS_PER_STATEMENT);
      await execute(`insert into short_id_backfill (id, short_id) values ${chunk.map(() => '(?, ?)').join(', ')}`, chunk.flat());
    }
    await execute(`update ${table} set short_id = b.short_id from short_id_backfill b where b.id = ${table}.id`);
    await execute(`delete from short_id_backfill`);
  }
  await execute(`drop table short_id_backfill`);
}
