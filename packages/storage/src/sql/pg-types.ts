import { pgUtcTimestampToIso } from './mappers.js';

/** PostgreSQL's type OID of `timestamptz`. */
const TIMESTAMPTZ_OID = 1184;

/**
 * The result parsers the mappers expect: timestamptz as the canonical ISO
 * string they pass through; everything else as node-postgres parses it.
 */
export async function pgResultTypes(): Promise<{ getTypeParser(oid: number, format?: 'text' | 'binary'): unknown }> {
  const { default: pg } = await import('pg');
  const parseTimestamptz = pg.types.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => unknown;
  const timestamptz = (text: string) => pgUtcTimestampToIso(text) ?? parseTimestamptz(text);
  return {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMPTZ_OID && format !== 'binary' ? timestamptz : pg.types.getTypeParser(oid, format)),
  };
}
