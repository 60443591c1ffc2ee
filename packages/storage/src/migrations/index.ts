import { Migration20261125000000_initial as PostgresInitial } from './postgres/Migration20261125000000_initial.js';
import { Migration20261125000000_initial as SqliteInitial } from './sqlite/Migration20261125000000_initial.js';

/**
 * Checked-in migrations per dialect, in order. Bundled as classes so the
 * published package never scans the file system for them.
 */
export const migrations = {
  sqlite: [{ name: 'Migration20261125000000_initial', class: SqliteInitial }],
  postgres: [{ name: 'Migration20261125000000_initial', class: PostgresInitial }],
};
