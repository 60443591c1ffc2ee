import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test helpers for every package that needs a real database: a fresh
 * PostgreSQL database per test file (so parallel runs never collide) and a
 * fresh SQLite file in a temp directory.
 */
export const TEST_POSTGRES_URL = process.env.PROJECT_STATUS_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Under CI an unreachable PostgreSQL fails the run instead of skipping. */
export const POSTGRES_REQUIRED = process.env.CI === 'true' || process.env.CI === '1';

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

async function adminClient(adminUrl = TEST_POSTGRES_URL): Promise<PgClient> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 }) as unknown as PgClient;
  await client.connect();
  return client;
}

let reachable: Promise<string | null> | undefined;

/** Null when PostgreSQL answers, else why not. */
export function postgresUnavailableReason(): Promise<string | null> {
  reachable ??= (async () => {
    try {
      const c = await adminClient();
      await c.end();
      return null;
    } catch (error) {
      return `PostgreSQL at ${TEST_POSTGRES_URL} is unreachable (${(error as Error).message})`;
    }
  })();
  return reachable;
}

export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  url: string;
  /** The temp project root the database belongs to. */
  root: string;
  /** The SQLite file (SQLite only), for raw-driver access. */
  file?: string;
  drop(): Promise<void>;
}

/** A brand-new, empty PostgreSQL database named after the test, on the server of `adminUrl`. */
export async function createPostgresDatabase(label = 'test', adminUrl = TEST_POSTGRES_URL): Promise<TestDatabase> {
  const name = `ps_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  const admin = await adminClient(adminUrl);
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const root = mkdtempSync(join(tmpdir(), 'ps-pg-'));
  return {
    engine: 'postgres',
    url: url.toString(),
    root,
    async drop() {
      rmSync(root, { recursive: true, force: true });
      const c = await adminClient(adminUrl);
      await c.query(`drop database if exists "${name}" with (force)`);
      await c.end();
    },
  };
}

/**
 * A fresh SQLite database file in its own temp project root. Like
 * {@link createPostgresDatabase} it creates the (empty) database, so that
 * opening its URL — an explicit path, which must exist — migrates it.
 */
export function createSqliteDatabase(): TestDatabase {
  const root = mkdtempSync(join(tmpdir(), 'ps-sqlite-'));
  const file = join(root, '.project-status', 'status.db');
  mkdirSync(join(root, '.project-status'));
  writeFileSync(file, ''); // an empty file is an empty SQLite database
  return { engine: 'sqlite', url: `sqlite:${file}`, root, file, drop: async () => rmSync(root, { recursive: true, force: true }) };
}

/** Creates a fresh database for the engine. */
export function createTestDatabase(engine: 'sqlite' | 'postgres', label?: string): Promise<TestDatabase> {
  return engine === 'sqlite' ? Promise.resolve(createSqliteDatabase()) : createPostgresDatabase(label);
}

export const ENGINES = ['sqlite', 'postgres'] as const;
