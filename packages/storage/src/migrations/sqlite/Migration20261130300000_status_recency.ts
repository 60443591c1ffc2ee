import { Migration } from '@mikro-orm/migrations';

/**
 * Lists by status, newest update first (the board's In progress and Done
 * columns, `count_completions`): without it SQLite sorts every row of the
 * status — 40 000 completed items at 100× scale, ~170 ms a page.
 */
export class Migration20261130300000_status_recency extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index `work_items_status_updated_idx` on `work_items` (`status`, `deleted_at`, `updated_at`, `id`)');
  }
}
