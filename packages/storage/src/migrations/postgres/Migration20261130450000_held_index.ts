import { Migration } from '@mikro-orm/migrations';

/**
 * The items someone holds, by status and last update (`list_work_items` with
 * `held: true`, the board's In progress column): only assigned rows, so it
 * stays small, and a page of held items is read in index order.
 */
export class Migration20261130450000_held_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "work_items_held_idx" on "work_items" ("status", "deleted_at", "updated_at", "id") where "assignee" is not null');
  }
}
