import { DatabaseError, type Store } from '@project-status/core';
import { describe, expect, it } from 'vitest';
import { createDeferredStore } from '../src/open/deferred-store.js';
import { SqlStore } from '../src/sql/sql-store.js';

/** A deferred store whose first open failed with `cause`; counts later attempts, which succeed. */
function deferred(cause: DatabaseError, reopenIntervalMs: number) {
  let attempts = 0;
  const store = createDeferredStore({
    engine: 'sqlite',
    cause,
    methods: SqlStore.prototype,
    reopenIntervalMs,
    now: () => 0, // no time passes between the failed open and the next call
    open: async () => {
      attempts++;
      return { ping: async () => ({ ok: true, latency_ms: 0 }) } as unknown as Store;
    },
  });
  return { store, attempts: () => attempts };
}

describe('a store whose database could not be opened at start', () => {
  it('tries again at once after a busy database (another process migrating the SQLite file) when the chain paces by its breaker', async () => {
    const busy = new DatabaseError('the database was busy', { retryable: true, code: 'SQLITE_BUSY', reason: 'database_busy' });
    const { store, attempts } = deferred(busy, 0);
    expect((await store.ping()).ok).toBe(true);
    expect(attempts()).toBe(1);
  });

  it('waits at least a second before asking a misconfigured database again', async () => {
    const missing = new DatabaseError('database "x" does not exist', { retryable: false, code: '3D000', reason: 'database_misconfigured' });
    const { store, attempts } = deferred(missing, 0);
    expect((await store.ping()).ok).toBe(false);
    expect(attempts()).toBe(0);
  });
});
