import type { Store, StoreWriter } from './store.js';

/**
 * A {@link Store} view of an open transaction: its `transaction()` joins the
 * outer one. Lets a service that spans many operations (legacy import) call
 * the ordinary services so that everything commits or rolls back together.
 */
export function joinTransaction(tx: StoreWriter, engine: Store['engine']): Store {
  return Object.assign(Object.create(tx) as StoreWriter, {
    engine,
    transaction: <T>(fn: (inner: StoreWriter) => Promise<T>) => fn(tx),
    ping: async () => ({ ok: true, latency_ms: 0 }),
    close: async () => undefined,
  }) as unknown as Store;
}
