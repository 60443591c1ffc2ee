import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ValidationError } from '@project-status/core';
import { openProjectStatus } from '../src/open/open.js';
import { createPostgresDatabase, createSqliteDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '../src/testing/index.js';
import type { ProjectStatusHandle } from '../src/open/open.js';
import { openTitles } from './examples/host-entities.js';
import { Invoice, invoiceWithTask, openService } from './examples/host-orm-transaction.js';
import { trackWithServicePool } from './examples/host-pool.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example = (name: string) => readFileSync(new URL(`./examples/${name}`, import.meta.url), 'utf8').trim();

describe('the README', () => {
  it.each(['host-pool.ts', 'host-orm-transaction.ts', 'host-entities.ts'])('shows %s as the test runs it', (name) => {
    expect(readme).toContain(example(name));
  });
});

const pgReason = await postgresUnavailableReason();

(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('a host on PostgreSQL', () => {
  const dbs: TestDatabase[] = [];
  const fresh = async (label: string) => {
    const db = await createPostgresDatabase(label);
    dbs.push(db);
    return db;
  };
  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("runs on the service's pool and leaves it open", async () => {
    expect(await trackWithServicePool((await fresh('host-pool')).url)).toBe('Reconcile invoices');
  });

  it("needs a pool's sessions to be in our schema already when a schema is asked for", async () => {
    const db = await fresh('host-pool-schema');
    const { default: pg } = await import('pg');
    const plain = new pg.Pool({ connectionString: db.url, max: 2 });
    await expect(openProjectStatus({ pool: plain, schema: 'tracker' })).rejects.toThrow(/search_path=tracker/);
    await plain.end();
    const inSchema = new pg.Pool({ connectionString: db.url, max: 2, options: '-c search_path=tracker' });
    const ps = await openProjectStatus({ pool: inSchema, schema: 'tracker' });
    await ps.create_work_item({ item_type: 'task', title: 'in tracker' });
    await ps.close();
    expect((await inSchema.query(`select count(*)::int as n from tracker.work_items`)).rows[0].n).toBe(1);
    await inSchema.end();
  });

  it('reads our tables with the exported entities after migrateProjectStatus', async () => {
    const db = await fresh('host-entities');
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
    await ps.create_work_item({ item_type: 'task', title: 'b' });
    await ps.create_work_item({ item_type: 'task', title: 'a' });
    await ps.close();
    expect(await openTitles(db.url)).toEqual(['a', 'b']);
  });

  describe("inside the host's MikroORM transaction", () => {
    let orm: MikroORM;
    let ps: ProjectStatusHandle;
    beforeAll(async () => {
      ({ orm, ps } = await openService((await fresh('host-orm')).url));
    });
    afterAll(async () => {
      await ps?.close();
      await orm?.close(true);
    });

    it('creates an invoice and its work item together', async () => {
      const invoice = await invoiceWithTask(orm, ps, 42, 'ACME');
      const task = await ps.store.getWorkItem(invoice.work_item_id);
      expect(task?.title).toBe('Chase invoice 42');
      // Read through the ORM's pool, whose own parsers hand timestamptz over as raw text.
      expect(task?.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(await orm.em.fork().count(Invoice, { id: 42 })).toBe(1);
    });

    it('rolls both back when the host fails after our write', async () => {
      const before = (await ps.list_work_items({})).items.length;
      // Invoice 42 exists: the host's insert fails at flush, after the work item was written.
      await expect(invoiceWithTask(orm, ps, 42, 'ACME again')).rejects.toThrow();
      expect((await ps.list_work_items({})).items.length).toBe(before);
    });

    it('rolls back only our own writes when an operation fails, leaving the host transaction usable', async () => {
      const made = await orm.em.transactional(async (em) => {
        const tracker = await ps.inTransaction(em);
        await expect(tracker.create_work_item({ item_type: 'task', title: 'orphan', parent_id: '01a20000-0000-7000-8000-00000000dead' })).rejects.toThrow();
        const task = await tracker.create_work_item({ item_type: 'task', title: 'after a failed one' });
        em.create(Invoice, { id: 43, customer: 'B', work_item_id: task.id });
        return task;
      });
      expect((await ps.store.getWorkItem(made.id))?.title).toBe('after a failed one');
    });

    it('refuses an EntityManager outside a transaction', async () => {
      await expect(ps.inTransaction(orm.em.fork())).rejects.toBeInstanceOf(ValidationError);
    });
  });
});

describe('a host on SQLite', () => {
  it('runs an operation inside its MikroORM transaction on the same file', async () => {
    const db = createSqliteDatabase();
    const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root });
    const { MikroORM } = await import('@mikro-orm/better-sqlite');
    const orm = await MikroORM.init({ dbName: db.file!, entities: [Invoice], schemaGenerator: { skipTables: [/^(?!invoice)/] } });
    try {
      await orm.schema.updateSchema();
      await expect(
        orm.em.transactional(async (em) => {
          const tracker = await ps.inTransaction(em);
          await tracker.create_work_item({ item_type: 'task', title: 'rolled back with the host' });
          throw new Error('host changed its mind');
        }),
      ).rejects.toThrow('host changed its mind');
      expect((await ps.list_work_items({})).items).toEqual([]);
      await orm.em.transactional(async (em) => {
        const tracker = await ps.inTransaction(em);
        const task = await tracker.create_work_item({ item_type: 'task', title: 'kept' });
        em.create(Invoice, { id: 1, customer: 'C', work_item_id: task.id });
      });
      expect((await ps.list_work_items({})).items.map((i) => i.title)).toEqual(['kept']);
    } finally {
      await orm.close(true);
      await ps.close();
      await db.drop();
    }
  });
});
