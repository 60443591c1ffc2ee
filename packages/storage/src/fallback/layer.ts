import type { Store } from '@project-status/core';

/**
 * One read layer of the outage fallback chain (SPEC §5, docs/outage.md):
 * the local cache, the newest committed git snapshot, the markdown report.
 * The primary database is not a layer; the fallback store wraps it.
 *
 * A layer answers reads with an ordinary {@link Store} (a read-only view), so
 * every read operation runs the same service code whichever layer serves it.
 */
export type LayerSource = 'cache' | 'git' | 'markdown';

/** What a layer that could answer hands back. */
export interface LayerRead {
  /** A read-only view; its writes reject with a clear error. */
  readonly store: Store;
  readonly source: LayerSource;
  /** ISO time the data reflects (last refresh, commit time, file mtime); null when unknown. */
  readonly as_of: string | null;
  /** Machine-readable warnings, e.g. `cache_stale`, `snapshot_invalid_json`. */
  readonly warnings: string[];
}

/** A layer either answers or says, in words a user can act on, why it cannot. */
export type LayerResult = { ok: true; read: LayerRead } | { ok: false; source: LayerSource; reason: string };

export interface FallbackLayer {
  readonly source: LayerSource;
  /** Never throws: an unreadable source is `{ ok: false, reason }`, and the chain moves to the next layer. */
  open(): Promise<LayerResult>;
  close?(): Promise<void>;
}
