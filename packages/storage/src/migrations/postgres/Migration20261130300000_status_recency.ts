import { Migration } from '@mikro-orm/migrations';

/**
 * Lists by status, newest update first (the board's In progress and Done
 * columns, `count_completions`), read in index order instead of sorting every
 * row of the status.
 */
export class Migration20261130300000_status_recency extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "work_items_status_updated_idx" on "work_items" ("status", "deleted_at", "updated_at", "id")');
  }
}
