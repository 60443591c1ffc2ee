import type {
  ArchiveFacts,
  ChangeQuery,
  ArchivedWorkItem,
  ChangedRow,
  DataSource,
  DependencyEdge,
  Deployment,
  DeploymentMetadata,
  Enhancement,
  EntityType,
  HistoryEntry,
  ItemType,
  Lease,
  NewDeployment,
  Note,
  ListDeploymentsInput,
  ListEnhancementsInput,
  Page,
  ProjectConfiguration,
  QueryArchivedInput,
  ReadyWorkQuery,
  RestoredRow,
  Store,
  StoredDependency,
  StoreWriter,
  TransactionLock,
  Vendor,
  VendorStatus,
  VersionedChange,
  WorkItem,
  WorkItemQuery,
} from '@project-status/core';
import { DatabaseError, type PingResult } from '@project-status/core';
import { ChangeNotifier } from '../changes/change-notifier.js';
import { listChanges, writeNumberedHistory } from '../changes/change-queries.js';
import { guard, isDatabaseFailure, isOutage, translateError } from '../errors/translate.js';
import * as admin from './admin-queries.js';
import * as detail from './detail-queries.js';
import * as bulk from './bulk-queries.js';
import type { SqlExecutor, TransactionalExecutor } from './executor.js';
import * as graph from './graph-queries.js';
import * as vd from './vendor-deployment-queries.js';
import * as wi from './work-item-queries.js';

/** Advisory lock keys (PostgreSQL) per class of cross-row write. */
const LOCK_KEYS: Record<TransactionLock, number> = { hierarchy: 7_301_001, dependencies: 7_301_002, vendors: 7_301_003, claims: 7_301_004 };

/** The store port over one SQL executor; every call's failure is translated to a domain error. */
class SqlView implements StoreWriter {
  /**
   * History rows of the open transaction. They are written (and numbered for
   * the change feed) just before COMMIT — see `writeNumberedHistory`.
   */
  readonly pendingHistory: HistoryEntry[] = [];

  constructor(protected readonly ex: SqlExecutor) {}

  getWorkItem(id: string) { return guard(() => wi.getWorkItem(this.ex, id)); }
  getWorkItems(ids: readonly string[]) { return guard(() => wi.getWorkItems(this.ex, ids)); }
  listWorkItems(filter: WorkItemQuery, page: { limit: number; offset: number }) { return guard(() => wi.listWorkItems(this.ex, filter, page)); }
  searchWorkItems(query: string, filter: WorkItemQuery, page: { limit: number; offset: number }) { return guard(() => wi.searchWorkItems(this.ex, query, filter, page)); }
  getWorkItemDetail(id: string, includeDeleted: boolean) { return guard(() => detail.getWorkItemDetail(this.ex, id, includeDeleted)); }
  getSubtreeMaxDepth(item: WorkItem) { return guard(() => wi.getSubtreeMaxDepth(this.ex, item)); }
  countLiveChildren(id: string) { return guard(() => wi.countLiveChildren(this.ex, id)); }
  countRestorableDescendants(item: WorkItem) { return guard(() => wi.countRestorableDescendants(this.ex, item)); }
  getUnfinishedDescendants(item: WorkItem) { return guard(() => wi.getUnfinishedDescendants(this.ex, item)); }
  getDependency(edge: DependencyEdge) { return guard(() => graph.getDependency(this.ex, edge)); }
  getSuccessors(ids: readonly string[]) { return guard(() => graph.getSuccessors(this.ex, ids)); }
  getUnfinishedBlockers(ids: readonly string[]) { return guard(() => graph.getUnfinishedBlockers(this.ex, ids)); }
  listReadyWork(query: ReadyWorkQuery) { return guard(() => graph.listReadyWork(this.ex, query)); }
  findWorkItemsByShortId(prefix: string, limit: number) { return guard(() => wi.findWorkItemsByShortId(this.ex, prefix, limit)); }
  listHeldWork(assignee: string, now: string, limit: number) { return guard(() => wi.listHeldWork(this.ex, assignee, now, limit)); }
  listNotes(workItemId: string, limit: number) { return guard(() => wi.listNotes(this.ex, workItemId, limit)); }
  getVendorByName(name: string) { return guard(() => vd.getVendorByName(this.ex, name)); }
  getVendorsByIds(ids: readonly string[]) { return guard(() => vd.getVendorsByIds(this.ex, ids)); }
  listVendors(status?: VendorStatus) { return guard(() => vd.listVendors(this.ex, status)); }
  getDeployment(id: string): Promise<Deployment | null> { return guard(() => vd.getDeployment(this.ex, id)); }
  listDeployments(filter: ListDeploymentsInput): Promise<Page<Deployment>> { return guard(() => vd.listDeployments(this.ex, filter)); }
  getConfiguration(): Promise<ProjectConfiguration | null> { return guard(() => admin.getConfiguration(this.ex)); }
  getEnhancement(id: string): Promise<Enhancement | null> { return guard(() => admin.getEnhancement(this.ex, id)); }
  listEnhancements(filter: ListEnhancementsInput): Promise<Page<Enhancement>> { return guard(() => admin.listEnhancements(this.ex, filter)); }
  countCompletions(since: string) { return guard(() => admin.countCompletions(this.ex, since)); }
  getHistory(entityType: EntityType, entityId: string, page: { limit: number; offset: number }): Promise<Page<HistoryEntry>> { return guard(() => admin.getHistory(this.ex, entityType, entityId, page)); }
  listChanges(query: ChangeQuery) { return guard(() => listChanges(this.ex, query)); }
  listArchived(filter: QueryArchivedInput): Promise<Page<ArchivedWorkItem>> { return guard(() => admin.listArchived(this.ex, filter)); }
  getArchiveFacts(cutoff: string): Promise<ArchiveFacts[]> { return guard(() => admin.getArchiveFacts(this.ex, cutoff)); }
  listAllWorkItems(options?: { item_type?: ItemType; include_deleted?: boolean }) { return guard(() => bulk.listAllWorkItems(this.ex, options)); }
  listAllDependencies() { return guard(() => bulk.listAllDependencies(this.ex)); }
  listAllDeployments() { return guard(() => bulk.listAllDeployments(this.ex)); }
  findDeploymentsByCommit(hashes: readonly string[]) { return guard(() => bulk.findDeploymentsByCommit(this.ex, hashes)); }
  listAllEnhancements() { return guard(() => bulk.listAllEnhancements(this.ex)); }
  listWorkOutline() { return guard(() => bulk.listWorkOutline(this.ex)); }
  countLiveWorkItems() { return guard(() => bulk.countLiveWorkItems(this.ex)); }
  listNotesOf(ids: readonly string[]) { return guard(() => bulk.listNotesOf(this.ex, ids)); }
  listRecentNotes(limit: number) { return guard(() => bulk.listRecentNotes(this.ex, limit)); }
  listHistoryRows(query: { after: number; upTo: number; limit: number }) { return guard(() => bulk.listHistoryRows(this.ex, query)); }
  getArchivedWorkItems(ids: readonly string[]) { return guard(() => bulk.getArchivedWorkItems(this.ex, ids)); }
  listRecentArchived(limit: number) { return guard(() => bulk.listRecentArchived(this.ex, limit)); }
  async isOperationApplied(id: string) { return guard(async () => (await this.ex.get(`select 1 as one from applied_operations where id = ?`, [id])) !== undefined); }

  insertWorkItem(item: WorkItem) { return guard(() => wi.insertWorkItem(this.ex, item)); }
  updateWorkItem(change: VersionedChange<WorkItem>) { return guard(() => wi.updateWorkItem(this.ex, change)); }
  moveSubtree(oldPrefix: string, newPrefix: string, depthDelta: number) {
    const rootId = newPrefix.slice(newPrefix.lastIndexOf('/') + 1);
    return guard(() => wi.moveSubtree(this.ex, rootId, oldPrefix, newPrefix, depthDelta));
  }
  softDeleteDescendants(item: WorkItem, at: string, actor: string): Promise<ChangedRow[]> { return guard(() => wi.softDeleteDescendants(this.ex, item, at, actor)); }
  restoreDescendants(item: WorkItem, at: string, actor: string): Promise<RestoredRow[]> { return guard(() => wi.restoreDescendants(this.ex, item, at, actor)); }
  completeWorkItems(ids: readonly string[], at: string, actor: string) { return guard(() => wi.completeWorkItems(this.ex, ids, at, actor)); }
  claimWorkItem(id: string, assignee: string, at: string, lease: Lease | null) { return guard(() => wi.claimWorkItem(this.ex, id, assignee, at, lease)); }
  renewLease(id: string, assignee: string, _at: string, lease: Lease | null) { return guard(() => wi.renewLease(this.ex, id, assignee, lease)); }
  releaseWorkItem(id: string, assignee: string, at: string) { return guard(() => wi.releaseWorkItem(this.ex, id, assignee, at)); }
  insertNote(note: Note) { return guard(() => wi.insertNote(this.ex, note)); }
  insertDependency(dep: StoredDependency) { return guard(() => graph.insertDependency(this.ex, dep)); }
  deleteDependency(edge: DependencyEdge) { return guard(() => graph.deleteDependency(this.ex, edge)); }
  insertVendor(vendor: Vendor) { return guard(() => vd.insertVendor(this.ex, vendor)); }
  updateVendor(change: VersionedChange<Vendor>) { return guard(() => vd.updateVendor(this.ex, change)); }
  insertDeployment(row: { id: string; deployed_at: string; commit_hash: string; metadata: DeploymentMetadata; created_at: string; created_by: string }, vendorIds: readonly string[], workItemIds: readonly string[]) {
    return guard(() => vd.insertDeployment(this.ex, row, vendorIds, workItemIds));
  }
  saveConfiguration(config: ProjectConfiguration, expectedVersion: number) { return guard(() => admin.saveConfiguration(this.ex, config, expectedVersion)); }
  insertEnhancement(e: Enhancement) { return guard(() => admin.insertEnhancement(this.ex, e)); }
  updateEnhancement(change: VersionedChange<Enhancement>) { return guard(() => admin.updateEnhancement(this.ex, change)); }
  async appendHistory(entries: readonly HistoryEntry[]): Promise<void> {
    this.pendingHistory.push(...entries);
  }
  insertVendors(vendors: readonly Vendor[]) { return guard(() => vd.insertVendors(this.ex, vendors)); }
  insertWorkItems(items: readonly WorkItem[]) { return guard(() => wi.insertWorkItems(this.ex, items)); }
  insertEnhancements(rows: readonly Enhancement[]) { return guard(() => admin.insertEnhancements(this.ex, rows)); }
  insertDeployments(rows: readonly NewDeployment[]) { return guard(() => vd.insertDeployments(this.ex, rows)); }
  archiveWorkItems(ids: readonly string[], cutoff: string, archivedAt: string) { return guard(() => admin.archiveWorkItems(this.ex, ids, cutoff, archivedAt)); }
  /** A concurrent replay of the same id waits on the primary key, then finds it taken. */
  async claimOperation(id: string, operation: string, at: string) {
    return guard(async () => (await this.ex.run(`insert into applied_operations (id, operation, applied_at) values (?, ?, ?) on conflict (id) do nothing`, [id, operation, at])) === 1);
  }
}

/**
 * The {@link Store} for SQLite and PostgreSQL. Reads go straight to the
 * executor (prepared statements, no unit of work); writes run inside
 * `transaction`, where versioned UPDATEs enforce optimistic locking.
 */
export class SqlStore extends SqlView implements Store {
  readonly engine: DataSource;

  /** Wakes change-feed watchers after every commit with history (and, while someone listens, on other processes' commits). */
  readonly changes: ChangeNotifier;

  constructor(
    private readonly executor: TransactionalExecutor,
    changes?: ChangeNotifier,
  ) {
    super(executor);
    this.engine = executor.engine;
    this.changes = changes ?? new ChangeNotifier();
  }

  /**
   * Runs `fn` in one transaction, numbering its history for the change feed
   * as the last statements before the commit. What `fn` throws comes back
   * unchanged, the very same object (the store's own calls inside it already
   * throw domain errors, and a host's error is its own, whatever its `code`),
   * unless our executor raised it (`isDatabaseFailure`); failures of the
   * transaction itself (connect, begin, commit) are translated.
   */
  async transaction<T>(fn: (tx: StoreWriter) => Promise<T>, options: { lock?: TransactionLock } = {}): Promise<T> {
    let thrown: { error: unknown } | undefined;
    let wrote = false;
    const body = async (ex: SqlExecutor) => {
      const view = new SqlView(ex);
      let value: T;
      try {
        value = await fn(view);
      } catch (error) {
        thrown = { error };
        throw error;
      }
      wrote = (await writeNumberedHistory(ex, view.pendingHistory)) > 0;
      return value;
    };
    let result: T;
    try {
      result = await this.executor.transaction(body, options.lock ? LOCK_KEYS[options.lock] : undefined);
    } catch (error) {
      if (thrown && thrown.error === error && !isDatabaseFailure(error)) throw error;
      throw translateError(error);
    }
    if (wrote) this.changes.emit();
    return result;
  }

  /**
   * One round trip, bounded: a database that does not answer within
   * `pingTimeoutMs` (frozen, or every connection stuck) is reported as not
   * answering then, instead of as healthy whenever it finally does.
   */
  async ping(): Promise<PingResult> {
    const start = performance.now();
    const bound = this.executor.pingTimeoutMs ?? 10_000;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseError(`the ${this.engine} database did not answer a ping in ${bound} ms`, { retryable: true, code: 'PING_TIMEOUT', timeout_ms: bound })), bound);
    });
    try {
      await Promise.race([this.executor.get('select 1 as ok'), late]);
      return { ok: true, latency_ms: Number((performance.now() - start).toFixed(3)) };
    } catch (error) {
      const failure = translateError(error);
      return { ok: false, latency_ms: Number((performance.now() - start).toFixed(3)), error: failure.message, outage: isOutage(failure) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Raw statements in one transaction on this store's connection, with no
   * history of their own: the outage cache copies rows the primary already
   * recorded (see fallback/cache.ts).
   */
  withExecutor<T>(fn: (ex: SqlExecutor) => Promise<T>): Promise<T> {
    return this.executor.transaction(fn);
  }

  close(): Promise<void> {
    this.changes.close();
    return this.executor.close();
  }
}
