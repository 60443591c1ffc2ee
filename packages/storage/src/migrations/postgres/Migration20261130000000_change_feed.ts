import { Migration } from '@mikro-orm/migrations';

/**
 * The change feed: `history.seq` numbers every history row in commit order.
 * Rows written before this migration are numbered by (at, id).
 */
export class Migration20261130000000_change_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "history" add column "seq" bigint null');
    this.addSql('update "history" h set "seq" = n.seq from (select "id", row_number() over (order by "at", "id") as seq from "history") n where h."id" = n."id"');
    this.addSql('alter table "history" alter column "seq" set not null');
    this.addSql('alter table "history" add constraint "history_seq_unique" unique ("seq")');
  }
}
