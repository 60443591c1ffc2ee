import { existsSync } from 'node:fs';
import { DatabaseError, uuidv7, type DataSource, type DomainError, type OutageStatus, type ServedBy, type Store, type StoreWriter, type SyncConflicts, type TransactionLock } from '@project-status/core';
import { fromDriver, isOutage } from '../errors/translate.js';
import { CircuitBreaker, type BreakerOptions } from './breaker.js';
import { CACHE_MISSING_WRITES, type LocalCache, type RefreshReport } from './cache.js';
import { currentCall, type CallRecord } from './calls.js';
import type { FallbackLayer, LayerRead } from './layer.js';
import type { OutboxEntry } from './outbox.js';
import { Resync, type ReplayRunner } from './resync.js';

/** Operations an outage never queues: their effect cannot be checked against a cache, or they are about the outage itself. */
const NOT_QUEUED = new Set(['resolve_sync_conflict', 'import_legacy_status', 'archive_work_items']);

/** Store members the chain answers itself; every other function member is a read that falls through the layers. */
const OWN = new Set<PropertyKey>(['engine', 'ping', 'outageStatus', 'syncConflicts', 'changes', 'transaction', 'close', 'then']);

/** Options of {@link createFallbackStore}. */
export interface FallbackStoreOptions extends BreakerOptions {
  /** The configured database (a deferred store when it was down at start). */
  primary: Store;
  /**
   * The local cache (the first layer, and the outbox): its file, and how to
   * open it. A cache that does not exist yet is created only once the
   * database answers, so a failed call never leaves files in the project.
   */
  cache: { file: string; open: () => Promise<LocalCache> };
  /** Read-only layers after the cache, in order (git, markdown). */
  layers?: readonly FallbackLayer[];
  /** Runs a queued write on a store (the replay), at its original instant with its original ids. */
  replay: ReplayRunner;
  /** Least milliseconds between two background refreshes of the cache after successful calls (default 1 000). */
  refreshEveryMs?: number;
  /** Told after a write was queued or the outbox changed (mirrors it into the markdown report). */
  onOutboxChange?: (pending: OutboxEntry[]) => void | Promise<void>;
  now?: () => number;
}

/** Control of a fallback chain, for the handle, tests and the bench. */
export interface FallbackControl {
  /** Brings the cache up to the database now (first fill or incremental); resolves when done. */
  refresh(): Promise<RefreshReport>;
  /** Replays the outbox now (when the database answers). */
  drain(): Promise<{ applied: number; conflicts: number; remaining: number }>;
  /** Whether calls currently go to the database. */
  readonly primaryUp: boolean;
  /**
   * Resolves once no background refresh is running or scheduled: every write
   * the primary confirmed so far has reached the cache, or the refresh that
   * would have copied it failed (for tests and the bench).
   */
  settled(): Promise<void>;
}

/**
 * The outage fallback chain (SPEC §5, docs/outage.md): a {@link Store} that
 * wraps the configured database. Reads go to the database while it answers;
 * once a call finds it down the circuit breaker opens and reads go straight
 * through the layers — the local cache, then git, then markdown — each
 * answer recording which layer served it (see calls.ts). Writes while it is
 * down run on the cache and are queued in its outbox; the replay sends them
 * when the breaker's probe finds the database again.
 */
export function createFallbackStore(options: FallbackStoreOptions): { store: Store; control: FallbackControl } {
  const { primary } = options;
  const now = options.now ?? Date.now;
  const engine = primary.engine;
  const refreshEvery = options.refreshEveryMs ?? 1_000;
  let cacheError: string | undefined;
  let opening: Promise<LocalCache> | undefined;
  /** The cache, opened on first need; `create: false` while the database has never answered and no file exists. */
  const cache = (create = true): Promise<LocalCache> => {
    if (opening) return opening;
    if (!create && !existsSync(options.cache.file)) {
      return Promise.reject(new DatabaseError(`there is no local cache yet at ${options.cache.file} (it is made once the database answers)`, { retryable: true, reason: 'no_cache' }));
    }
    opening = options.cache.open().catch((error: unknown) => {
      cacheError = (error as Error).message;
      throw error;
    });
    opening.catch(() => undefined);
    return opening;
  };
  const cacheOrNull = (create = false) =>
    cache(create).catch((error: unknown) => {
      cacheError ??= (error as Error).message;
      return null;
    });
  let lastRefresh = 0;
  let closed = false;

  const mirror = async () => {
    const c = await cacheOrNull();
    if (c && options.onOutboxChange) await options.onOutboxChange(c.outbox.all().filter((e) => e.state === 'pending'));
  };

  let mirroring: Promise<void> = Promise.resolve();
  let resync: Resync | undefined;
  const resyncFor = async () => {
    const c = await cacheOrNull();
    if (!c) return undefined;
    // A replay that meets a busy or refusing database stops and tries again later; only an outage sends calls to the layers.
    resync ??= new Resync({ primary, cache: c, replay: options.replay, onOutage: (e) => isOutage(e) && breaker.failure(e), afterDrain: mirror });
    return resync;
  };

  /** Replays the outbox when anything waits in it; nothing to do, and no wait, when it is empty. */
  const drainPending = async (c: LocalCache) => {
    if (c.outbox.pendingCount() > 0) await (await resyncFor())?.drain();
  };

  /** Writes the primary confirmed in this process, and how many of them a completed refresh is known to hold. */
  let confirmed = 0;
  let covered = 0;
  /** The trailing refresh, set while a confirmed write waits out the throttle window. */
  let trailing: ReturnType<typeof setTimeout> | undefined;
  let closing = false;

  /** One background refresh now: replays what waits, then brings the cache up to the primary. */
  const startRefresh = () => {
    lastRefresh = now();
    // Every write confirmed before this point is committed before the refresh reads the feed.
    const covers = confirmed;
    const previous = background;
    background = (async () => {
      // Only a database that answers gets a cache made for it.
      if (!opening && !(await primary.ping()).ok) return;
      const c = await cacheOrNull(true);
      if (!c) return;
      await drainPending(c);
      const report = await c.refresh(primary);
      if (report.kind !== 'skipped') covered = Math.max(covered, covers);
    })()
      .catch((error: unknown) => {
        if (isOutage(error)) breaker.failure(error);
      })
      .then(() => previous)
      .then(() => {
        // A write confirmed while this refresh was reading may have missed it: one more (throttled, coalesced).
        if (confirmed > covers && covered < confirmed) refreshSoon();
      });
  };

  /**
   * A refresh after a successful call, at most once every `refreshEvery` ms.
   * A confirmed write that falls inside that window is not left out: one
   * trailing refresh (shared by every write in the window) runs when it ends.
   */
  const refreshSoon = () => {
    if (closed || closing) return;
    const wait = lastRefresh + refreshEvery - now();
    if (wait <= 0) {
      if (trailing) clearTimeout(trailing);
      trailing = undefined;
      startRefresh();
      return;
    }
    if (covered < confirmed && !trailing) {
      trailing = setTimeout(() => {
        trailing = undefined;
        // While the database is down the breaker's recovery refreshes (covered < confirmed still holds then).
        if (breaker.allows()) refreshSoon();
      }, wait);
      // A process with nothing else to do may exit; close() runs what was due.
      trailing.unref?.();
    }
  };

  /** A write the primary confirmed: recorded in the cache (its answers say it is missing until a refresh covers it), then refreshed soon. */
  const writeConfirmed = () => {
    confirmed += 1;
    const at = new Date(now()).toISOString();
    if (opening) void cacheOrNull().then((c) => c?.noteConfirmedWrite(at)).catch(() => undefined);
  };
  /** The refreshes started in the background, chained; closing waits for them (a CLI call fills the cache before it exits). */
  let background: Promise<void> = Promise.resolve();

  // The probe reads a table, not just `select 1`: a SQLite file overwritten with garbage can still answer a bare ping.
  // A database that answers with a refusal (it does not exist, a lock is held) is reachable: calls go to it again and fail with its reason.
  const probe = async () => {
    const ping = await primary.ping();
    if (!ping.ok) return ping.outage === false;
    return primary.listChanges({ after: Number.MAX_SAFE_INTEGER, limit: 1 }).then(
      () => true,
      (error: unknown) => !isOutage(error),
    );
  };
  const breaker = new CircuitBreaker(probe, () => refreshSoon(), options);

  const served = (record: CallRecord | undefined, s: ServedBy) => {
    if (!record) return;
    // The least current layer a call touched is what its answer is worth.
    if (!record.served || record.served.data_source === engine) record.served = s;
  };

  const layerServed = (read: LayerRead, extra: string[]): ServedBy => {
    const age = read.as_of ? Math.max(0, Math.round((now() - Date.parse(read.as_of)) / 1000)) : null;
    const warnings = ['database_unavailable', ...extra, ...read.warnings];
    if (read.source !== 'cache') warnings.push('read_only_fallback');
    return { data_source: read.source, warnings: [...new Set(warnings)], age_seconds: age };
  };

  /** Tries each layer in order for one read; the first that answers serves the rest of the call. */
  const fromLayers = async (name: PropertyKey, args: unknown[], record: CallRecord | undefined): Promise<unknown> => {
    const cause = breaker.lastCause?.message ?? 'it did not answer';
    if (record?.layer) {
      return (record.layer.store as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>)[name]!(...args);
    }
    const failed: { source: string; reason: string }[] = [{ source: engine, reason: cause }];
    const skipped: string[] = [];
    const layers: (FallbackLayer | null)[] = [await cacheOrNull(), ...(options.layers ?? [])];
    if (layers[0] === null) {
      failed.push({ source: 'cache', reason: cacheError ?? 'no cache' });
      skipped.push('cache_unavailable');
    }
    for (const layer of layers) {
      if (!layer) continue;
      const opened = await layer.open().catch((error: unknown) => ({ ok: false as const, source: layer.source, reason: (error as Error).message }));
      if (!opened.ok) {
        failed.push({ source: opened.source, reason: opened.reason });
        skipped.push(`${opened.source}_unavailable`);
        continue;
      }
      const method = (opened.read.store as unknown as Record<PropertyKey, unknown>)[name];
      if (typeof method !== 'function') {
        failed.push({ source: layer.source, reason: `it cannot answer ${String(name)}` });
        continue;
      }
      try {
        const value = await (method as (...a: unknown[]) => Promise<unknown>).apply(opened.read.store, args);
        if (record) record.layer = opened.read;
        served(record, layerServed(opened.read, skipped));
        return value;
      } catch (error) {
        // A layer that fails mid-read (a cache file corrupted after opening) is skipped, never trusted half-way.
        const code = (error as { code?: unknown }).code;
        // A refusal (not found, invalid) is the layer's answer; only a failure to read moves on.
        if (typeof code === 'string' && code !== 'DATABASE_ERROR' && !code.startsWith('SQLITE_')) {
          // Said like any answer of the layer: a NOT_FOUND from a cache may only mean the cache has not seen it.
          if (record) record.layer = opened.read;
          served(record, layerServed(opened.read, skipped));
          throw error;
        }
        if (layer.source === 'cache') (layer as LocalCache).markBroken(`the local cache failed: ${(error as Error).message}`);
        failed.push({ source: layer.source, reason: (error as Error).message });
        skipped.push(`${layer.source}_unavailable`);
      }
    }
    throw new DatabaseError(`no layer could answer (the database is down): ${failed.map((f) => `${f.source}: ${f.reason}`).join('; ')}`, { retryable: true, reason: 'no_layer_answered', layers: failed });
  };

  /**
   * Writes queued in an outage land before a read the primary answers, so a
   * read sees its own writes: in a process started once the database is back
   * (a CLI call) and right after recovery. Nothing to do, and no wait, while
   * the outbox is empty; a replay that meets the outage again leaves the
   * breaker open and the read goes to the layers.
   */
  const replayQueued = async () => {
    const c = opening ? await cacheOrNull() : null;
    if (c) await drainPending(c);
  };

  /**
   * One attempt on the primary: an answer is marked as the primary's and the
   * cache is refreshed soon; an outage opens the breaker and is returned for
   * the caller to fall back on; any other failure is thrown.
   */
  const onPrimary = async <T>(record: CallRecord | undefined, attempt: () => Promise<T>, write = false): Promise<{ value: T } | { outage: DomainError }> => {
    try {
      const value = await attempt();
      served(record, { data_source: engine, warnings: [], age_seconds: null });
      if (write) writeConfirmed();
      refreshSoon();
      return { value };
    } catch (error) {
      if (!isOutage(error)) throw error;
      breaker.failure(error);
      return { outage: error };
    }
  };

  const read = (name: PropertyKey) => async (...args: unknown[]) => {
    const record = currentCall();
    if (!record?.layer && breaker.allows()) await replayQueued().catch(() => undefined);
    if (!record?.layer && breaker.allows()) {
      const tried = await onPrimary(record, () => (primary as unknown as Record<PropertyKey, (...a: unknown[]) => Promise<unknown>>)[name]!(...args));
      if ('value' in tried) return tried.value;
    }
    return fromLayers(name, args, record);
  };

  /** A write while the database is down: run on the cache, queued in the same cache transaction. */
  const queue = async <T>(
    fn: (tx: StoreWriter) => Promise<T>,
    lock: { lock?: TransactionLock } | undefined,
    record: CallRecord | undefined,
    cause: DomainError,
    why: 'database_unavailable' | 'replay_pending' = 'database_unavailable',
  ): Promise<T> => {
    const refuse = (why: string) =>
      new DatabaseError(`the ${engine} database is down (${cause.message}) and this write cannot be queued: ${why}`, { retryable: true, reason: 'outage_write_refused' }, cause);
    if (!record || record.kind !== 'write') throw refuse('only catalog write operations are queued during an outage');
    if (NOT_QUEUED.has(record.operation)) throw refuse(`${record.operation} needs the database itself`);
    const c = await cache(false).catch((error: unknown) => {
      throw refuse(`the local cache cannot be used (${(error as Error).message})`);
    });
    if (!c.filled) throw refuse('the local cache has never been filled, so the write cannot be checked');
    if (record.layer && record.layer.source !== 'cache') throw refuse(`its reads came from ${record.layer.source}, which cannot check a write`);
    if (record.served?.queued) return c.store.transaction(fn, lock);
    const at = record.at ?? new Date(now()).toISOString();
    const warnings = [why, ...(c.missingConfirmedWrites ? [CACHE_MISSING_WRITES] : [])];
    const value = await c.store
      .transaction(async (tx) => {
        const result = await fn(tx);
        let position: number;
        try {
          position = c.outbox.append({ id: uuidv7(), operation: record.operation, input: (record.input ?? {}) as Record<string, unknown>, actor: record.actor, at, ids: [...record.ids] }, new Date(now()).toISOString());
        } catch (error) {
          // The cache's own SQLite failed: translated by the transaction like any failure of ours.
          throw fromDriver(error);
        }
        record.served = { data_source: 'cache', warnings: [...warnings, 'queued_for_sync'], age_seconds: c.ageSeconds(), queued: true, outbox_position: position };
        return result;
      }, lock)
      .catch((error: unknown) => {
        // Refused against the cache's view (a NOT_FOUND, a version conflict): nothing queued, and the error says the cache checked it.
        if (!record.served?.queued) record.served = { data_source: 'cache', warnings, age_seconds: c.ageSeconds() };
        throw error;
      });
    record.layer ??= { store: c.store, source: 'cache', as_of: c.asOf, warnings: [] };
    // The outbox is the durable record; the report's pending section follows without holding up the answer (closing waits for it).
    mirroring = mirror().catch(() => undefined);
    return value;
  };

  const conflicts: SyncConflicts = {
    list: async () => (await cacheOrNull())?.outbox.conflicts() ?? [],
    resolve: async (id, action, actor) => {
      const r = await resyncFor();
      if (!r) throw new DatabaseError(`there is no local cache, so there are no sync conflicts (${cacheError ?? ''})`, { retryable: false });
      return r.resolve(id, action, actor);
    },
  };

  const own = {
    engine: engine as DataSource,
    changes: primary.changes,
    syncConflicts: conflicts,
    async ping() {
      if (!breaker.allows()) return { ok: false, latency_ms: 0, error: breaker.lastCause?.message ?? 'the database did not answer' };
      const result = await primary.ping();
      // A database that answers with a refusal (a typo in its name, a lock) is not down: the layers do not take over.
      if (!result.ok && result.outage !== false) breaker.failure(new DatabaseError(result.error ?? 'the database did not answer a ping', { retryable: true }));
      return result;
    },
    async outageStatus(): Promise<OutageStatus> {
      const c = await cacheOrNull();
      let answering: DataSource | null = breaker.allows() ? engine : null;
      if (!answering) {
        for (const layer of [c, ...(options.layers ?? [])]) {
          if (!layer) continue;
          const opened = await layer.open().catch(() => ({ ok: false as const }));
          if (opened.ok) {
            answering = layer.source;
            break;
          }
        }
      }
      return { cache_age_seconds: c?.ageSeconds() ?? null, pending_writes: c?.outbox.pendingCount() ?? 0, unresolved_conflicts: c?.outbox.conflictCount() ?? 0, answering };
    },
    async transaction<T>(fn: (tx: StoreWriter) => Promise<T>, lock?: { lock?: TransactionLock }): Promise<T> {
      const record = currentCall();
      let cause = breaker.lastCause;
      // Writes queued earlier go first: while any wait, new writes line up behind them (the replay keeps the order).
      const waiting = opening ? await cacheOrNull() : null;
      if (breaker.allows() && waiting && waiting.outbox.pendingCount() > 0 && record?.kind === 'write' && !NOT_QUEUED.has(record.operation)) {
        void resyncFor().then((r) => r?.drain()).catch(() => undefined);
        return queue(fn, lock, record, new DatabaseError('earlier outage writes are still being replayed', { retryable: true, reason: 'replay_pending' }), 'replay_pending');
      }
      if (breaker.allows()) {
        let ran = false;
        const tried = await onPrimary(record, () =>
          primary.transaction((tx) => {
            ran = true;
            return fn(tx);
          }, lock),
          true,
        );
        if ('value' in tried) return tried.value;
        // Failed after the write began: whether it committed is unknown, so it is not queued; the caller retries.
        if (ran) throw tried.outage;
        cause = tried.outage;
      }
      return queue(fn, lock, record, cause ?? new DatabaseError('the database did not answer', { retryable: true }));
    },
    async close() {
      // Every write the primary confirmed reaches the cache before the process lets go of it (a CLI call writes, then exits).
      closing = true;
      if (trailing) clearTimeout(trailing);
      trailing = undefined;
      await background;
      if (covered < confirmed && breaker.allows()) {
        startRefresh();
        await background;
      }
      closed = true;
      breaker.stop();
      await background;
      await mirroring;
      await resync?.idle();
      const c = await cacheOrNull();
      await c?.close().catch(() => undefined);
      for (const layer of options.layers ?? []) await layer.close?.().catch(() => undefined);
      await primary.close();
    },
  };

  const store = new Proxy(own as unknown as Store, {
    get(target, name, receiver) {
      if (OWN.has(name)) return Reflect.get(target, name, receiver);
      const member = (primary as unknown as Record<PropertyKey, unknown>)[name];
      if (typeof member !== 'function') return member;
      return read(name);
    },
  });

  // Start-up: fill or refresh the cache in the background, and replay what an earlier process left queued.
  // An existing cache is opened at once, so the first read finds what waits in its outbox (replayQueued).
  if (existsSync(options.cache.file)) void cacheOrNull();
  lastRefresh = 0;
  refreshSoon();

  const control: FallbackControl = {
    async refresh() {
      const covers = confirmed;
      const c = await cache(true);
      await drainPending(c);
      const report = await c.refresh(primary);
      if (report.kind !== 'skipped') covered = Math.max(covered, covers);
      return report;
    },
    async drain() {
      const r = await resyncFor();
      if (!r) return { applied: 0, conflicts: 0, remaining: 0 };
      const ping = await primary.ping();
      if (!ping.ok) return { applied: 0, conflicts: 0, remaining: (await cache(false)).outbox.pendingCount() };
      breaker.success();
      return r.drain();
    },
    get primaryUp() {
      return breaker.allows();
    },
    async settled() {
      for (;;) {
        const waiting = background;
        await waiting;
        if (trailing) await new Promise((resolve) => setTimeout(resolve, Math.max(0, lastRefresh + refreshEvery - now()) + 1));
        else if (background === waiting) return;
      }
    },
  };
  return { store, control };
}
