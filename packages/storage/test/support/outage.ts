import type { ServedBy } from '@project-status/core';
import { openProjectStatus, type ProjectStatusHandle } from '../../src/index.js';
import { createOutageProxy, createPostgresDatabase, TEST_POSTGRES_URL, type OutageProxy, type TestDatabase } from '../../src/testing/index.js';

/** Fallback options for tests: probe the database often, refresh the cache on every call. */
export const FAST = { probeIntervalMs: 50, refreshEveryMs: 0 };

/** Runs one operation and returns its result with the layer that served it. */
export async function served<T>(run: (o: { onServed: (s: ServedBy) => void }) => Promise<T>): Promise<{ value: T; by: ServedBy | undefined }> {
  let by: ServedBy | undefined;
  const value = await run({ onServed: (s) => (by = s) });
  return { value, by };
}

/** A fresh PostgreSQL database, a proxy in front of the test server (open) and a handle that talks to the database directly. */
export interface ProxiedPostgres {
  db: TestDatabase;
  proxy: OutageProxy;
  direct: ProjectStatusHandle;
}

/** Sets up {@link ProxiedPostgres} for an outage test: cut `proxy` to cut every client opened on `proxy.rewrite(db.url)`. */
export async function openProxiedPostgres(label: string): Promise<ProxiedPostgres> {
  const db = await createPostgresDatabase(label);
  const real = new URL(TEST_POSTGRES_URL);
  const proxy = await createOutageProxy({ host: real.hostname, port: Number(real.port || 5432) }, 'up');
  const direct = await openProjectStatus({ databaseUrl: db.url, root: db.root, clientId: 'server-side' });
  return { db, proxy, direct };
}

export async function closeProxiedPostgres(setup: ProxiedPostgres): Promise<void> {
  await setup.direct.close();
  await setup.proxy.close();
  await setup.db.drop();
}
