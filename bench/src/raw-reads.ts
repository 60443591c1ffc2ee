/**
 * The two hot reads (`query_vendor_status`, `query_work_item`) as the raw
 * driver runs them: a copy of the store's SQL (`raw-sql.ts`, which the storage
 * bench checks against the store's answers), no validation, no mapping. Used by the
 * storage bench's raw side and by the "same work" servers of the latency
 * benches, so every baseline of these reads is the same code.
 */
import type { RawQueries, RawDriver, Row } from './raw-driver.js';
import { SQL } from './raw-sql.js';

export type RawRead = 'query_vendor_status' | 'query_work_item';

/** The argument each read takes. */
export const RAW_READ_ARG: Record<RawRead, 'name' | 'id'> = { query_vendor_status: 'name', query_work_item: 'id' };

export const rawVendorByName = (raw: RawQueries, name: string): Promise<Row[]> => raw.all(SQL.vendorByName, [name]);

/** The detail statements of the engine (one on PostgreSQL, four on SQLite); every placeholder is the id. */
export const rawWorkItemDetail = (raw: RawDriver, id: string): Promise<Row[][]> =>
  Promise.all(SQL.workItemDetail[raw.engine].map((sql) => raw.all(sql, Array<string>(sql.split('?').length - 1).fill(id))));

/**
 * Runs `read` with its one argument; the rows as the driver returns them, or
 * null when the vendor or item does not exist — as the real servers fail
 * then, so a bench whose arguments or SQL drifted never times empty lookups.
 */
export async function rawRead(raw: RawDriver, read: RawRead, arg: string): Promise<Row[] | Row[][] | null> {
  if (read === 'query_vendor_status') {
    const rows = await rawVendorByName(raw, arg);
    return rows.length > 0 ? rows : null;
  }
  const parts = await rawWorkItemDetail(raw, arg);
  return parts.some((rows) => rows.some((row) => row.part === 'a')) ? parts : null;
}

/** Opens the raw driver a "same work" server was started for: `sqlite <file>` or `postgres <url>`. */
export async function openRawFromArgs(argv: string[]): Promise<RawDriver> {
  const [engine, target] = argv;
  const { openRawPostgres, openRawSqlite } = await import('./raw-driver.js');
  if (engine === 'sqlite' && target) return openRawSqlite(target);
  if (engine === 'postgres' && target) return openRawPostgres(target);
  throw new Error(`usage: <server> sqlite <file> | postgres <url> (got ${argv.join(' ') || 'nothing'})`);
}
