/**
 * Names of the checked-in migrations per dialect, in order — the same list as
 * `migrations` in ./index.ts, kept apart on purpose: the migration classes
 * extend MikroORM's `Migration`, and importing `@mikro-orm/migrations` costs
 * ~300 ms. Opening a SQLite file whose schema is current (every CLI call after
 * the first) needs only these names, so it never loads MikroORM.
 * Add a name here whenever a migration is added to ./index.ts.
 */
export const MIGRATION_NAMES = {
  sqlite: [
    'Migration20261125000000_initial',
    'Migration20261130000000_change_feed',
    'Migration20261130000000_deleted_with',
    'Migration20261130100000_agent_workflow',
    'Migration20261130200000_outage_replay',
    'Migration20261130300000_status_recency',
    'Migration20261130450000_held_index',
  ],
  postgres: [
    'Migration20261125000000_initial',
    'Migration20261130000000_change_feed',
    'Migration20261130000000_deleted_with',
    'Migration20261130100000_agent_workflow',
    'Migration20261130200000_outage_replay',
    'Migration20261130300000_status_recency',
    'Migration20261130400000_search_folds_accents',
    'Migration20261130450000_held_index',
  ],
} as const satisfies Record<'sqlite' | 'postgres', readonly string[]>;

/** Names of all checked-in migrations for an engine, in order (loads no MikroORM). */
export function migrationNames(engine: keyof typeof MIGRATION_NAMES): string[] {
  return [...MIGRATION_NAMES[engine]];
}

/**
 * The table the migrator records applied migrations in. Our own name, not
 * MikroORM's default `mikro_orm_migrations`: a host application using
 * MikroORM on the same database keeps its migrations there, and would
 * otherwise see ours as its own. Read by the fast-path check in ../open.
 */
export const MIGRATIONS_TABLE = 'project_status_migrations';

/** Where versions before 0.1.0 recorded migrations; rows of ours found there are moved on open. */
export const LEGACY_MIGRATIONS_TABLE = 'mikro_orm_migrations';

/**
 * Every table Project Status creates (the migrations table included), for a
 * host's schema tooling to leave alone: pass it as MikroORM's
 * `schemaGenerator.skipTables` (see the README, "Sharing a database").
 * The full-text tables are matched by prefix (`work_items_fts*`: SQLite's
 * FTS5 creates shadow tables beside the virtual one).
 */
export const PROJECT_STATUS_TABLES: readonly (string | RegExp)[] = [
  MIGRATIONS_TABLE,
  'work_items',
  'work_item_dependencies',
  'work_item_notes',
  'vendors',
  'deployments',
  'deployment_vendors',
  'deployment_work_items',
  'project_configuration',
  'enhancements',
  'history',
  'archived_work_items',
  'applied_operations',
  /^work_items_fts/,
];
