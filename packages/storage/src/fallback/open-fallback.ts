import { join } from 'node:path';
import { createProjectStatus, summarizePendingWrite, upsertPendingSection, uuidv7, type Store } from '@project-status/core';
import { createGitLayer } from './git-layer.js';
import { createMarkdownLayer } from './markdown-layer.js';
import { createProjectFiles } from '../files/project-files.js';
import { keepStateOutOfGit } from '../files/state-gitignore.js';
import { STATE_DIR } from '../open/config.js';
import type { OpenOptions, ProjectStatusHandle } from '../open/open.js';
import { LocalCache, type FillLimits } from './cache.js';
import { trackCalls, trackedClock, trackedIds } from './calls.js';
import { createFallbackStore, type FallbackControl } from './fallback-store.js';
import type { FallbackLayer } from './layer.js';
import type { OutboxEntry } from './outbox.js';

/** The report the pending section is mirrored into. */
const REPORT_FILE = '.project_status.md';

/** The outage fallback's settings (`openProjectStatus({ fallback: … })`). */
export interface FallbackOptions {
  /** Read layers after the cache, in order (git, markdown), given the project root. */
  layers?: (root: string) => FallbackLayer[];
  /** Age after which cached answers carry `cache_stale` (default 30 min; env `PROJECT_STATUS_CACHE_STALE_SECONDS`). */
  staleAfterMs?: number;
  /** Period of the background probe of a database that failed (default 2 s): bounds how long recovery takes to notice. */
  probeIntervalMs?: number;
  /** Least milliseconds between two background cache refreshes after successful calls (default 1 s). */
  refreshEveryMs?: number;
  /** Bounds of the cache's first fill of notes, history rows and archived items (default: the newest 50 000, 50 000 and 20 000). */
  fillLimits?: Partial<FillLimits>;
  /** Mirrors the pending writes somewhere a person sees them (default: the "Pending changes" section of `.project_status.md`). */
  onOutboxChange?: (root: string, pending: OutboxEntry[]) => void | Promise<void>;
}

/** The database a cache mirrors: engine and location, the password masked. */
function describeDatabase(target: ProjectStatusHandle['target']): string {
  if (target.engine === 'sqlite') return `sqlite:${target.file}`;
  return `${target.url.replace(/:[^:@/]*@/, ':***@')}${target.schema ? `#${target.schema}` : ''}`;
}

/** Default read layers after the cache: the newest committed snapshot, then the markdown report. */
let defaultLayers: (root: string) => FallbackLayer[] = (root) => [createGitLayer({ root }), createMarkdownLayer({ root })];

/**
 * Mirrors the pending writes into the "Pending changes" section of
 * `.project_status.md` (core's grammar), so a person reading the file sees
 * what waits. Calls are serialised and coalesced: a burst of queued writes
 * rewrites the file a few times, not once per write.
 */
function pendingMirror(root: string): (pending: OutboxEntry[]) => Promise<void> {
  const files = createProjectFiles(root);
  let latest: OutboxEntry[] | undefined;
  let running: Promise<void> | undefined;
  const write = async () => {
    while (latest) {
      const entries = latest;
      latest = undefined;
      const existing = (await files.exists(REPORT_FILE)) ? await files.readText(REPORT_FILE) : null;
      if (existing === null && entries.length === 0) continue;
      const { content, changed } = upsertPendingSection(
        existing,
        entries.map((e) => ({ position: e.position, operation: e.operation, summary: summarizePendingWrite(e.input), queued_at: e.at })),
      );
      if (changed) await files.writeTextAtomic(REPORT_FILE, content);
    }
  };
  return (pending) => {
    latest = pending;
    running ??= write().finally(() => {
      running = undefined;
    });
    return running;
  };
}

/** Sets the read layers every fallback chain uses after the cache unless its options name others. */
export function setDefaultFallbackLayers(layers: (root: string) => FallbackLayer[]): void {
  defaultLayers = layers;
}

/**
 * `openProjectStatus({ fallback: true })`: opens the database as usual (or
 * deferred, when it is down at start) and wraps its store in the outage
 * fallback chain — local cache `.project-status/cache.db`, then the other
 * layers — so reads keep answering and writes are queued while it is down
 * (docs/outage.md). Not for in-memory databases or a host's connection.
 */
export async function openWithFallback(
  options: OpenOptions,
  open: (options: OpenOptions) => Promise<ProjectStatusHandle>,
): Promise<ProjectStatusHandle & { fallback?: FallbackControl }> {
  // The breaker's probe paces the attempts to reach a database that was down at start, not the deferred store's own interval.
  const handle = await open({ ...options, fallback: false, whenUnavailable: 'defer', reopenIntervalMs: options.reopenIntervalMs ?? 0 });
  if (handle.origin === 'host' || (handle.target.engine === 'sqlite' && handle.target.file === ':memory:')) return handle;
  const settings: FallbackOptions = typeof options.fallback === 'object' ? options.fallback : {};
  const envStale = Number(options.env?.PROJECT_STATUS_CACHE_STALE_SECONDS);
  const staleAfterMs = settings.staleAfterMs ?? (Number.isFinite(envStale) && envStale > 0 ? envStale * 1000 : undefined);
  const root = handle.root;
  const files = createProjectFiles(root);
  const baseClock = options.clock ?? (() => new Date());
  const baseId = options.newId ?? uuidv7;
  const cacheFile = join(root, STATE_DIR, 'cache.db');
  const cache = {
    file: cacheFile,
    open: () =>
      LocalCache.open(cacheFile, { staleAfterMs, fillLimits: settings.fillLimits, database: describeDatabase(handle.target) }).then((c) => {
        try {
          keepStateOutOfGit(root);
        } catch {
          // a read-only checkout: nothing to protect from a commit
        }
        return c;
      }),
  };
  const { store, control } = createFallbackStore({
    primary: handle.store,
    cache,
    layers: (settings.layers ?? defaultLayers)(root),
    probeIntervalMs: settings.probeIntervalMs,
    refreshEveryMs: settings.refreshEveryMs,
    onOutboxChange: settings.onOutboxChange ? (pending) => settings.onOutboxChange!(root, pending) : pendingMirror(root),
    replay: (replayStore: Store, entry, at) => {
      const ids = [...entry.ids];
      return createProjectStatus({ store: replayStore, clientId: entry.actor, clock: () => at, newId: () => ids.shift() ?? baseId(), extraOperations: options.extraOperations, files });
    },
  });
  const api = trackCalls(
    createProjectStatus({ store, clientId: handle.clientId, clock: trackedClock(baseClock), newId: trackedIds(baseId), extraOperations: options.extraOperations, files }),
  );
  return Object.assign(api, { root, target: handle.target, origin: handle.origin, appliedMigrations: handle.appliedMigrations, inTransaction: handle.inTransaction, fallback: control });
}
