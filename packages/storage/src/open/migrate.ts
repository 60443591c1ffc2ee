import { DatabaseError } from '@project-status/core';
import { migrations } from '../migrations/index.js';
import type { DatabaseTarget } from '../orm/config.js';
import { initOrm, type Orm } from '../orm/init.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Names of all checked-in migrations for an engine, in order. */
export function migrationNames(engine: DatabaseTarget['engine']): string[] {
  return migrations[engine].map((m) => m.name);
}

/**
 * Applies pending migrations with MikroORM's migrator. Two processes opening
 * a fresh database at once is normal (an MCP server and a CLI): a loser of
 * that race waits and re-checks instead of failing.
 */
export async function applyMigrations(orm: Orm, engine: DatabaseTarget['engine']): Promise<string[]> {
  const migrator = orm.getMigrator();
  let lastError: unknown;
  for (let attempt = 0; attempt < 8; attempt++) {
    try {
      const applied = await migrator.up();
      return applied.map((m) => m.name);
    } catch (error) {
      lastError = error;
      await sleep(50 * (attempt + 1) + Math.random() * 50);
      if ((await migrator.getPendingMigrations()).length === 0) return [];
    }
  }
  throw new DatabaseError(`could not apply the ${engine} migrations: ${(lastError as Error)?.message ?? lastError}`, { engine }, lastError);
}

/** Opens the ORM for a target, migrates, and hands the ORM back. */
export async function openMigratedOrm(target: DatabaseTarget): Promise<{ orm: Orm; applied: string[] }> {
  const orm = await initOrm(target, migrations[target.engine]);
  try {
    return { orm, applied: await applyMigrations(orm, target.engine) };
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
