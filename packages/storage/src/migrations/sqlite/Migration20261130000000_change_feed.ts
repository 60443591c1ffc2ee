import { Migration } from '@mikro-orm/migrations';

/**
 * The change feed: `history.seq` numbers every history row in commit order.
 * Rows written before this migration are numbered by (at, id). SQLite cannot
 * add a NOT NULL column without a default, so the table is rebuilt.
 */
export class Migration20261130000000_change_feed extends Migration {
  override async up(): Promise<void> {
    this.addSql("create table `history__new` (`id` text not null, `seq` bigint not null, `entity_type` text not null, `entity_id` text not null, `version` integer not null, `action` text not null, `actor` text not null, `at` datetime not null, `changes` json not null, primary key (`id`))");
    this.addSql("insert into `history__new` (`id`, `seq`, `entity_type`, `entity_id`, `version`, `action`, `actor`, `at`, `changes`) select `id`, row_number() over (order by `at`, `id`), `entity_type`, `entity_id`, `version`, `action`, `actor`, `at`, `changes` from `history`");
    this.addSql("drop table `history`");
    this.addSql("alter table `history__new` rename to `history`");
    this.addSql("create index `history_entity_idx` on `history` (`entity_type`, `entity_id`, `at`)");
    this.addSql("create unique index `history_seq_unique` on `history` (`seq`)");
  }
}
