import { Migration } from '@mikro-orm/migrations';

/**
 * The items someone holds, by status and last update (`list_work_items` with
 * `held: true`, the board's In progress column): only assigned rows, so it
 * stays small. Without it SQLite (which keeps no statistics here) walks every
 * live item of the status to find the few held ones — ~50 ms for a page and
 * its count at 100× scale, against ~1 ms.
 */
export class Migration20261130450000_held_index extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index `work_items_held_idx` on `work_items` (`status`, `deleted_at`, `updated_at`, `id`) where `assignee` is not null');
  }
}
