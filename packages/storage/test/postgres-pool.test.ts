import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openProjectStatus, type ProjectStatusHandle } from '../src/open/open.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, TEST_POSTGRES_URL, type TestDatabase } from '../src/testing/databases.js';

const pgReason = await postgresUnavailableReason();
// Reason kept visible in the output: this machine has no PostgreSQL (never skipped under CI).
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] PostgreSQL pool: ${pgReason}`);

(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('a small PostgreSQL pool under many concurrent calls', () => {
  let db: TestDatabase;
  let ps: ProjectStatusHandle;
  let admin: pg.Client;

  beforeAll(async () => {
    db = await createPostgresDatabase('pool');
    ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test', postgres: { poolSize: 2, poolTimeoutMs: 300_000 } }); // a loaded CI machine must not turn this into a timing test
    admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
  });

  afterAll(async () => {
    await admin?.end();
    await ps?.close();
    await db?.drop();
  });

  it('answers 1 000 concurrent reads and writes, all of them, queueing for 2 connections instead of failing', { timeout: 120_000 }, async () => {
    const parent = await ps.create_work_item({ item_type: 'project', title: 'pool', metadata: { description: 'x' } });
    const name = new URL(db.url).pathname.slice(1);
    let most = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const { rows } = await admin.query<{ n: string }>('select count(*) as n from pg_stat_activity where datname = $1', [name]);
        most = Math.max(most, Number(rows[0]!.n));
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    const calls = Array.from({ length: 1000 }, (_, i) => {
      if (i % 4 === 0) return ps.create_work_item({ item_type: 'task', title: `t${i}`, parent_id: parent.id });
      if (i % 4 === 1) return ps.list_ready_work({ limit: 5 });
      if (i % 4 === 2) return ps.query_work_item({ id: parent.id });
      return ps.list_work_items({ parent_id: parent.id, limit: 10 });
    });
    const results = await Promise.allSettled(calls);
    sampling = false;
    await sampler;
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    expect(failures.slice(0, 3)).toEqual([]);
    expect((await ps.list_work_items({ parent_id: parent.id })).total_count).toBe(250);
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(2); // the pool size was honoured
  });
});
