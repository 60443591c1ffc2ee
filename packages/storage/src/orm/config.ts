import type { Options } from '@mikro-orm/core';
import { entities } from '../entities/index.js';
import { MIGRATIONS_TABLE } from '../migrations/names.js';
import { searchPathOption } from '../open/schema.js';

/** Where the data lives: the embedded SQLite file or a PostgreSQL URL. */
export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string; schema?: string };

/**
 * Objects the schema generator must leave alone: the full-text index is
 * created by hand-written migration SQL (an FTS5 virtual table on SQLite, a
 * tsvector table on PostgreSQL, both kept in step by triggers), not by entities.
 */
export const schemaGeneratorOptions = {
  skipTables: [/^work_items_fts/],
};

/** MikroORM options for a target (the driver is chosen by the caller's import). */
export function baseOrmOptions(target: DatabaseTarget): Options {
  const common: Options = {
    entities,
    discovery: { warnWhenNoEntities: false, checkDuplicateEntities: false },
    debug: false,
    allowGlobalContext: true,
    forceUtcTimezone: true,
    schemaGenerator: schemaGeneratorOptions,
    // Migrations are bundled as classes (see migrations/index.ts); nothing is read from disk.
    migrations: { tableName: MIGRATIONS_TABLE, transactional: true, allOrNothing: true, snapshot: false, emit: 'ts', silent: true },
    // Never write to stdout: it is the MCP protocol channel.
    logger: (message: string) => process.stderr.write(`${message}\n`),
  };
  if (target.engine === 'sqlite') return { ...common, dbName: target.file };
  if (!target.schema) return { ...common, clientUrl: target.url, pool: { min: 0, max: 10 } };
  // The schema for the migrations table (created there if missing), and as the
  // session's search_path for the migrations' unqualified DDL — the same
  // search_path the runtime pool uses (see postgresConnectionUrl).
  return { ...common, clientUrl: target.url, schema: target.schema, pool: { min: 0, max: 10 }, driverOptions: { connection: { options: searchPathOption(target.schema) } } };
}
