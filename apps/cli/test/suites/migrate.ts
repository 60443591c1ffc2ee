import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createProject, describeEngine, type Project } from '../helpers.js';

interface MigrateResult {
  root: string;
  engine: string;
  location: string;
  origin: string;
  applied_migrations: string[];
  up_to_date: boolean;
}

/** `project-status migrate` (SPEC §2: migrations apply on open, and by this command) on one engine. */
export function migrateSuite(engine: 'sqlite' | 'postgres'): void {
  describeEngine(engine, 'project-status migrate', () => {
    let p: Project;
    const extra: Project[] = [];

    beforeAll(async () => {
      p = await createProject(engine, 'cli-migrate');
    });
    afterEach(async () => {
      for (const project of extra.splice(0)) await project.drop();
    });
    afterAll(async () => {
      await p?.drop();
    });

    it('applies every migration to a new database and says which, and where the data lives', async () => {
      const r = await p.cli('migrate');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Applied \d+ migrations?\./);
      expect(r.stdout).toMatch(/migrations\s+applied Migration\d+_initial/);
      expect(r.stdout).toMatch(/project root\s+/);
      expect(r.stdout).toContain(engine === 'sqlite' ? join(p.dir, '.project-status', 'status.db') : 'postgres  postgres://');
      expect(r.stdout).toMatch(engine === 'sqlite' ? /chosen by\s+default/ : /chosen by\s+--database-url/);
      expect(existsSync(join(p.dir, '.project-status', 'status.db'))).toBe(engine === 'sqlite');
    });

    it('says the schema is up to date when nothing is pending, and the store works', async () => {
      const r = await p.cli('migrate');
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('The schema is up to date; there was nothing to apply.');
      expect(r.stdout).toMatch(/migrations\s+up to date/);
      const task = await p.json<{ title: string }>('work', 'create', 'task', 'After migrate');
      expect(task.title).toBe('After migrate');
    });

    it('prints the same as JSON for scripts', async () => {
      const current = await p.json<MigrateResult>('migrate');
      expect(current).toMatchObject({ root: p.dir, engine, applied_migrations: [], up_to_date: true, origin: engine === 'sqlite' ? 'default' : 'option' });

      const fresh = await createProject(engine, 'cli-migrate-json');
      extra.push(fresh);
      const applied = await fresh.json<MigrateResult>('migrate');
      expect(applied.up_to_date).toBe(false);
      expect(applied.applied_migrations[0]).toMatch(/^Migration\d+_initial$/);
      expect(applied.location).toEqual(engine === 'sqlite' ? join(fresh.dir, '.project-status', 'status.db') : expect.stringMatching(/^postgres:\/\//));
    });

    it('explains itself in --help', async () => {
      const r = await p.cli('migrate', '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('project-status migrate');
      expect(r.stdout.replace(/\s+/g, ' ')).toContain('applies the checked-in migrations it lacks');
    });
  });
}
