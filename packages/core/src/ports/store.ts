import type { ArchiveFacts } from '../archive/rules.js';
import type { ArchivedWorkItem, QueryArchivedInput } from '../archive/schema.js';
import type { Change } from '../change/schema.js';
import type { ProjectConfiguration } from '../configuration/schema.js';
import type { DependencyEdge } from '../dependency/rules.js';
import type { Deployment, DeploymentMetadata, DeploymentRef, ListDeploymentsInput } from '../deployment/schema.js';
import type { Enhancement, ListEnhancementsInput } from '../enhancement/schema.js';
import type { EntityType, HistoryEntry } from '../history/schema.js';
import type { Vendor, VendorStatus } from '../vendor/schema.js';
import type { Note, NoteRef } from '../note/schema.js';
import type { SyncConflict, SyncResolution } from '../sync/schema.js';
import type { ItemType, WorkItem, WorkItemFilter, WorkItemSummary } from '../work-item/schema.js';

/** Where an answer came from (SPEC §5). The primary engine unless a fallback answered. */
export type DataSource = 'postgres' | 'sqlite' | 'cache' | 'git' | 'markdown';

/**
 * Which layer answered one call, and what its user should know about that
 * answer (SPEC §5). Absent warnings and a null age: the primary answered.
 */
export interface ServedBy {
  data_source: DataSource;
  /** Machine-readable: `database_unavailable`, `cache_stale`, `read_only_fallback`, `queued_for_sync`, … */
  warnings: string[];
  /** Seconds since the data a fallback answered from was current; null for the primary. */
  age_seconds: number | null;
  /** A write acknowledged into the outage outbox, not yet on the server. */
  queued?: boolean;
  /** Its place in the outbox (replay order). */
  outbox_position?: number;
}

/** What the outage fallback keeps (SPEC §5): `health_check` reports it. */
export interface OutageStatus {
  cache_age_seconds: number | null;
  pending_writes: number;
  unresolved_conflicts: number;
  /** The layer reads go to now (the primary engine when it answers); absent for a plain store. */
  answering?: DataSource | null;
}

/** The sync conflicts of an outbox replay: listed and resolved through the catalog. */
export interface SyncConflicts {
  list(): Promise<SyncConflict[]>;
  /** Re-applies the queued write on the server's current version, or drops it. */
  resolve(id: string, action: 'reapply' | 'discard', actor: string): Promise<SyncResolution>;
}

/** A stored dependency with its audit fields. */
export interface StoredDependency extends DependencyEdge {
  id: string;
  created_at: string;
  created_by: string;
}

/** A dependency edge seen from one of its items, with the item at the other end. */
export interface DependencyWithOther extends StoredDependency {
  other: { id: string; short_id: string; title: string; status: WorkItem['status']; deleted_at: string | null };
}

/** A row a bulk change touched, with its version after the change. */
export interface ChangedRow {
  id: string;
  version: number;
}

/** A row a cascade restore brought back, with when it had been deleted (for its history). */
export interface RestoredRow extends ChangedRow {
  deleted_at: string;
}

/** A page of rows plus the total that matched. */
export interface Page<T> {
  rows: T[];
  total: number;
}

/** The list/search filters as the store takes them: the operation's, plus the instant `held` is judged at. */
export type WorkItemQuery = WorkItemFilter & {
  /** The current instant (the service's clock): a claim whose lease ended before it no longer holds its item. */
  now: string;
};

export interface ReadyWorkQuery {
  parent_path?: string;
  item_type?: string;
  /** Only items at this priority or higher (a smaller number). */
  max_priority?: number;
  include_assigned: boolean;
  limit: number;
  /** Ready items to skip, in the list's order (paging). */
  offset?: number;
  /** The current instant: a claim whose lease ended before it no longer holds its item. */
  now: string;
}

/** A claim's lease: the holder keeps the item until `expires_at` unless it writes again. */
export interface Lease {
  expires_at: string;
  seconds: number;
}

/** A work item a short id (prefix) matched. */
export interface ShortIdMatch {
  id: string;
  short_id: string;
  title: string;
}

/**
 * Reads. Every method answers from committed state (or, inside a
 * transaction, from that transaction's view).
 */
export interface StoreReader {
  getWorkItem(id: string): Promise<WorkItem | null>;
  getWorkItems(ids: readonly string[]): Promise<WorkItem[]>;
  listWorkItems(filter: WorkItemQuery, page: { limit: number; offset: number }): Promise<Page<WorkItem>>;
  /** Ranked full-text search with the same filters as list. */
  searchWorkItems(query: string, filter: WorkItemQuery, page: { limit: number; offset: number }): Promise<Page<WorkItem>>;
  /**
   * What query_work_item shows around one item, in as few round trips as the
   * engine allows: the item with its ancestors (root first, the item last;
   * empty when unknown), its descendants (summary rows, 5 levels), its
   * dependency refs and its latest 20 deployment refs.
   */
  getWorkItemDetail(
    id: string,
    includeDeleted: boolean,
  ): Promise<{ lineage: WorkItem[]; descendants: WorkItemSummary[]; dependencies: DependencyWithOther[]; deployments: DeploymentRef[]; notes: NoteRef[] }>;
  /**
   * Items in the live table (soft-deleted ones too) whose short id starts
   * with `prefix`, in short-id order (so an exact match comes first), at most
   * `limit`: one range scan of the unique index.
   */
  findWorkItemsByShortId(prefix: string, limit: number): Promise<ShortIdMatch[]>;
  /** What `assignee` holds: live, unfinished items assigned to it whose lease has not ended at `now`; by priority. */
  listHeldWork(assignee: string, now: string, limit: number): Promise<WorkItem[]>;
  /** Notes of one item, newest first. */
  listNotes(workItemId: string, limit: number): Promise<Note[]>;
  /** Deepest depth found in the subtree rooted at `item` (its own depth when it has no children). */
  getSubtreeMaxDepth(item: WorkItem): Promise<number>;
  countLiveChildren(id: string): Promise<number>;
  /**
   * How many descendants a cascade restore of `item` would bring back: those
   * its own cascade delete took, under items that are live or come back too.
   */
  countRestorableDescendants(item: WorkItem): Promise<number>;
  /** Live descendants of `item` that are active or blocked, highest first. */
  getUnfinishedDescendants(item: WorkItem): Promise<WorkItem[]>;
  getDependency(edge: DependencyEdge): Promise<StoredDependency | null>;
  /** For each id: the ids that must finish after it. */
  getSuccessors(ids: readonly string[]): Promise<Map<string, string[]>>;
  /** For each id: unfinished live items it waits for. */
  getUnfinishedBlockers(ids: readonly string[]): Promise<Map<string, WorkItem[]>>;
  listReadyWork(query: ReadyWorkQuery): Promise<WorkItem[]>;

  getVendorByName(name: string): Promise<Vendor | null>;
  getVendorsByIds(ids: readonly string[]): Promise<Vendor[]>;
  listVendors(status?: VendorStatus): Promise<Vendor[]>;

  getDeployment(id: string): Promise<Deployment | null>;
  listDeployments(filter: ListDeploymentsInput): Promise<Page<Deployment>>;

  getConfiguration(): Promise<ProjectConfiguration | null>;

  getEnhancement(id: string): Promise<Enhancement | null>;
  listEnhancements(filter: ListEnhancementsInput): Promise<Page<Enhancement>>;

  /** Live completed work items per UTC day (`YYYY-MM-DD`, ascending), dated by the history entry that last completed each, from `since`. */
  countCompletions(since: string): Promise<{ day: string; completed: number }[]>;
  getHistory(entityType: EntityType, entityId: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>>;
  /**
   * The change feed: committed changes with `after < seq <= head`, oldest
   * first, at most `limit`, plus the newest (`head`) and oldest retained
   * (`oldest`) sequence numbers (0 when there are none). Sequence numbers are
   * assigned in commit order, so a reader that has seen `head` never later
   * sees a smaller one commit.
   */
  listChanges(query: ChangeQuery): Promise<{ rows: Change[]; head: number; oldest: number }>;

  listArchived(filter: QueryArchivedInput): Promise<Page<ArchivedWorkItem>>;
  /** Archive facts of every live item in a tree that holds at least one item eligible at `cutoff`. */
  getArchiveFacts(cutoff: string): Promise<ArchiveFacts[]>;

  // ---- whole-store reads (status report, snapshot export, legacy import) ----
  // One query each, no paging: the report at 120 000 work items must not pay
  // for 1 200 page round trips.

  /** Every work item (live only unless `include_deleted`), ordered by depth, created_at, id. */
  listAllWorkItems(options?: { item_type?: ItemType; include_deleted?: boolean }): Promise<WorkItem[]>;
  /** Every dependency edge. */
  listAllDependencies(): Promise<StoredDependency[]>;
  /** Every deployment with its vendors and work items (ids only, no titles), newest first. */
  listAllDeployments(): Promise<Deployment[]>;
  /** Deployments whose commit hash is one of `hashes` (re-import matches deployments by commit); work items by id only. */
  findDeploymentsByCommit(hashes: readonly string[]): Promise<Deployment[]>;
  /** Every enhancement, highest priority first, then newest. */
  listAllEnhancements(): Promise<Enhancement[]>;
  /**
   * The status report's view of work: every live unfinished (active or
   * blocked) item plus the live ancestors that place it in the tree, as
   * {@link WorkOutline} rows — a handful of columns instead of whole items,
   * because at 120 000 items reading and mapping whole rows is most of the
   * report's cost.
   */
  listWorkOutline(): Promise<WorkOutline[]>;
  /** Number of live (not soft-deleted) work items. */
  countLiveWorkItems(): Promise<number>;

  // ---- what the outage cache copies besides the whole-store reads (docs/outage.md) ----

  /** Every note of the given items, newest first: one statement per few hundred ids, not one per item. */
  listNotesOf(workItemIds: readonly string[]): Promise<Note[]>;
  /** The newest `limit` notes of the whole store, newest first (the cache's bounded first fill). */
  listRecentNotes(limit: number): Promise<Note[]>;
  /** History rows with `after < seq <= upTo`, oldest first, at most `limit`, each with its change-feed number. */
  listHistoryRows(query: { after: number; upTo: number; limit: number }): Promise<SequencedHistoryEntry[]>;
  /** The archived items among `ids` (the others are absent from the answer). */
  getArchivedWorkItems(ids: readonly string[]): Promise<ArchivedWorkItem[]>;
  /** The newest `limit` archived items, most recently archived first. */
  listRecentArchived(limit: number): Promise<ArchivedWorkItem[]>;
  /** Whether the outage write `id` was applied (see {@link StoreWriter.claimOperation}). */
  isOperationApplied?(id: string): Promise<boolean>;
}

/** A history row with its change-feed sequence number (what the outage cache copies). */
export type SequencedHistoryEntry = HistoryEntry & { seq: number };

/** A deployment to insert, with the vendors and work items it links. */
export interface NewDeployment {
  row: { id: string; deployed_at: string; commit_hash: string; metadata: DeploymentMetadata; created_at: string; created_by: string };
  vendorIds: readonly string[];
  workItemIds: readonly string[];
}

/** The columns of a work item the report's tree, blocked and ready sections show. */
export interface WorkOutline {
  id: string;
  item_type: ItemType;
  title: string;
  status: WorkItem['status'];
  parent_id: string | null;
  path: string;
  depth: number;
  branch_name: string | null;
  assignee: string | null;
  priority: number;
  created_at: string;
  /** A task's `metadata.blocked_reason`, when it has one. */
  blocked_reason: string | null;
}

/** Which changes to read: after a cursor, optionally only some entity types or ids. */
export interface ChangeQuery {
  after: number;
  entity_types?: readonly EntityType[];
  ids?: readonly string[];
  limit: number;
}

/**
 * Wakes listeners when changes may have committed — in this process or, as
 * far as the engine can tell, in any other. A wake-up carries no data and may
 * be spurious or coalesced; listeners re-read the feed from their cursor.
 */
export interface ChangeSignal {
  /** Starts listening; the returned function stops. */
  subscribe(listener: () => void): () => void;
}

/** A versioned change: applied only when the row is still at `expectedVersion`. */
export interface VersionedChange<T> {
  id: string;
  expectedVersion: number;
  changes: Partial<T>;
  actor: string;
  at: string;
}

/**
 * Writes, inside one transaction. Versioned updates are conditional on the
 * expected version; a stale one throws `VersionConflictError` (with the
 * current version and last writer) and the transaction rolls back.
 */
export interface StoreWriter extends StoreReader {
  /**
   * Inserts the item and gives it its short id: the shortest prefix of its
   * short-id source, from `item.short_id`'s length up, that no other item
   * holds (the unique index decides, so concurrent inserts cannot share one).
   * Returns the item as stored.
   */
  insertWorkItem(item: WorkItem): Promise<WorkItem>;
  updateWorkItem(change: VersionedChange<WorkItem>): Promise<WorkItem>;
  /** Rewrites paths and depths of every descendant of a moved item. */
  moveSubtree(oldPrefix: string, newPrefix: string, depthDelta: number): Promise<number>;
  /** Soft-deletes every live descendant of `item`, recording that `item`'s cascade took them; returns their ids. */
  softDeleteDescendants(item: WorkItem, at: string, actor: string): Promise<ChangedRow[]>;
  /**
   * Restores the descendants `item`'s cascade delete took (see
   * {@link StoreReader.countRestorableDescendants}), whether `item` is still
   * deleted or was restored on its own since; returns their ids.
   */
  restoreDescendants(item: WorkItem, at: string, actor: string): Promise<RestoredRow[]>;
  /** Marks the given live, unfinished items completed (cascade-complete); returns what changed. */
  completeWorkItems(ids: readonly string[], at: string, actor: string): Promise<ChangedRow[]>;
  /**
   * Atomically assigns a ready, unassigned item. Returns the updated item, or
   * null when it was not claimable at the moment of the update.
   */
  claimWorkItem(id: string, assignee: string, at: string, lease: Lease | null): Promise<WorkItem | null>;
  /** Renews (or sets, or with null clears) the lease of an item `assignee` holds; null when it does not hold it. */
  renewLease(id: string, assignee: string, at: string, lease: Lease | null): Promise<WorkItem | null>;
  /** Unassigns an item `assignee` holds; null when it does not hold it. */
  releaseWorkItem(id: string, assignee: string, at: string): Promise<WorkItem | null>;
  insertNote(note: Note): Promise<void>;

  insertDependency(dep: StoredDependency): Promise<void>;
  deleteDependency(edge: DependencyEdge): Promise<boolean>;

  insertVendor(vendor: Vendor): Promise<void>;
  updateVendor(change: VersionedChange<Vendor>): Promise<Vendor>;

  insertDeployment(row: { id: string; deployed_at: string; commit_hash: string; metadata: DeploymentMetadata; created_at: string; created_by: string }, vendorIds: readonly string[], workItemIds: readonly string[]): Promise<void>;

  /**
   * Many new rows in a few multi-row statements (the legacy import): the same
   * rows the single-row inserts write, without one round trip per row. The
   * caller has validated them; uniqueness is still enforced by the database.
   */
  insertVendors(vendors: readonly Vendor[]): Promise<void>;
  /** Many items at once, each given its short id as {@link insertWorkItem} does; returns them as stored. */
  insertWorkItems(items: readonly WorkItem[]): Promise<WorkItem[]>;
  insertEnhancements(rows: readonly Enhancement[]): Promise<void>;
  insertDeployments(rows: readonly NewDeployment[]): Promise<void>;

  /** Writes the singleton; `expectedVersion` 0 means "never written". */
  saveConfiguration(config: ProjectConfiguration, expectedVersion: number): Promise<ProjectConfiguration>;

  insertEnhancement(e: Enhancement): Promise<void>;
  updateEnhancement(change: VersionedChange<Enhancement>): Promise<Enhancement>;

  appendHistory(entries: readonly HistoryEntry[]): Promise<void>;

  /**
   * Moves the given items (chosen by `selectArchivable`) to the archive table,
   * re-checking eligibility at `cutoff` in the statement; returns what moved.
   */
  archiveWorkItems(ids: readonly string[], cutoff: string, archivedAt: string): Promise<ChangedRow[]>;

  /**
   * Records that the outage write `id` is applied, in this transaction: true
   * the first time, false when it already was (by this or another process),
   * so a replay never applies one write twice. Only stores that keep the
   * record have it.
   */
  claimOperation?(id: string, operation: string, at: string): Promise<boolean>;
}

/** Which serialisation a transaction needs beyond row versions. */
export type TransactionLock = 'hierarchy' | 'dependencies' | 'vendors' | 'claims';

/** What {@link Store.ping} found. */
export interface PingResult {
  ok: boolean;
  latency_ms: number;
  /** Why it failed, in words a user can act on. */
  error?: string;
  /** On failure: whether the database could not be reached at all (an outage), as opposed to answering with a refusal. */
  outage?: boolean;
}

/** The port every service is written against. */
export interface Store extends StoreReader {
  readonly engine: DataSource;
  /**
   * Round trip to the primary store; never throws. A failed ping says
   * `outage: true` when the database could not be reached (the outage
   * fallback takes over) and `outage: false` when it answered but refused
   * (it does not exist, the credentials are wrong, a lock is held).
   */
  ping(): Promise<PingResult>;
  /**
   * Outage bookkeeping of a fallback chain (SPEC §5). A plain database store
   * has no cache, queue or conflicts and reports nulls and zeros.
   */
  outageStatus?(): Promise<OutageStatus>;
  /** Present on a fallback chain: the writes its replay could not apply. */
  readonly syncConflicts?: SyncConflicts;
  /** Push for the change feed; without it, watchers poll. */
  readonly changes?: ChangeSignal;
  /** Runs `fn` in one transaction; everything it wrote commits or nothing does. */
  transaction<T>(fn: (tx: StoreWriter) => Promise<T>, options?: { lock?: TransactionLock }): Promise<T>;
  close(): Promise<void>;
}
