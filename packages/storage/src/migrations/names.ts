/**
 * Names of the checked-in migrations per dialect, in order — the same list as
 * `migrations` in ./index.ts, kept apart on purpose: the migration classes
 * extend MikroORM's `Migration`, and importing `@mikro-orm/migrations` costs
 * ~300 ms. Opening a SQLite file whose schema is current (every CLI call after
 * the first) needs only these names, so it never loads MikroORM.
 * Add a name here whenever a migration is added to ./index.ts.
 */
export const MIGRATION_NAMES = {
  sqlite: ['Migration20261125000000_initial', 'Migration20261130000000_change_feed'],
  postgres: ['Migration20261125000000_initial', 'Migration20261130000000_change_feed'],
} as const satisfies Record<'sqlite' | 'postgres', readonly string[]>;

/** Names of all checked-in migrations for an engine, in order (loads no MikroORM). */
export function migrationNames(engine: keyof typeof MIGRATION_NAMES): string[] {
  return [...MIGRATION_NAMES[engine]];
}
