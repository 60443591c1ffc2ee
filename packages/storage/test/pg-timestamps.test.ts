import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/open/open.js';
import { pgUtcTimestampToIso } from '../src/sql/mappers.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, TEST_POSTGRES_URL, type TestDatabase } from '../src/testing/databases.js';

describe('pgUtcTimestampToIso', () => {
  it('writes the UTC text forms as Date#toISOString would, cutting the fraction to milliseconds', () => {
    expect(pgUtcTimestampToIso('2026-10-02 03:10:27.053+00')).toBe('2026-10-02T03:10:27.053Z');
    expect(pgUtcTimestampToIso('2026-10-02 03:10:27+00')).toBe('2026-10-02T03:10:27.000Z');
    expect(pgUtcTimestampToIso('2026-10-02 03:10:27.5+00')).toBe('2026-10-02T03:10:27.500Z');
    expect(pgUtcTimestampToIso('2026-10-02 03:10:27.999999+00')).toBe('2026-10-02T03:10:27.999Z');
  });

  it('leaves every other form to the driver', () => {
    for (const text of ['2026-10-02 05:10:27.053+02', '2026-10-02 03:10:27.053+05:30', 'infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '12026-01-01 00:00:00+00', '2026-10-02T03:10:27.053Z']) {
      expect(pgUtcTimestampToIso(text), text).toBeNull();
    }
  });
});

const pgReason = await postgresUnavailableReason();
// Reason kept visible in the output: this machine has no PostgreSQL (never skipped under CI).
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] PostgreSQL timestamp text: ${pgReason}`);

(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('timestamps from a real PostgreSQL', () => {
  let client: pg.Client;
  let db: TestDatabase | undefined;

  beforeAll(async () => {
    if (pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
    // Default type parsers: the server's own text, and the Date the driver would make of it.
    client = new pg.Client({ connectionString: TEST_POSTGRES_URL, types: { getTypeParser: () => (text: string) => text } });
    await client.connect();
  });

  afterAll(async () => {
    await client?.end();
    await db?.drop();
  });

  it('agrees with the driver on what the server writes in a UTC session', async () => {
    await client.query(`set timezone = 'UTC'`);
    const { rows } = await client.query<{ t: string }>(
      `select (timestamptz '2026-01-01 00:00:00+00' + n * interval '37 hours 13 minutes 7.123457 seconds')::timestamptz as t from generate_series(-400, 400) n
       union all select timestamptz '2026-11-26 01:02:03+00' union all select timestamptz '1999-12-31 23:59:59.9999+00'`,
    );
    const driverParse = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;
    expect(rows.length).toBe(803);
    for (const { t } of rows) expect(pgUtcTimestampToIso(t), t).toBe(driverParse(t).toISOString());
  });

  it('still reads ISO UTC times from a database whose time zone is not UTC', async () => {
    db = await createPostgresDatabase('tz');
    await client.query(`alter database "${new URL(db.url).pathname.slice(1)}" set timezone = 'Asia/Kolkata'`);
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
    try {
      const created = await ps.create_vendor({ name: 'Acme' });
      const read = await ps.query_vendor_status({ name: 'acme' });
      expect(read.created_at).toBe(created.created_at);
      expect(read.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    } finally {
      await ps.close();
    }
  });
});
