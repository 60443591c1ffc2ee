import { MikroORM } from '@mikro-orm/postgresql';
import { entities, migrateProjectStatus, PROJECT_STATUS_TABLES } from '@project-status/storage/mikro-orm';

/** A service that reads our tables with its own EntityManager (writes go through the operations). */
export async function openTitles(databaseUrl: string): Promise<string[]> {
  await migrateProjectStatus({ databaseUrl }); // at deploy time; openProjectStatus would also do it
  const orm = await MikroORM.init({ clientUrl: databaseUrl, entities: [...entities], schemaGenerator: { skipTables: [...PROJECT_STATUS_TABLES] } });
  const rows = await orm.em.fork().find<{ title: string; status: string }>('WorkItem', { status: 'active' });
  await orm.close();
  return rows.map((row) => row.title).sort();
}
