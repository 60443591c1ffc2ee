import { Migration } from '@mikro-orm/migrations';
import { backfillShortIds } from '../backfill-short-ids.js';

/**
 * Agent workflow: work item priority, short ids, claim leases, close reasons,
 * and the append-only notes table. Statements run in order (not queued with
 * addSql) because the short ids are computed from the rows the earlier
 * statements extended.
 */
export class Migration20261130100000_agent_workflow extends Migration {
  override async up(): Promise<void> {
    const run = (sql: string, params?: unknown[]) => this.execute(sql, params as never);
    for (const table of ['work_items', 'archived_work_items']) {
      await run(
        `alter table "${table}" add column "short_id" varchar(26) null, add column "priority" int not null default 3, add column "lease_expires_at" timestamptz null, add column "lease_seconds" int null, add column "close_reason" varchar(500) null`,
      );
      await run(`alter table "${table}" add constraint ${table}_priority_check check(priority >= 1 and priority <= 5)`);
    }
    await run('drop index "work_items_status_idx"');
    await run('create index "work_items_status_idx" on "work_items" ("status", "deleted_at", "priority", "depth", "created_at", "id")');
    await backfillShortIds(run, 'uuid');
    await run('alter table "work_items" add constraint "work_items_short_id_unique" unique ("short_id")');
    await run('create table "work_item_notes" ("id" uuid not null, "work_item_id" uuid not null, "author" varchar(100) not null, "text" text not null, "created_at" timestamptz not null, constraint "work_item_notes_pkey" primary key ("id"))');
    await run('create index "work_item_notes_item_idx" on "work_item_notes" ("work_item_id", "created_at")');
  }
}
