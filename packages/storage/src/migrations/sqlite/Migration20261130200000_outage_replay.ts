import { Migration } from '@mikro-orm/migrations';

/** `applied_operations`: ids of outage writes already replayed here, so a replay never applies one twice. */
export class Migration20261130200000_outage_replay extends Migration {
  override async up(): Promise<void> {
    this.addSql('create table `applied_operations` (`id` text not null, `operation` text not null, `applied_at` datetime not null, primary key (`id`))');
  }
}
