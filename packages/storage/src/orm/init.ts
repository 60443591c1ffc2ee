import type { MikroORM as CoreORM } from '@mikro-orm/core';
import type { DatabaseTarget } from './config.js';
import { baseOrmOptions } from './config.js';

/** A MikroORM instance for either engine, with the migrator registered. */
export type Orm = CoreORM;

/**
 * Initialises MikroORM for the target. Drivers are imported lazily so that a
 * SQLite process never loads `pg` and vice versa.
 */
export async function initOrm(target: DatabaseTarget, migrationsList: unknown[]): Promise<Orm> {
  const { Migrator } = await import('@mikro-orm/migrations');
  const options = baseOrmOptions(target);
  // MikroORM rewrites the entries it is given; hand it copies so the shared list stays intact.
  const migrations = { ...options.migrations, migrationsList: (migrationsList as object[]).map((m) => ({ ...m })) as never };
  if (target.engine === 'sqlite') {
    const [{ MikroORM }, { SqliteDriver }] = await Promise.all([import('@mikro-orm/core'), import('./sqlite-driver.js')]);
    return (await MikroORM.init({ ...options, driver: SqliteDriver, migrations, extensions: [Migrator] } as never)) as unknown as Orm;
  }
  const { MikroORM } = await import('@mikro-orm/postgresql');
  return (await MikroORM.init({ ...options, migrations, extensions: [Migrator] } as never)) as unknown as Orm;
}
