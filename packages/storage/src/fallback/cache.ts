import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { DatabaseError, type ArchivedWorkItem, type Deployment, type EntityType, type Note, type ProjectConfiguration, type SequencedHistoryEntry, type Store } from '@project-status/core';
import * as admin from '../sql/admin-queries.js';
import * as graph from '../sql/graph-queries.js';
import * as vd from '../sql/vendor-deployment-queries.js';
import * as wi from '../sql/work-item-queries.js';
import { jsonParam, type SqlExecutor } from '../sql/executor.js';
import { insertRows } from '../sql/fragments.js';
import { WORK_ITEM_COLUMNS } from '../sql/mappers.js';
import type { SqlStore } from '../sql/sql-store.js';
import { openSqlite } from '../open/open.js';
import type { FallbackLayer, LayerResult } from './layer.js';
import { Outbox } from './outbox.js';

/** Default age after which cached data answers with a `cache_stale` warning (SPEC §5: 30 minutes). */
export const DEFAULT_STALE_AFTER_MS = 30 * 60_000;

/**
 * Warning on a cached answer when a write the primary confirmed to this
 * machine is known not to be in the cache yet (the database went down before
 * the refresh that would have pulled it).
 */
export const CACHE_MISSING_WRITES = 'cache_missing_confirmed_writes';

/** Changes pulled from the feed per round trip during a refresh. */
const FEED_PAGE = 1000;

/** Options of {@link LocalCache.open}. */
export interface CacheOptions {
  /**
   * Which database the cache mirrors (engine and location, no password). A
   * cache filled from another database (the project pointed elsewhere since)
   * never answers for this one; it is refilled once this one answers.
   */
  database: string;
  /** Age after which answers carry `cache_stale` (default 30 min). */
  staleAfterMs?: number;
  /** Bounds of the first fill's notes, history and archived items (default {@link DEFAULT_FILL_LIMITS}). */
  fillLimits?: Partial<FillLimits>;
  now?: () => number;
}

/** How one refresh went, for tests and the bench. */
export interface RefreshReport {
  kind: 'fill' | 'incremental' | 'skipped';
  changes: number;
  entities: number;
  cursor: number;
  /** Rows written into the cache (items, notes, history rows, archived items, …): what the refresh cost, for tests and the bench. */
  rows: number;
  /** Milliseconds reading the primary and writing the cache file (the bench's breakdown). */
  read_ms: number;
  write_ms: number;
}

/**
 * Bounds of the first fill's second pass — the newest notes, history rows and
 * archived items (docs/outage.md). Whatever is older stays on the server only.
 */
export interface FillLimits {
  notes: number;
  history: number;
  archived: number;
}

/** Default {@link FillLimits}: at 100× seed scale a few seconds of background reading at most. */
export const DEFAULT_FILL_LIMITS: FillLimits = { notes: 50_000, history: 50_000, archived: 20_000 };

/**
 * The local cache, `.project-status/cache.db` (SPEC §5, docs/outage.md): the
 * same SQL store and migrations on a SQLite file of its own, holding the
 * project as this machine last saw it, plus the outage outbox and sync
 * conflicts. As a {@link FallbackLayer} it answers reads once filled.
 *
 * Kept fresh from the change feed: a refresh reads the changes after its
 * cursor and re-copies only the entities they name, so it costs what
 * changed, not the size of the project. The first fill is one pass of the
 * whole-store reads. While writes wait in the outbox the cache is not
 * refreshed: it is the view those writes were validated against, and the
 * server's rows would hide them until they are replayed.
 */
export class LocalCache implements FallbackLayer {
  readonly source = 'cache' as const;
  readonly outbox: Outbox;
  private refreshing: Promise<RefreshReport> | undefined;
  private readonly staleAfter: number;
  private readonly database: string;
  private readonly now: () => number;
  private readonly limits: FillLimits;
  /** Set when a read on the cache failed (a file corrupted after opening): the layer stops answering. */
  private broken: string | undefined;
  /** `cache_meta` read and upsert, prepared once: every call the primary answers asks whether the cache is filled. */
  private readonly getMeta: Statement<[string], { value: string }>;
  private readonly putMeta: Statement<[string, string]>;

  private constructor(
    readonly file: string,
    readonly store: SqlStore,
    private readonly db: Database,
    options: CacheOptions,
  ) {
    this.staleAfter = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
    this.database = options.database;
    this.now = options.now ?? Date.now;
    this.limits = { ...DEFAULT_FILL_LIMITS, ...options.fillLimits };
    db.exec(`create table if not exists cache_meta (key text primary key, value text not null)`);
    this.getMeta = db.prepare(`select value from cache_meta where key = ?`);
    this.putMeta = db.prepare(`insert into cache_meta (key, value) values (?, ?) on conflict (key) do update set value = excluded.value`);
    this.outbox = new Outbox(db);
  }

  /**
   * Opens (creating and migrating when new) the cache file. A file that is
   * not a readable SQLite database throws a DatabaseError saying so; the
   * chain reports it as a warning and moves on (it never deletes it while it
   * may hold queued writes).
   */
  static async open(file: string, options: CacheOptions): Promise<LocalCache> {
    if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
    try {
      const { store, db } = await openSqlite(file);
      if (!db) throw new Error('the cache must be a file');
      // A replica: the primary enforced every reference; copies arrive in change order, not reference order.
      db.pragma('foreign_keys = OFF');
      return new LocalCache(file, store, db, options);
    } catch (error) {
      throw new DatabaseError(`the local cache ${file} cannot be opened: ${(error as Error).message}`, { reason: 'cache_unreadable', path: file }, error);
    }
  }

  /** Moves an unreadable cache file aside (kept for inspection) so a new one can be filled. */
  static setAside(file: string): string | null {
    if (!existsSync(file)) return null;
    const aside = `${file}.unreadable-${Date.now()}`;
    renameSync(file, aside);
    for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
    return aside;
  }

  private meta(key: string): string | undefined {
    return this.getMeta.get(key)?.value;
  }

  private setMeta(entries: Record<string, string>): void {
    for (const [k, v] of Object.entries(entries)) this.putMeta.run(k, v);
  }

  /** Whether a first fill from this cache's database completed. */
  get filled(): boolean {
    return this.meta('filled_at') !== undefined && this.meta('database') === this.database;
  }

  /** The database another fill came from, when it is not this one. */
  private get foreign(): string | undefined {
    const from = this.meta('database');
    return from !== undefined && from !== this.database ? from : undefined;
  }

  /** The change-feed position the cache reflects. */
  get cursor(): number {
    return Number(this.meta('cursor') ?? 0);
  }

  /**
   * When the cache last matched the primary (ISO), null before the first
   * fill: the instant the last refresh began reading the change feed, so
   * every change committed before it is in the cache.
   */
  get asOf(): string | null {
    return this.meta('refreshed_at') ?? null;
  }

  /**
   * Records that the primary confirmed a write at `at` (ISO). Until a refresh
   * that began reading after it completes, answers say the cache misses it.
   */
  noteConfirmedWrite(at: string): void {
    const known = this.meta('confirmed_write_at');
    if (known === undefined || known < at) this.setMeta({ confirmed_write_at: at });
  }

  /** Whether a write the primary confirmed is known to be missing from the cache (no refresh has covered it yet). */
  get missingConfirmedWrites(): boolean {
    const confirmed = this.meta('confirmed_write_at');
    const asOf = this.asOf;
    return confirmed !== undefined && asOf !== null && Date.parse(confirmed) > Date.parse(asOf);
  }

  /** Seconds since the cache last matched the primary. */
  ageSeconds(): number | null {
    const at = this.asOf;
    return at === null ? null : Math.max(0, Math.round((this.now() - Date.parse(at)) / 1000));
  }

  markBroken(reason: string): void {
    this.broken = reason;
  }

  async open(): Promise<LayerResult> {
    if (this.broken) return { ok: false, source: 'cache', reason: this.broken };
    const foreign = this.foreign;
    if (foreign) return { ok: false, source: 'cache', reason: `the local cache ${this.file} holds another database (${foreign}), not ${this.database}` };
    if (!this.filled) return { ok: false, source: 'cache', reason: `the local cache ${this.file} has not been filled yet (it fills while the database answers)` };
    const age = this.ageSeconds() ?? 0;
    const warnings = age * 1000 > this.staleAfter ? ['cache_stale'] : [];
    if (this.missingConfirmedWrites) warnings.push(CACHE_MISSING_WRITES);
    return { ok: true, read: { store: this.store, source: 'cache', as_of: this.asOf, warnings } };
  }

  /**
   * Brings the cache up to the primary: a first fill, or the entities the
   * feed names since the cursor. One at a time (concurrent callers share
   * it); skipped while outage writes wait. Throws what the primary threw.
   */
  refresh(primary: Store): Promise<RefreshReport> {
    // One in flight may have read the primary before the caller's last write: run again after it.
    if (this.refreshing) return this.refreshing.catch(() => undefined).then(() => this.refresh(primary));
    const run = async (): Promise<RefreshReport> => {
      if (this.outbox.pendingCount() > 0) return { kind: 'skipped', changes: 0, entities: 0, cursor: this.cursor, rows: 0, read_ms: 0, write_ms: 0 };
      return this.filled && this.meta('refill') === undefined ? this.pull(primary) : this.fill(primary);
    };
    this.refreshing = run().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Asks for a whole re-fill at the next refresh (after sync conflicts left local rows the server never had). */
  requestRefill(): void {
    this.setMeta({ refill: '1' });
  }

  /**
   * The whole project in two passes: first the whole-store reads (items,
   * dependencies, vendors, deployments, enhancements, configuration), after
   * which the cache answers; then, in a second transaction, the newest notes,
   * history rows and archived items, each bounded by {@link FillLimits}. The
   * cursor is taken first, so changes made during the fill are pulled next
   * time (and pulling them again is harmless: every copy is an upsert).
   */
  private async fill(primary: Store): Promise<RefreshReport> {
    let t = performance.now();
    // The cache matches the primary as of the instant before the head was read: every commit before it is copied.
    const at = new Date(this.now()).toISOString();
    const { head } = await primary.listChanges({ after: Number.MAX_SAFE_INTEGER, limit: 1 });
    const [items, deps, vendors, deployments, enhancements, config] = await Promise.all([
      primary.listAllWorkItems({ include_deleted: true }),
      primary.listAllDependencies(),
      primary.listVendors(),
      primary.listAllDeployments(),
      primary.listAllEnhancements(),
      primary.getConfiguration(),
    ]);
    let readMs = performance.now() - t;
    t = performance.now();
    await this.store.withExecutor(async (ex) => {
      for (const table of ['work_items', 'work_item_dependencies', 'vendors', 'deployments', 'deployment_vendors', 'deployment_work_items', 'enhancements', 'project_configuration', 'work_item_notes', 'history', 'archived_work_items']) {
        await ex.run(`delete from ${table}`);
      }
      await wi.insertWorkItems(ex, items);
      for (const d of deps) await graph.insertDependency(ex, d);
      await vd.insertVendors(ex, vendors);
      await copyDeployments(ex, deployments);
      await admin.insertEnhancements(ex, enhancements);
      if (config) await copyConfiguration(ex, config);
    });
    this.db.prepare(`delete from cache_meta where key = 'refill'`).run();
    this.setMeta({ cursor: String(head), filled_at: at, refreshed_at: at, database: this.database });
    this.broken = undefined;
    let writeMs = performance.now() - t;

    // Second pass: the cache already answers; notes, history and the archive follow, bounded.
    t = performance.now();
    const [notes, history, archived] = await Promise.all([
      primary.listRecentNotes(this.limits.notes),
      primary.listHistoryRows({ after: Math.max(0, head - this.limits.history), upTo: head, limit: this.limits.history }),
      primary.listRecentArchived(this.limits.archived),
    ]);
    readMs += performance.now() - t;
    t = performance.now();
    const extras = await this.store.withExecutor(async (ex) => (await copyNotes(ex, notes)) + (await copyHistory(ex, history)) + (await copyArchived(ex, archived)));
    this.setMeta({ extras_at: new Date(this.now()).toISOString() });
    writeMs += performance.now() - t;
    const entities = items.length + deps.length + vendors.length + deployments.length + enhancements.length;
    return { kind: 'fill', changes: 0, entities, cursor: head, rows: entities + extras, read_ms: readMs, write_ms: writeMs };
  }

  /** The changes after the cursor, page by page; each page's entities and history rows copied in one transaction with the new cursor. */
  private async pull(primary: Store): Promise<RefreshReport> {
    let cursor = this.cursor;
    let changes = 0;
    let entities = 0;
    let rows = 0;
    let readMs = 0;
    let writeMs = 0;
    let coveredAt = '';
    for (;;) {
      let t = performance.now();
      // The last page's read is what the cache now covers: every change committed before it began.
      coveredAt = new Date(this.now()).toISOString();
      const page = await primary.listChanges({ after: cursor, limit: FEED_PAGE });
      const next = page.rows.length > 0 ? page.rows[page.rows.length - 1]!.seq : Math.max(cursor, page.head);
      const byType = new Map<EntityType, Set<string>>();
      for (const row of page.rows) {
        let set = byType.get(row.entity_type);
        if (!set) byType.set(row.entity_type, (set = new Set()));
        set.add(row.entity_id);
      }
      const copy = await readEntities(primary, byType, { after: cursor, upTo: next });
      readMs += performance.now() - t;
      t = performance.now();
      rows += await this.store.withExecutor(copy);
      writeMs += performance.now() - t;
      changes += page.rows.length;
      entities += [...byType.values()].reduce((n, s) => n + s.size, 0);
      cursor = next;
      this.setMeta({ cursor: String(cursor) });
      if (page.rows.length < FEED_PAGE) break;
    }
    this.setMeta({ refreshed_at: coveredAt });
    this.broken = undefined;
    return { kind: 'incremental', changes, entities, cursor, rows, read_ms: readMs, write_ms: writeMs };
  }

  async close(): Promise<void> {
    await this.refreshing?.catch(() => undefined);
    await this.store.close();
  }
}

/**
 * Reads the current rows of the changed entities from the primary (outside
 * any cache transaction), in a few batched statements whatever their number
 * — the items, their notes, the archived ones among them, the history rows of
 * the page — and returns the statements that write them into the cache,
 * which answer how many rows they wrote. Items are upserted in place (see
 * `upsertWorkItems`); an item the primary no longer has live was archived
 * (copied into the cache's archive) or is gone (removed).
 */
async function readEntities(primary: Store, byType: Map<EntityType, Set<string>>, range: { after: number; upTo: number }): Promise<(ex: SqlExecutor) => Promise<number>> {
  const ids = (t: EntityType) => [...(byType.get(t) ?? [])];
  const itemIds = ids('work_item');
  const vendorIds = ids('vendor');
  const deploymentIds = ids('deployment');
  const enhancementIds = ids('enhancement');
  const [items, notes, history, vendors, deployments, enhancements, deps, config] = await Promise.all([
    itemIds.length > 0 ? primary.getWorkItems(itemIds) : [],
    itemIds.length > 0 ? primary.listNotesOf(itemIds) : [],
    range.upTo > range.after ? primary.listHistoryRows({ after: range.after, upTo: range.upTo, limit: FEED_PAGE }) : [],
    vendorIds.length > 0 ? primary.getVendorsByIds(vendorIds) : [],
    Promise.all(deploymentIds.map((id) => primary.getDeployment(id))).then((list) => list.filter((d) => d !== null)),
    Promise.all(enhancementIds.map((id) => primary.getEnhancement(id))).then((list) => list.filter((e) => e !== null)),
    // Dependency changes name edge ids the store cannot read one by one: the edge table is small, copy it whole.
    byType.has('dependency') ? primary.listAllDependencies() : null,
    byType.has('configuration') ? primary.getConfiguration() : undefined,
  ]);
  const live = new Set(items.map((item) => item.id));
  const gone = itemIds.filter((id) => !live.has(id));
  const archived = gone.length > 0 ? await primary.getArchivedWorkItems(gone) : [];
  return async (ex) => {
    await deleteIn(ex, 'work_items', 'id', gone);
    const changedItems = await wi.replicateWorkItems(ex, items);
    const changedRows = changedItems + (await copyArchived(ex, archived)) + (await copyNotes(ex, notes)) + (await copyHistory(ex, history));
    await deleteIn(ex, 'vendors', 'id', vendorIds);
    if (vendors.length > 0) await vd.insertVendors(ex, vendors);
    await deleteIn(ex, 'deployments', 'id', deploymentIds);
    await deleteIn(ex, 'deployment_vendors', 'deployment_id', deploymentIds);
    await deleteIn(ex, 'deployment_work_items', 'deployment_id', deploymentIds);
    await copyDeployments(ex, deployments);
    await deleteIn(ex, 'enhancements', 'id', enhancementIds);
    if (enhancements.length > 0) await admin.insertEnhancements(ex, enhancements);
    if (deps) {
      await ex.run(`delete from work_item_dependencies`);
      for (const d of deps) await graph.insertDependency(ex, d);
    }
    if (config !== undefined) {
      await ex.run(`delete from project_configuration`);
      if (config) await copyConfiguration(ex, config);
    }
    return changedRows + vendors.length + deployments.length + enhancements.length + (deps?.length ?? 0) + (config ? 1 : 0);
  };
}

/** Notes never change once written: one the cache has (by id, e.g. an outage note the replay sent) is kept. */
function copyNotes(ex: SqlExecutor, notes: readonly Note[]): Promise<number> {
  return insertRows(ex, 'work_item_notes', ['id', 'work_item_id', 'author', 'text', 'created_at'], notes.map((n) => [n.id, n.work_item_id, n.author, n.text, n.created_at]), {
    onConflict: 'on conflict (id) do nothing',
  });
}

/**
 * History rows under the server's sequence numbers. A row the cache holds
 * under the same id or number — one an outage write recorded locally, which
 * the replay sent with the same id — is replaced by the server's.
 */
function copyHistory(ex: SqlExecutor, rows: readonly SequencedHistoryEntry[]): Promise<number> {
  return insertRows(
    ex,
    'history',
    ['seq', 'id', 'entity_type', 'entity_id', 'version', 'action', 'actor', 'at', 'changes'],
    rows.map((e) => [e.seq, e.id, e.entity_type, e.entity_id, e.version, e.action, e.actor, e.at, jsonParam(e.changes)]),
    { replace: true },
  );
}

/** Archived items as the server has them (the archive table has no full-text index to keep). */
function copyArchived(ex: SqlExecutor, items: readonly ArchivedWorkItem[]): Promise<number> {
  return insertRows(ex, 'archived_work_items', [...WORK_ITEM_COLUMNS.split(', '), 'archived_at'], items.map((item) => [...wi.workItemParams(item), item.archived_at]), { replace: true });
}

async function deleteIn(ex: SqlExecutor, table: string, column: string, ids: readonly string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    await ex.run(`delete from ${table} where ${column} in (${chunk.map(() => '?').join(', ')})`, chunk);
  }
}

async function copyDeployments(ex: SqlExecutor, deployments: readonly Deployment[]): Promise<void> {
  if (deployments.length === 0) return;
  await vd.insertDeployments(ex, deployments.map(vd.asNewDeployment));
  for (const d of deployments) if (d.version !== 1) await ex.run(`update deployments set version = ? where id = ?`, [d.version, d.id]);
}

async function copyConfiguration(ex: SqlExecutor, config: ProjectConfiguration): Promise<void> {
  await admin.saveConfiguration(ex, config, 0);
  await ex.run(`update project_configuration set version = ? where id = 1`, [config.version]);
}
