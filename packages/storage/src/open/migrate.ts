import { DatabaseError } from '@project-status/core';
import { migrations } from '../migrations/index.js';
import { LEGACY_MIGRATIONS_TABLE, MIGRATIONS_TABLE } from '../migrations/names.js';
import type { DatabaseTarget } from '../orm/config.js';
import { initOrm, type Orm } from '../orm/init.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Names of all checked-in migrations for an engine, in order. */
export function migrationNames(engine: DatabaseTarget['engine']): string[] {
  return migrations[engine].map((m) => m.name);
}

interface RawConnection {
  execute<T = unknown>(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run', ctx?: unknown): Promise<T>;
  transactional<T>(cb: (trx: unknown) => Promise<T>): Promise<T>;
}

/** Serialises adopters of a legacy migrations table on PostgreSQL (same key space as the store's locks). */
const ADOPT_LOCK_KEY = 7_301_900;

/**
 * Moves the rows of our migrations out of MikroORM's default table
 * (`mikro_orm_migrations`, used before 0.1.0) into ours, so that a database
 * migrated by an older version opens as current instead of re-running its
 * migrations, and a host's MikroORM no longer finds our rows among its own.
 * The old table is dropped once nothing else is left in it.
 */
export async function adoptLegacyMigrations(orm: Orm, engine: DatabaseTarget['engine']): Promise<number> {
  const conn = orm.em.getConnection() as unknown as RawConnection;
  const legacy =
    engine === 'sqlite'
      ? await conn.execute<unknown[]>(`select name from sqlite_master where type = 'table' and name = ?`, [LEGACY_MIGRATIONS_TABLE], 'all')
      : await conn.execute<unknown[]>(`select 1 from pg_catalog.pg_class where oid = to_regclass(?)`, [LEGACY_MIGRATIONS_TABLE], 'all');
  if (legacy.length === 0) return 0;
  await (orm.getMigrator() as unknown as { getStorage(): { ensureTable(): Promise<void> } }).getStorage().ensureTable();
  const ours = migrations[engine].map((m) => m.name);
  const marks = ours.map(() => '?').join(', ');
  return conn.transactional(async (trx) => {
    if (engine === 'postgres') await conn.execute('select pg_advisory_xact_lock(?)', [ADOPT_LOCK_KEY], 'all', trx);
    const moved = await conn.execute<{ affectedRows?: number }>(
      `insert into ${MIGRATIONS_TABLE} (name, executed_at) select name, executed_at from ${LEGACY_MIGRATIONS_TABLE} where name in (${marks}) and name not in (select name from ${MIGRATIONS_TABLE}) order by id`,
      ours,
      'run',
      trx,
    );
    await conn.execute(`delete from ${LEGACY_MIGRATIONS_TABLE} where name in (${marks})`, ours, 'run', trx);
    const left = await conn.execute<{ n: number | string }[]>(`select count(*) as n from ${LEGACY_MIGRATIONS_TABLE}`, [], 'all', trx);
    if (Number(left[0]?.n ?? 0) === 0) await conn.execute(`drop table ${LEGACY_MIGRATIONS_TABLE}`, [], 'run', trx);
    return moved.affectedRows ?? 0;
  });
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
      await adoptLegacyMigrations(orm, engine);
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
