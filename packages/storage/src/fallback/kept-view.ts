import type { Store } from '@project-status/core';
import type { FallbackLayer, LayerResult, LayerSource } from './layer.js';

/** A layer that keeps its opened view while its source is unchanged (see {@link keepViewOpen}). */
export interface KeptLayer extends FallbackLayer {
  /** How many times the view was built (opened) since the layer was made: a test's and the bench's observable. */
  readonly opens: number;
}

/** Options of {@link keepViewOpen}. */
export interface KeepViewOptions {
  /**
   * A cheap identity of the source (a commit and blob id, a file's dev/ino/size/mtime), or null when
   * there is no source to identify — then every call opens afresh and nothing is kept. Never throws.
   */
  key: () => Promise<string | null>;
  /** Builds the view (the expensive part). Never throws. */
  open: () => Promise<LayerResult>;
  /** Least milliseconds between two key checks; within it the kept view answers unchecked (default 0: every call checks). */
  recheckMs?: number;
  /** Milliseconds a replaced view stays open for calls still reading it before it is closed (default 30 000). */
  retireMs?: number;
  now?: () => number;
}

/**
 * Keeps a fallback layer's view (an in-memory SQLite database, seconds to build
 * at 120 000 items) open between calls while the key of its source stays the
 * same, so a long-lived server that is down pays for one open per change of the
 * source, not one per call. Concurrent calls that find no view share one open.
 * When the key changes the view is rebuilt and the old one is closed once
 * calls that may still read it are done (`retireMs`); {@link FallbackLayer.close}
 * closes every view at once. Failures are not kept: the next call tries again.
 *
 * The view belongs to the layer: closing `read.store` does nothing, close the layer.
 */
export function keepViewOpen(source: LayerSource, options: KeepViewOptions): KeptLayer {
  const now = options.now ?? Date.now;
  const recheckMs = options.recheckMs ?? 0;
  const retireMs = options.retireMs ?? 30_000;
  let kept: { key: string; result: LayerResult; seq: number } | undefined;
  let pending: { key: string; promise: Promise<LayerResult> } | undefined;
  let checking: Promise<string | null> | undefined;
  let checkedAt = Number.NEGATIVE_INFINITY;
  let opens = 0;
  let seq = 0;
  let closed = false;
  /** Views opened and not yet closed, with the timer that will close a retired one. */
  const live = new Map<Store, ReturnType<typeof setTimeout> | null>();

  const closeNow = async (store: Store) => {
    const timer = live.get(store);
    if (timer) clearTimeout(timer);
    if (!live.delete(store)) return;
    await store.close().catch(() => undefined);
  };
  const retire = (result: LayerResult) => {
    if (!result.ok) return;
    const store = (result.read.store as Shared).inner;
    if (!live.has(store) || live.get(store)) return;
    const timer = setTimeout(() => void closeNow(store), retireMs);
    timer.unref?.();
    live.set(store, timer);
  };

  /** The view as handed out: its `close` is the layer's to call. */
  const share = (result: LayerResult): LayerResult => {
    if (!result.ok) return result;
    const inner = result.read.store;
    live.set(inner, null);
    const store = new Proxy(inner, {
      get(target, name, receiver) {
        if (name === 'close') return async () => undefined;
        if (name === 'inner') return inner;
        return Reflect.get(target, name, receiver);
      },
    });
    return { ok: true, read: { ...result.read, store } };
  };

  const openFresh = (key: string | null): Promise<LayerResult> => {
    opens += 1;
    const mine = ++seq;
    const promise = options.open().then(
      (raw) => {
        if (pending?.promise === promise) pending = undefined;
        const result = share(raw);
        if (closed) {
          if (result.ok) void closeNow(innerOf(result));
          return raw.ok ? { ok: false as const, source, reason: `${source}_closed: the fallback layer was closed` } : raw;
        }
        if (!result.ok) return result;
        // Nothing identifies what it holds, so the next call opens again: this view lives for the calls reading it now.
        if (key === null) {
          retire(result);
          return result;
        }
        // A slower open of an older key never replaces a newer view.
        if (kept && kept.seq > mine) {
          retire(result);
          return result;
        }
        const old = kept;
        kept = { key, result, seq: mine };
        if (old) retire(old.result);
        return result;
      },
      (error: unknown) => {
        if (pending?.promise === promise) pending = undefined;
        return { ok: false as const, source, reason: `${source}_failed: ${(error as Error).message}` };
      },
    );
    if (key !== null) pending = { key, promise };
    return promise;
  };

  return {
    source,
    get opens() {
      return opens;
    },
    async open(): Promise<LayerResult> {
      if (closed) return { ok: false, source, reason: `${source}_closed: the fallback layer was closed` };
      if (kept && now() - checkedAt < recheckMs) return kept.result;
      if (!checking) {
        checking = options.key().catch(() => null);
        void checking.finally(() => (checking = undefined));
      }
      const key = await checking;
      checkedAt = now();
      if (key === null) {
        // The source is gone (or unreadable): the kept view no longer says what it holds.
        if (kept) retire(kept.result);
        kept = undefined;
        return openFresh(null);
      }
      if (kept?.key === key) return kept.result;
      if (pending?.key === key) return pending.promise;
      return openFresh(key);
    },
    async close() {
      closed = true;
      kept = undefined;
      await Promise.all([...live.keys()].map(closeNow));
    },
  };
}

type Shared = Store & { inner: Store };
const innerOf = (result: Extract<LayerResult, { ok: true }>): Store => (result.read.store as Shared).inner;
