import { describe, expect, it } from 'vitest';
import { migrations } from '../src/migrations/index.js';
import { openProjectStatus } from '../src/index.js';
import { initOrm } from '../src/orm/init.js';
import { parseDatabaseUrl } from '../src/open/config.js';
import { createPostgresDatabase, POSTGRES_REQUIRED, postgresUnavailableReason } from '../src/testing/databases.js';

const pgReason = await postgresUnavailableReason();
// Reason kept visible in the output: this machine has no PostgreSQL (never skipped under CI).
if (pgReason && !POSTGRES_REQUIRED) console.warn(`[skip] search accent folding migration: ${pgReason}`);

const FOLDING = 'Migration20261130400000_search_folds_accents';

/** PostgreSQL only: SQLite's FTS5 has ignored accents from the start (`remove_diacritics 2`). */
(pgReason && !POSTGRES_REQUIRED ? describe.skip : describe)('search accent folding migration [postgres]', () => {
  it('re-indexes items stored before it without touching their rows, so equipe finds Équipe', async () => {
    if (pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
    const db = await createPostgresDatabase('fold-migration');
    try {
      const target = parseDatabaseUrl(db.url, db.root);
      const before = migrations.postgres.findIndex((m) => m.name === FOLDING);
      expect(before).toBeGreaterThan(0);
      const orm = await initOrm(target, migrations.postgres.slice(0, before));
      await orm.getMigrator().up();
      const conn = orm.em.getConnection();
      const id = '0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f';
      const at = '2026-01-01T00:00:00.000Z';
      await conn.execute(
        `insert into work_items (id, item_type, title, status, path, depth, metadata, labels, version, created_at, updated_at, created_by, updated_by) values (?, 'task', 'Réunion de l''Équipe', 'active', ?, 0, '{}', '["café"]', 1, ?, ?, 't', 't')`,
        [id, `/${id}`, at, at],
      );
      const rowBefore = await conn.execute(`select version, updated_at, updated_by from work_items where id = ?`, [id]);
      await orm.close(true);

      const ps = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'test' });
      try {
        expect(ps.appliedMigrations).toContain(FOLDING);
        for (const query of ['equipe', 'ÉQUIPE', 'reunion', 'cafe']) expect((await ps.search_work_items({ query })).items.map((i) => i.id), query).toEqual([id]);
        const orm2 = await initOrm(target, migrations.postgres);
        try {
          expect(await orm2.em.getConnection().execute(`select version, updated_at, updated_by from work_items where id = ?`, [id])).toEqual(rowBefore);
        } finally {
          await orm2.close(true);
        }
      } finally {
        await ps.close();
      }
    } finally {
      await db.drop();
    }
  });
});
