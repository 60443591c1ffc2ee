import { Migration } from '@mikro-orm/migrations';

/** `applied_operations`: ids of outage writes already replayed here, so a replay never applies one twice. */
export class Migration20261130200000_outage_replay extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table "applied_operations" ("id" uuid not null, "operation" varchar(100) not null, "applied_at" timestamptz not null, constraint "applied_operations_pkey" primary key ("id"))');
  }
}
