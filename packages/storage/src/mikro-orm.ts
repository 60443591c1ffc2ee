/**
 * @project-status/storage/mikro-orm — what a host's MikroORM needs to know
 * about Project Status: the entity definitions (to read our tables with its
 * own EntityManager), the migrations and their runner (which record in our
 * own table, `project_status_migrations`), and the ORM options we use.
 * A separate entry point: importing it loads MikroORM, the main one does not.
 *
 * @example
 * import { entities } from '@project-status/storage/mikro-orm';
 * const orm = await MikroORM.init({ entities: [...myEntities, ...entities], schemaGenerator: { skipTables: [...PROJECT_STATUS_TABLES] } });
 */
import type { Options } from '@mikro-orm/core';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { MIGRATIONS_TABLE, PROJECT_STATUS_TABLES } from './migrations/names.js';
import { resolveTarget, type ResolveOptions } from './open/config.js';
import { hostTarget, type HostConnection } from './open/host.js';
import { openMigratedOrm } from './open/migrate.js';
import { baseOrmOptions, schemaGeneratorOptions, type DatabaseTarget } from './orm/config.js';

export { entities, migrations, MIGRATIONS_TABLE, PROJECT_STATUS_TABLES, schemaGeneratorOptions, type DatabaseTarget };

/**
 * The MikroORM options Project Status runs its migrator with for a target:
 * our entities, our migrations table, and (PostgreSQL) our schema. Add the
 * driver and `extensions: [Migrator]` to run MikroORM on them yourself.
 */
export function projectStatusOrmOptions(target: DatabaseTarget): Options {
  const options = baseOrmOptions(target);
  return { ...options, migrations: { ...options.migrations, migrationsList: migrations[target.engine].map((m) => ({ ...m })) } };
}

/**
 * Applies pending Project Status migrations and returns their names — for a
 * host that migrates at deploy time rather than on first open. Takes the
 * same database options as `openProjectStatus` (a URL, a pool, an ORM).
 */
export async function migrateProjectStatus(options: ResolveOptions & HostConnection = {}): Promise<string[]> {
  const resolved = resolveTarget(options);
  const target = hostTarget(options, resolved.target.engine === 'postgres' ? resolved.target.schema : options.schema)?.target ?? resolved.target;
  const { orm, applied } = await openMigratedOrm(target);
  await orm.close(true);
  return applied;
}
