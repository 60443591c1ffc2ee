/**
 * A page and its total: two statements in parallel on two pool connections
 * (before) against one statement (`with counted as (…), p as (…)`, what the
 * store runs now, so both come from one snapshot), on PostgreSQL at 100×
 * (120 000 work items, inserted with one INSERT … SELECT rather than the
 * catalog seed, which takes minutes there). Raw driver on both sides, pool of
 * 10 like the store's; sides alternate in blocks of 10.
 *
 *   pnpm --filter @project-status/bench exec tsx src/page-count-bench.ts -- --iterations 300
 */
import pg from 'pg';
import { openProjectStatus } from '@project-status/storage';
import { createBenchDatabase } from './databases.js';

const ITEMS = 120_000;
const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1] || 300);
const adminUrl = process.env.PROJECT_STATUS_BENCH_POSTGRES_URL ?? process.env.PROJECT_STATUS_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const W =
  'w.id, w.item_type, w.title, w.status, w.parent_id, w.path, w.depth, w.branch_name, w.commit_hash, w.pr_number, w.metadata, w.labels, w.assignee, w.deleted_at, w.version, w.created_at, w.updated_at, w.created_by, w.updated_by, w.short_id, w.priority, w.lease_expires_at, w.lease_seconds, w.close_reason';

const listPage = `select ${W} from work_items w where w.deleted_at is null order by w.updated_at desc, w.id desc limit $1 offset $2`;
const listCount = `select count(*) as n from work_items w where w.deleted_at is null`;
const listOne = `with counted as (select count(*) as n from work_items w where w.deleted_at is null), p as (select ${W} from work_items w where w.deleted_at is null order by w.updated_at desc, w.id desc limit $1 offset $2) select p.*, counted.n as page_total from counted left join p on true order by p.updated_at desc, p.id desc`;
const searchPage = `select ${W} from (select id, ts_rank(document, q) as rank from work_items_fts, plainto_tsquery('english', $1) q where document @@ q and live order by rank desc, id desc limit $2 offset $3) f join work_items w on w.id = f.id order by f.rank desc, f.id desc`;
const searchCount = `select count(*) as n from work_items_fts where document @@ plainto_tsquery('english', $1) and live`;
const searchOne = `with counted as (select count(*) as n from work_items_fts where document @@ plainto_tsquery('english', $1) and live), p as (select ${W}, f.rank as search_rank from (select id, ts_rank(document, q) as rank from work_items_fts, plainto_tsquery('english', $2) q where document @@ q and live order by rank desc, id desc limit $3 offset $4) f join work_items w on w.id = f.id) select p.*, counted.n as page_total from counted left join p on true order by p.search_rank desc, p.id desc`;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const db = await createBenchDatabase('postgres', adminUrl, 'pagecount');
  try {
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
    const template = await ps.create_work_item({ item_type: 'task', title: 'template' });
    const pool = new pg.Pool({ connectionString: db.url, max: 10 });
    // Every column but the ones that must differ copied from a real row; 1 in 22 titles holds the searched word, 1 % deleted.
    await pool.query(
      `insert into work_items (id, item_type, title, status, parent_id, path, depth, metadata, labels, version, created_at, updated_at, created_by, updated_by, short_id, priority, deleted_at)
       select md5('item' || g)::uuid, item_type, case when g % 22 = 0 then 'zebra fence ' || g else 'task number ' || g end, status, null, '/' || md5('item' || g)::uuid, 0, metadata, labels, 1,
              created_at - make_interval(secs => g), updated_at - make_interval(secs => g), created_by, updated_by, 'b' || g, priority,
              case when g % 100 = 0 then updated_at else null end
       from work_items, generate_series(1, ${ITEMS}) g where id = $1`,
      [template.id],
    );
    await pool.query('vacuum analyze');
    const rows = {
      'list page (50, offset 0)': { two: () => Promise.all([pool.query(listPage, [50, 0]), pool.query(listCount)]), one: () => pool.query(listOne, [50, 0]) },
      'list page (50, offset 5 000)': { two: () => Promise.all([pool.query(listPage, [50, 5000]), pool.query(listCount)]), one: () => pool.query(listOne, [50, 5000]) },
      'search (20, ~5 % of titles)': { two: () => Promise.all([pool.query(searchPage, ['zebra', 20, 0]), pool.query(searchCount, ['zebra'])]), one: () => pool.query(searchOne, ['zebra', 'zebra', 20, 0]) },
    };
    console.log(`| ${ITEMS} work items, ${iterations} calls per side | two statements in parallel p50 / p95 (ms) | one statement p50 / p95 (ms) | ps.list_work_items p50 (ms) |`);
    console.log('|---|---|---|---|');
    for (const [name, sides] of Object.entries(rows)) {
      const two: number[] = [];
      const one: number[] = [];
      const viaStore: number[] = [];
      for (let i = 0; i < 20; i++) await Promise.all([sides.two(), sides.one()]);
      for (let block = 0; block < iterations / 10; block++) {
        for (const [side, out] of [[sides.two, two], [sides.one, one]] as const) {
          for (let i = 0; i < 10; i++) {
            const t = performance.now();
            await side();
            out.push(performance.now() - t);
          }
        }
        if (name.startsWith('list page (50, offset 0)')) {
          const t = performance.now();
          await ps.list_work_items({ limit: 50 });
          viaStore.push(performance.now() - t);
        }
      }
      const f = (xs: number[]) => `${pct(xs, 50).toFixed(2)} / ${pct(xs, 95).toFixed(2)}`;
      console.log(`| ${name} | ${f(two)} | ${f(one)} | ${viaStore.length ? pct(viaStore, 50).toFixed(2) : '—'} |`);
    }
    await pool.end();
    await ps.close();
  } finally {
    await db.drop();
  }
}

await main();
