import { DatabaseError, type Store } from '@project-status/core';
import { classifyFailure, isOutage } from '../errors/translate.js';

/** Default pause between two attempts to open a database that did not answer. */
export const DEFAULT_REOPEN_INTERVAL_MS = 1000;

/** Options of {@link createDeferredStore}. */
export interface DeferredStoreOptions {
  /** The engine the store will be once open (what `health_check` reports as its data source). */
  engine: Store['engine'];
  /** One attempt to open the real store; rejects with a {@link DatabaseError} saying why not. */
  open: () => Promise<Store>;
  /** Why the first attempt failed. */
  cause: DatabaseError;
  /** The methods a store has (`SqlStore.prototype`), so calls made before it opens can be forwarded. */
  methods: object;
  /** Least time between two attempts; calls in between fail at once with the last cause. Default {@link DEFAULT_REOPEN_INTERVAL_MS}. */
  reopenIntervalMs?: number;
  /** Milliseconds clock (default `Date.now`); tests pass a controllable one. */
  now?: () => number;
}

/** Where a deferred store is: still waiting for its database (with the last cause), or open. */
export type DeferredState = { open: true } | { open: false; cause: DatabaseError };

/**
 * A {@link Store} whose database did not answer when the process started.
 * A server must still start and tell its clients why nothing works (an MCP
 * client that sees only "connection closed" cannot tell the user), so every
 * call first tries to open the database and, while that fails, rejects with
 * the cause as a retryable DATABASE_ERROR; `ping` (hence `health_check`)
 * answers `ok: false` with the cause instead. Once an attempt succeeds, every
 * call goes straight to the real store.
 *
 * Attempts are bounded: one at a time (concurrent calls share it), and none
 * sooner than `reopenIntervalMs` after the last failure, so a burst of calls
 * against a dead server costs one connection attempt, not one per call.
 */
export function createDeferredStore(options: DeferredStoreOptions): Store & { state(): DeferredState } {
  const now = options.now ?? Date.now;
  const interval = options.reopenIntervalMs ?? DEFAULT_REOPEN_INTERVAL_MS;
  let store: Store | undefined;
  let cause = options.cause;
  let lastAttempt = now();
  let attempt: Promise<Store> | undefined;
  let closed = false;

  const ready = (): Promise<Store> => {
    if (store) return Promise.resolve(store);
    if (closed) return Promise.reject(new DatabaseError('the store is closed', { retryable: false }));
    if (attempt) return attempt;
    // A database that refused (it does not exist, the credentials are wrong) is asked again at most once a default
    // interval even under a fallback chain, whose breaker paces only outages. A busy one (another process holds the
    // SQLite lock while it migrates the file they share) is paced like an outage: the next call may well succeed.
    if (now() - lastAttempt < (classifyFailure(cause) === 'misconfigured' ? Math.max(interval, DEFAULT_REOPEN_INTERVAL_MS) : interval)) return Promise.reject(cause);
    lastAttempt = now();
    attempt = options.open().then(
      async (opened) => {
        attempt = undefined;
        // Closed while the attempt ran: nobody will use it.
        if (closed) {
          await opened.close().catch(() => undefined);
          throw new DatabaseError('the store is closed', { retryable: false });
        }
        store = opened;
        return opened;
      },
      (error: unknown) => {
        attempt = undefined;
        lastAttempt = now();
        if (error instanceof DatabaseError) cause = error;
        throw error;
      },
    );
    return attempt;
  };

  const own: Partial<Store> & { state(): DeferredState } = {
    engine: options.engine,
    state: () => (store ? { open: true } : { open: false, cause }),
    async ping() {
      const started = now();
      try {
        return await (await ready()).ping();
      } catch (error) {
        return { ok: false, latency_ms: Math.max(0, now() - started), error: (error as Error).message, outage: isOutage(error) };
      }
    },
    async close() {
      closed = true;
      const pending = attempt;
      await pending?.catch(() => undefined);
      await store?.close();
      store = undefined;
    },
  };

  return new Proxy(own as Store & { state(): DeferredState }, {
    get(target, name, receiver) {
      if (name in target) return Reflect.get(target, name, receiver);
      if (store) {
        const value = (store as unknown as Record<PropertyKey, unknown>)[name];
        return typeof value === 'function' ? value.bind(store) : value;
      }
      // Only methods a real store has: anything else (including `then`) is absent, as on the real one.
      if (typeof (options.methods as Record<PropertyKey, unknown>)[name] !== 'function') return undefined;
      return async (...args: unknown[]) => {
        const opened = (await ready()) as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
        return opened[name]!(...args);
      };
    },
  });
}
