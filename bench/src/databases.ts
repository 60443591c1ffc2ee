import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** A throw-away database for one benchmark run. */
export interface BenchDatabase {
  engine: 'sqlite' | 'postgres';
  /** What `openProjectStatus({ databaseUrl })` takes. */
  url: string;
  /** Project root (a temp directory) the handle is opened in. */
  root: string;
  /** The SQLite file, for the raw driver. */
  file?: string;
  /** Removes the database and its temp directory. */
  drop(): Promise<void>;
}

/** A SQLite file in a fresh temp project root. */
function createSqlite(): BenchDatabase {
  const root = mkdtempSync(join(tmpdir(), 'ps-bench-sqlite-'));
  const file = join(root, '.project-status', 'status.db');
  return { engine: 'sqlite', url: `sqlite:${file}`, root, file, drop: async () => rmSync(root, { recursive: true, force: true }) };
}

/** A brand-new PostgreSQL database on the admin URL's server, dropped (with force) afterwards. */
async function createPostgres(adminUrl: string, label: string): Promise<BenchDatabase> {
  const name = `ps_bench_${label}_${process.pid}_${Date.now().toString(36)}`.replace(/[^a-z0-9_]/gi, '_').toLowerCase();
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  await admin((c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const root = mkdtempSync(join(tmpdir(), 'ps-bench-pg-'));
  return {
    engine: 'postgres',
    url: url.toString(),
    root,
    async drop() {
      rmSync(root, { recursive: true, force: true });
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/**
 * Creates an empty database for the engine.
 *
 * @example
 * const db = await createBenchDatabase('postgres', 'postgres://postgres@127.0.0.1:5432/test', 'scale1');
 * try { ... } finally { await db.drop(); }
 */
export function createBenchDatabase(engine: 'sqlite' | 'postgres', adminUrl: string, label: string): Promise<BenchDatabase> {
  return engine === 'sqlite' ? Promise.resolve(createSqlite()) : createPostgres(adminUrl, label);
}
