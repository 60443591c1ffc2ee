import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus } from '../src/open/open.js';
import { getWorkItemDetail } from '../src/sql/detail-queries.js';
import { isKeyed } from '../src/sql/executor.js';
import { PostgresExecutor, toPositional } from '../src/sql/postgres-executor.js';
import { getVendorByName } from '../src/sql/vendor-deployment-queries.js';
import { listWorkItems } from '../src/sql/work-item-queries.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '../src/testing/databases.js';

const pgReason = await postgresUnavailableReason();
// Reason kept visible in the output: this machine has no PostgreSQL (never skipped under CI).
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] PostgreSQL plan policy: ${pgReason}`);

/**
 * The plan policy on PostgreSQL: only keyed statements (every parameter a key)
 * are prepared by name and may settle on a generic plan; everything else runs
 * unnamed, planned for its actual values — a generic plan for `limit ?` once
 * made query_work_item walk every deployment.
 */
(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('PostgreSQL plan policy', () => {
  let db: TestDatabase;
  let pool: pg.Pool;
  let ex: PostgresExecutor;
  let itemId: string;

  beforeAll(async () => {
    if (pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
    db = await createPostgresDatabase('plans');
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
    const root = await ps.create_work_item({ item_type: 'project', title: 'root', metadata: { description: 'r' } });
    itemId = (await ps.create_work_item({ item_type: 'task', title: 'child', parent_id: root.id })).id;
    await ps.create_vendor({ name: 'Acme' });
    await ps.close();
    // One connection, so every statement below is prepared (or not) on the session we inspect.
    pool = new pg.Pool({ connectionString: db.url, max: 1 });
    ex = new PostgresExecutor(pool);
  });

  afterAll(async () => {
    await ex?.close();
    await db?.drop();
  });

  it('prepares keyed statements only, and lets them run on a generic plan', async () => {
    for (let i = 0; i < 8; i++) {
      await getWorkItemDetail(ex, itemId, false);
      await getVendorByName(ex, 'acme');
      await listWorkItems(ex, { include_deleted: false, status: 'active', now: new Date().toISOString() }, { limit: 10, offset: 0 });
    }
    const prepared = await ex.all<{ statement: string; generic_plans: string }>('select statement, generic_plans from pg_prepared_statements');
    const keyedTexts = prepared.map((p) => p.statement);
    // The detail read and the vendor lookup are there; the list page (status = ?, limit ?, offset ?) is not.
    expect(keyedTexts.some((t) => t.includes('with recursive up'))).toBe(true);
    expect(keyedTexts.some((t) => t.includes('from vendors where lower(name)'))).toBe(true);
    expect(keyedTexts.some((t) => t.includes('offset'))).toBe(false);
    const detail = prepared.find((p) => p.statement.includes('with recursive up'))!;
    expect(Number(detail.generic_plans)).toBeGreaterThan(0);
  });

  it('names a statement exactly when it is keyed', async () => {
    const detailSql: string[] = [];
    await getWorkItemDetail({ engine: 'postgres', all: async (sql: string) => (detailSql.push(sql), []), get: async () => undefined, run: async () => 0 }, itemId, false);
    expect(detailSql).toHaveLength(1);
    expect(isKeyed(detailSql[0]!)).toBe(true);
    expect(toPositional(detailSql[0]!)).toContain('$6');
    expect(isKeyed('select 1')).toBe(false);
  });
});
