import { DatabaseError } from '@project-status/core';
import { bindOperations } from './bind.js';
import { SqlStore } from '../sql/sql-store.js';
import { resolveTarget } from './config.js';
import { createDeferredStore } from './deferred-store.js';
import type { OpenOptions, ProjectStatusHandle } from './open.js';

/**
 * `openProjectStatus({ whenUnavailable: 'defer' })`: opens as usual and, when
 * the database cannot be opened, returns a handle anyway whose store retries
 * opening on later calls (see {@link createDeferredStore}). Until it opens,
 * every operation fails with the cause as a retryable DATABASE_ERROR and
 * `health_check` answers `healthy: false` with the cause in its warnings.
 * Configuration mistakes (a bad URL, a broken config.json) still throw: no
 * retry can fix them.
 *
 * `open` is `openProjectStatus` itself, passed in so this module does not
 * import it back.
 *
 * @example
 * const ps = await openProjectStatus({ env: process.env, whenUnavailable: 'defer' });
 * const health = await ps.health_check({}); // healthy: false, warnings name the cause, while the database is down
 */
export async function openWhenAvailable(options: OpenOptions, open: (options: OpenOptions) => Promise<ProjectStatusHandle>): Promise<ProjectStatusHandle> {
  const strict: OpenOptions = { ...options, whenUnavailable: 'throw' };
  try {
    return await open(strict);
  } catch (error) {
    if (!(error instanceof DatabaseError)) throw error;
    const resolved = resolveTarget(options);
    let opened: ProjectStatusHandle | undefined;
    const store = createDeferredStore({
      engine: resolved.target.engine,
      // A later success builds a whole handle; its store serves the operations here, and the handle a host's transactions.
      open: async () => {
        opened = await open(strict);
        return opened.store;
      },
      cause: error,
      methods: SqlStore.prototype,
      reopenIntervalMs: options.reopenIntervalMs,
      now: options.clock && (() => options.clock!().getTime()),
    });
    const api = bindOperations(store, resolved, options);
    // A host transaction needs the database: one attempt to open it (ping never throws), else the cause.
    const inTransaction: ProjectStatusHandle['inTransaction'] = async (tx) => {
      await store.ping();
      const state = store.state();
      if (!opened || !state.open) throw state.open ? error : state.cause;
      return opened.inTransaction(tx);
    };
    return Object.assign(api, { root: resolved.root, target: resolved.target, origin: resolved.origin, appliedMigrations: [] as string[], inTransaction });
  }
}
