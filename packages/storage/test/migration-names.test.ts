import { describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { MIGRATION_NAMES } from '../src/migrations/names.js';
import { toPositional } from '../src/sql/postgres-executor.js';

describe('migration names', () => {
  it('list exactly the bundled migrations, in order, for both dialects', () => {
    // Opening a current database compares these names without loading MikroORM;
    // a migration missing here would never be applied to existing databases.
    expect(MIGRATION_NAMES.sqlite).toEqual(migrations.sqlite.map((m) => m.name));
    expect(MIGRATION_NAMES.postgres).toEqual(migrations.postgres.map((m) => m.name));
  });
});

describe('toPositional', () => {
  it('numbers ? placeholders and leaves quoted text alone', () => {
    expect(toPositional(`select '?', "a?" from t where a = ? and b in (?, ?)`)).toBe(`select '?', "a?" from t where a = $1 and b in ($2, $3)`);
  });
});
