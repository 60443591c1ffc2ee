import { afterAll, beforeAll, describe } from 'vitest';
import { openProjectStatus, type OpenOptions, type ProjectStatusHandle } from '../open/open.js';
import { createTestDatabase, ENGINES, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from './databases.js';

export interface EngineContext {
  engine: 'sqlite' | 'postgres';
  /** The opened handle (after beforeAll). */
  ps(): ProjectStatusHandle;
  db(): TestDatabase;
  /** Opens another independent client on the same database (own connection/pool). */
  openClient(options?: OpenOptions): Promise<ProjectStatusHandle>;
}

const pgReason = await postgresUnavailableReason();

/**
 * Runs `body` once per engine against a fresh database (SQLite file, and a new
 * PostgreSQL database). Without PostgreSQL the PostgreSQL block is skipped with
 * a notice — except under CI, where it fails.
 */
export function describeEachEngine(name: string, body: (ctx: EngineContext) => void, options: OpenOptions = {}): void {
  for (const engine of ENGINES) {
    const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
    if (skip) {
      // Reason kept visible in the output: this machine has no PostgreSQL.
      console.warn(`[skip] ${name} [postgres]: ${pgReason}`);
    }
    (skip ? describe.skip : describe)(`${name} [${engine}]`, () => {
      let db: TestDatabase | undefined;
      let handle: ProjectStatusHandle | undefined;
      const extra: ProjectStatusHandle[] = [];
      beforeAll(async () => {
        if (engine === 'postgres' && pgReason) throw new Error(`CI requires PostgreSQL: ${pgReason}`);
        db = await createTestDatabase(engine, name);
        handle = await openProjectStatus({ clientId: 'test', ...options, databaseUrl: db.url, root: db.root });
      });
      afterAll(async () => {
        for (const c of extra) await c.close().catch(() => undefined);
        await handle?.close();
        await db?.drop();
      });
      body({
        engine,
        ps: () => handle!,
        db: () => db!,
        openClient: async (o = {}) => {
          const c = await openProjectStatus({ clientId: 'test', ...options, ...o, databaseUrl: db!.url, root: db!.root });
          extra.push(c);
          return c;
        },
      });
    });
  }
}
