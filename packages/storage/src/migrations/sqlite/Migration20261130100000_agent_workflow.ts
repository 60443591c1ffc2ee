import { Migration } from '@mikro-orm/migrations';
import { backfillShortIds } from '../backfill-short-ids.js';

/**
 * Agent workflow: work item priority, short ids, claim leases, close reasons,
 * and the append-only notes table. Statements run in order (not queued with
 * addSql) because the short ids are computed from the rows the earlier
 * statements extended. SQLite takes a CHECK on an added column as a column
 * constraint, written the way the schema-diff test reads it back.
 */
export class Migration20261130100000_agent_workflow extends Migration {
  override async up(): Promise<void> {
    const run = (sql: string, params?: unknown[]) => this.execute(sql, params as never);
    for (const table of ['work_items', 'archived_work_items']) {
      await run(`alter table \`${table}\` add column \`short_id\` text null`);
      await run(`alter table \`${table}\` add column \`priority\` integer not null default 3 constraint ${table}_priority_check check (priority >= 1 and priority <= 5)`);
      await run(`alter table \`${table}\` add column \`lease_expires_at\` datetime null`);
      await run(`alter table \`${table}\` add column \`lease_seconds\` integer null`);
      await run(`alter table \`${table}\` add column \`close_reason\` text null`);
    }
    await run('drop index `work_items_status_idx`');
    await run('create index `work_items_status_idx` on `work_items` (`status`, `deleted_at`, `priority`, `depth`, `created_at`, `id`)');
    await backfillShortIds(run, 'text');
    await run('create unique index `work_items_short_id_unique` on `work_items` (`short_id`)');
    await run('create table `work_item_notes` (`id` text not null, `work_item_id` text not null, `author` text not null, `text` text not null, `created_at` datetime not null, primary key (`id`))');
    await run('create index `work_item_notes_item_idx` on `work_item_notes` (`work_item_id`, `created_at`)');
  }
}
