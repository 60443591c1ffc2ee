import { Migration } from '@mikro-orm/migrations';
import { BACKFILL_DELETED_WITH } from '../deleted-with-backfill.js';

/**
 * `work_items.deleted_with`: the id of the item whose cascade delete took
 * this one, so a cascade restore can bring back exactly those children —
 * also after the parent itself was restored on its own.
 * Rows deleted before it are marked by {@link BACKFILL_DELETED_WITH}.
 */
export class Migration20261130000000_deleted_with extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "work_items" add column "deleted_with" uuid null');
    this.addSql(BACKFILL_DELETED_WITH);
  }
}
