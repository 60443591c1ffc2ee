import type { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError, type ErrorHint } from '../errors/domain-error.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { checkNesting } from '../hierarchy/nesting.js';
import { nestTree, placeUnder, planMove, type Nested } from '../hierarchy/rules.js';
import type { HistoryEntry } from '../history/schema.js';
import { applyMergePatch, parseMergedMetadata } from '../metadata/merge-patch.js';
import type { RestoredRow, StoreReader, StoreWriter } from '../ports/store.js';
import {
  METADATA_SCHEMAS,
  toWorkItemSummary,
  type CreateWorkItemInput,
  type ItemType,
  type ListReadyWorkInput,
  type ListWorkItemsInput,
  type SearchWorkItemsInput,
  type UpdateWorkItemInput,
  type WorkItem,
  type WorkItemSummary,
  type QueryWorkItemInput,
  DEFAULT_PRIORITY,
} from '../work-item/schema.js';
import { MIN_SHORT_ID_LENGTH, shortIdFor } from '../work-item/short-id.js';
import { NOTES_SHOWN, type NoteRef } from '../note/schema.js';
import type { DeploymentRef } from '../deployment/schema.js';
import { assertVersion, definedOnly, effectiveChanges, historyEntry, nowIso, type ServiceEnv } from './env.js';

/** Checks metadata against its item type's schema, applying defaults. */
export function validateMetadata(itemType: ItemType, metadata: Record<string, unknown> | undefined): Record<string, unknown> {
  return parseOrThrow(METADATA_SCHEMAS[itemType], metadata ?? {}, 'metadata') as Record<string, unknown>;
}

/**
 * Applies a metadata update as a JSON Merge Patch (RFC 7386) one level deep:
 * `null` removes a key, absent keys stay, other values replace (nested objects
 * such as `yaml_frontmatter` are replaced whole). The result is checked against
 * the item type's schema; removing a key the type requires is a VALIDATION_ERROR.
 *
 * @example
 * patchMetadata('task', { blocked_reason: 'waiting on API' }, { blocked_reason: null }); // → {}
 */
export function patchMetadata(itemType: ItemType, current: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> {
  return parseMergedMetadata(METADATA_SCHEMAS[itemType], applyMergePatch(current, patch), `a ${itemType}`) as Record<string, unknown>;
}

interface Visibility {
  allowDeleted?: boolean;
  role?: string;
  /** What a deleted item's error offers as the next step (default: restore it). */
  deletedHint?: ErrorHint;
}

/** `item` when it exists and is visible (not deleted, unless allowed); NOT_FOUND otherwise. */
export function visibleItem(item: WorkItem | null | undefined, id: string, opts: Visibility = {}): WorkItem {
  const role = opts.role ?? 'work item';
  if (!item) throw NotFoundError.entity(role, 'id', id);
  if (item.deleted_at && !opts.allowDeleted) {
    const hint = opts.deletedHint ?? restoreHint(item);
    throw new NotFoundError(`${role} ${id} is deleted; ${hint.purpose}`, { entity: 'work_item', id, deleted_at: item.deleted_at }).withHint(hint);
  }
  return item;
}

const restoreHint = (item: WorkItem): ErrorHint => ({ operation: 'update_work_item', input: { id: item.id, version: item.version, restore: true }, purpose: 'restore it first' });

export async function requireItem(reader: StoreReader, id: string, opts: Visibility = {}): Promise<WorkItem> {
  return visibleItem(await reader.getWorkItem(id), id, opts);
}

/** The fields a new item is given by its creator; the rest start the same for every new item. */
export type NewWorkItemFields = Pick<
  WorkItem,
  'id' | 'item_type' | 'title' | 'status' | 'parent_id' | 'path' | 'depth' | 'branch_name' | 'commit_hash' | 'pr_number' | 'metadata' | 'labels' | 'assignee' | 'priority'
>;

/** A new work item at version 1, created by the acting client at `at`, with its shortest short id (the store lengthens it on a collision). */
export function newWorkItem(env: ServiceEnv, at: string, fields: NewWorkItemFields): WorkItem {
  return {
    ...fields,
    short_id: shortIdFor(fields.id, MIN_SHORT_ID_LENGTH),
    deleted_at: null,
    lease_expires_at: null,
    lease_seconds: null,
    close_reason: null,
    version: 1,
    created_at: at,
    updated_at: at,
    created_by: env.actor,
    updated_by: env.actor,
  };
}

/** create_work_item */
export async function createWorkItem(env: ServiceEnv, input: CreateWorkItemInput): Promise<WorkItem> {
  const metadata = validateMetadata(input.item_type, input.metadata);
  const id = env.newId();
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const parent = input.parent_id ? await requireItem(tx, input.parent_id, { role: 'parent work item' }) : null;
      checkNesting(input.item_type, parent);
      const place = placeUnder(parent, id);
      const item = newWorkItem(env, at, {
        id,
        item_type: input.item_type,
        title: input.title,
        status: input.status ?? 'active',
        parent_id: parent?.id ?? null,
        path: place.path,
        depth: place.depth,
        branch_name: input.branch_name ?? null,
        commit_hash: input.commit_hash ?? null,
        pr_number: input.pr_number ?? null,
        metadata,
        labels: input.labels ?? [],
        assignee: input.assignee ?? null,
        priority: input.priority ?? DEFAULT_PRIORITY,
      });
      const stored = await tx.insertWorkItem(item);
      await tx.appendHistory([historyEntry(env, 'work_item', id, 1, 'create', null, stored, at)]);
      return stored;
    },
    { lock: input.parent_id ? 'hierarchy' : undefined },
  );
}

/** What update_work_item returns: the item, plus notes on what it left as it was (children a plain restore kept deleted). */
export type UpdatedWorkItem = WorkItem & { notes?: string[] };

/** How to bring back the children an item's cascade delete took, for a note or an error. */
const restoreChildrenHint = (id: string) => `restore them with update_work_item { id: "${id}", restore: true, cascade: true } (CLI: project-status work restore ${id} --cascade)`;

/**
 * update_work_item: field changes, re-parenting, soft delete and restore, all
 * version-checked. A cascade restore brings back the children the item's
 * cascade delete took — also after the item itself was restored on its own
 * (then only the children change); a plain restore of an item with such
 * children says in `notes` that they stay deleted.
 */
export async function updateWorkItem(env: ServiceEnv, input: UpdateWorkItemInput): Promise<UpdatedWorkItem> {
  if (input.delete && input.restore) throw ValidationError.rule('delete and restore cannot be combined in one update');
  const completing = input.status === 'completed' && !input.delete && !input.restore;
  if (input.cascade && !input.delete && !input.restore && !completing) throw ValidationError.field('cascade', 'only applies together with delete, restore or status "completed"');
  const moving = input.parent_id !== undefined;
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const current = await requireItem(tx, input.id, { allowDeleted: true });
      assertVersion('work_item', current, input.version);
      if (current.deleted_at && !input.restore) {
        throw ValidationError.rule(`work item ${current.id} is deleted; restore it first, then change it`, { id: current.id, deleted_at: current.deleted_at }).withHint(restoreHint(current));
      }
      let changes: Partial<WorkItem> = definedOnly({
        title: input.title,
        status: input.status,
        branch_name: input.branch_name,
        commit_hash: input.commit_hash,
        pr_number: input.pr_number,
        labels: input.labels,
        priority: input.priority,
        assignee: input.assignee,
      });
      Object.assign(changes, closeAndLease(current, input, env.actor, at));
      if (input.metadata) changes.metadata = patchMetadata(current.item_type, current.metadata, input.metadata);
      changes = effectiveChanges(current, changes); // the values already stored are no change

      let move: ReturnType<typeof planMove> | null = null;
      if (moving && (input.parent_id ?? null) !== current.parent_id) {
        const parent = input.parent_id ? await requireItem(tx, input.parent_id, { role: 'new parent work item' }) : null;
        checkNesting(current.item_type, parent);
        move = planMove(current, await tx.getSubtreeMaxDepth(current), parent);
        Object.assign(changes, { parent_id: parent?.id ?? null, path: move.path, depth: move.depth });
      }

      // Completing a parent finishes its work: unfinished live descendants are refused, or completed too with cascade.
      const unfinished = completing && current.status !== 'completed' ? await tx.getUnfinishedDescendants(current) : [];
      if (unfinished.length > 0 && !input.cascade) throw unfinishedChildrenError(current, unfinished);

      const history: HistoryEntry[] = [];
      let action: HistoryEntry['action'] = move ? 'move' : 'update';
      if (input.delete) {
        if (current.deleted_at) throw ValidationError.rule(`work item ${current.id} is already deleted`);
        const children = await tx.countLiveChildren(current.id);
        if (children > 0 && !input.cascade) {
          throw new ConflictError(
            `work item ${current.id} has ${children} live child ${children === 1 ? 'item' : 'items'}; delete them first, or delete the whole subtree at once`,
            { id: current.id, live_children: children, reason: 'has_children' },
          ).withHint({ operation: 'update_work_item', input: { id: current.id, version: current.version, delete: true, cascade: true }, purpose: 'delete the whole subtree' });
        }
        changes.deleted_at = at;
        action = 'delete';
      }
      if (input.restore && !current.deleted_at) {
        if (!input.cascade || Object.keys(changes).length > 0 || move) throw ValidationError.rule(`work item ${current.id} is not deleted; nothing to restore`);
        return restoreChildrenOfLiveItem(env, tx, current, at);
      }
      if (input.restore) {
        if (current.parent_id) {
          const parent = await tx.getWorkItem(current.parent_id);
          if (parent?.deleted_at) {
            throw ValidationError.rule(`the parent ${current.parent_id} of work item ${current.id} is deleted; restore the parent first`, { parent_id: current.parent_id });
          }
        }
        changes.deleted_at = null;
        if (current.close_reason && current.status !== 'completed') changes.close_reason = null;
        action = 'restore';
      }

      // Nothing to change: no new version, history entry or change event; a holder's lease is still renewed, unversioned, like a note renews it.
      if (Object.keys(changes).every((key) => key === 'lease_expires_at')) {
        if (!changes.lease_expires_at || current.lease_seconds === null) return current;
        return (await tx.renewLease(current.id, env.actor, at, { seconds: current.lease_seconds, expires_at: changes.lease_expires_at })) ?? current;
      }
      const updated = await tx.updateWorkItem({ id: current.id, expectedVersion: input.version, changes, actor: env.actor, at });
      history.push(historyEntry(env, 'work_item', updated.id, updated.version, action, current, updated, at));

      if (move) await tx.moveSubtree(move.oldPrefix, move.newPrefix, move.depthDelta);
      if (unfinished.length > 0) {
        const before = new Map(unfinished.map((u) => [u.id, u.status]));
        for (const row of await tx.completeWorkItems([...before.keys()], at, env.actor)) {
          history.push({ id: env.newId(), entity_type: 'work_item', entity_id: row.id, version: row.version, action: 'update', actor: env.actor, at, changes: { status: { old: before.get(row.id), new: 'completed' } } });
        }
      }
      if (input.delete && input.cascade) {
        for (const row of await tx.softDeleteDescendants(current, at, env.actor)) {
          history.push({ id: env.newId(), entity_type: 'work_item', entity_id: row.id, version: row.version, action: 'delete', actor: env.actor, at, changes: { deleted_at: { old: null, new: at } } });
        }
      }
      let notes: string[] | undefined;
      if (input.restore && current.deleted_at) {
        if (input.cascade) {
          history.push(...restoreHistory(env, await tx.restoreDescendants(current, at, env.actor), at));
        } else {
          const kept = await tx.countRestorableDescendants(current);
          if (kept > 0) notes = [`${kept} descendant item(s) deleted together with ${current.id} stay deleted; ${restoreChildrenHint(current.id)}`];
        }
      }
      await tx.appendHistory(history);
      return notes ? { ...updated, notes } : updated;
    },
    { lock: moving || input.delete || input.restore || completing ? 'hierarchy' : undefined },
  );
}

/** History rows of descendants a cascade restore brought back. */
function restoreHistory(env: ServiceEnv, rows: readonly RestoredRow[], at: string): HistoryEntry[] {
  return rows.map((row) => ({
    id: env.newId(),
    entity_type: 'work_item',
    entity_id: row.id,
    version: row.version,
    action: 'restore',
    actor: env.actor,
    at,
    changes: { deleted_at: { old: row.deleted_at, new: null } },
  }));
}

/**
 * `restore: true, cascade: true` on a live item: brings back the children its
 * cascade delete took (after a plain restore of the item). The item itself
 * does not change, so its version stays.
 */
async function restoreChildrenOfLiveItem(env: ServiceEnv, tx: StoreWriter, current: WorkItem, at: string): Promise<UpdatedWorkItem> {
  const rows = await tx.restoreDescendants(current, at, env.actor);
  if (rows.length === 0) {
    throw ValidationError.rule(`work item ${current.id} is not deleted, and none of its descendants were deleted together with it; nothing to restore`, { id: current.id });
  }
  await tx.appendHistory(restoreHistory(env, rows, at));
  return { ...current, notes: [`restored ${rows.length} descendant item(s) deleted together with ${current.id}; the item itself was not deleted and is unchanged`] };
}

/** How many unfinished descendants the refusal to complete a parent lists by name. */
const UNFINISHED_SHOWN = 20;

/** Completing `parent` while `unfinished` descendants are still active or blocked: CONFLICT with the list. */
function unfinishedChildrenError(parent: WorkItem, unfinished: WorkItem[]): ConflictError {
  const shown = unfinished.slice(0, UNFINISHED_SHOWN).map((u) => `${u.id} (${u.item_type} "${u.title}", ${u.status})`);
  const more = unfinished.length > UNFINISHED_SHOWN ? ` and ${unfinished.length - UNFINISHED_SHOWN} more` : '';
  const n = unfinished.length;
  return new ConflictError(
    `work item ${parent.id} cannot be completed: ${n} unfinished ${n === 1 ? 'descendant' : 'descendants'} ${n === 1 ? 'is' : 'are'} still active or blocked: ${shown.join(', ')}${more}. Complete them first, or complete the whole subtree at once`,
    {
      id: parent.id,
      reason: 'unfinished_children',
      unfinished_count: n,
      unfinished_children: unfinished.slice(0, UNFINISHED_SHOWN).map((u) => ({ id: u.id, item_type: u.item_type, title: u.title, status: u.status })),
    },
  ).withHint({ operation: 'update_work_item', input: { id: parent.id, version: parent.version, status: 'completed', cascade: true }, purpose: 'complete the whole subtree' });
}

/**
 * The close reason and lease changes an update implies:
 * - `close_reason` goes with completing or deleting (and is rejected
 *   otherwise); reopening a completed item clears it;
 * - any write by the holder of a leased claim renews the lease; completing
 *   an item ends the lease (the assignee stays, as who did it); reassigning
 *   it drops the lease.
 */
function closeAndLease(current: WorkItem, input: UpdateWorkItemInput, actor: string, at: string): Partial<WorkItem> {
  const changes: Partial<WorkItem> = {};
  const completing = input.status === 'completed' && current.status !== 'completed';
  if (input.close_reason !== undefined) {
    if (!completing && !input.delete) {
      throw ValidationError.field('close_reason', 'goes with closing an item: send it with status: "completed" or delete: true');
    }
    changes.close_reason = input.close_reason;
  } else if (input.status && input.status !== 'completed' && current.close_reason && !current.deleted_at) {
    changes.close_reason = null; // reopened: the old reason no longer applies
  }
  if (input.assignee !== undefined && input.assignee !== current.assignee) {
    Object.assign(changes, { lease_expires_at: null, lease_seconds: null });
  } else if (completing || input.delete) {
    if (current.lease_seconds !== null) Object.assign(changes, { lease_expires_at: null, lease_seconds: null });
  } else if (current.assignee === actor && current.lease_seconds !== null) {
    changes.lease_expires_at = new Date(Date.parse(at) + current.lease_seconds * 1000).toISOString();
  }
  return changes;
}

/** One side of a dependency, as query_work_item shows it. */
export interface DependencyRef {
  id: string;
  short_id: string;
  title: string;
  status: WorkItem['status'];
  dependency_type: 'blocks' | 'depends_on';
  /** True when this edge currently keeps the waiting item from being ready. */
  unfinished?: true;
}

export interface WorkItemDetail {
  item: WorkItem;
  ancestors: WorkItemSummary[];
  descendants: Nested<WorkItemSummary>[];
  dependencies: { waits_for: DependencyRef[]; blocks: DependencyRef[] };
  ready: boolean;
  deployments: DeploymentRef[];
  /** The newest notes, newest first. */
  notes: NoteRef[];
}

/** query_work_item: the item with its ancestors, descendant tree, dependencies and deployments. */
export async function queryWorkItem(env: ServiceEnv, input: z.infer<typeof QueryWorkItemInput>): Promise<WorkItemDetail> {
  const store = env.store;
  // Every part needs only the id, so the store fetches them together (one round trip on PostgreSQL).
  const { lineage, descendants, dependencies: deps, deployments, notes } = await store.getWorkItemDetail(input.id, input.include_deleted);
  const last = lineage.at(-1);
  const item = visibleItem(last?.id === input.id ? last : null, input.id, {
    allowDeleted: input.include_deleted,
    deletedHint: { operation: 'query_work_item', input: { id: input.id, include_deleted: true }, purpose: 'ask for deleted items to see it' },
  });
  const waits_for: DependencyRef[] = [];
  const blocks: DependencyRef[] = [];
  for (const dep of deps) {
    const before = dep.dependency_type === 'blocks' ? dep.source_id : dep.target_id;
    const other = dep.other;
    const ref: DependencyRef = { id: other.id, short_id: other.short_id, title: other.title, status: other.status, dependency_type: dep.dependency_type };
    const otherUnfinished = other.status !== 'completed' && !other.deleted_at;
    if (before === other.id) {
      if (otherUnfinished) ref.unfinished = true;
      waits_for.push(ref);
    } else {
      blocks.push(ref);
    }
  }
  return {
    item,
    ancestors: lineage.slice(0, -1).map(toWorkItemSummary),
    descendants: nestTree(item.id, descendants),
    dependencies: { waits_for, blocks },
    ready: item.status === 'active' && !item.deleted_at && !waits_for.some((w) => w.unfinished),
    deployments,
    notes: notes.slice(0, NOTES_SHOWN),
  };
}

/** Rows in the requested detail. */
export function shape(items: WorkItem[], detail: 'summary' | 'full'): (WorkItem | WorkItemSummary)[] {
  return detail === 'full' ? items : items.map(toWorkItemSummary);
}

export interface WorkItemPageResult {
  items: (WorkItem | WorkItemSummary)[];
  total_count: number;
  limit: number;
  offset: number;
}

/** list_work_items: newest update first. */
export async function listWorkItems(env: ServiceEnv, input: ListWorkItemsInput): Promise<WorkItemPageResult> {
  const { limit, offset, detail, ...filter } = input;
  const page = await env.store.listWorkItems({ ...filter, now: nowIso(env) }, { limit, offset });
  return { items: shape(page.rows, detail), total_count: page.total, limit, offset };
}

/** search_work_items: ranked full-text search. */
export async function searchWorkItems(env: ServiceEnv, input: SearchWorkItemsInput): Promise<WorkItemPageResult> {
  const { limit, offset, detail, query, ...filter } = input;
  const page = await env.store.searchWorkItems(query, { ...filter, now: nowIso(env) }, { limit, offset });
  return { items: shape(page.rows, detail), total_count: page.total, limit, offset };
}

/** list_ready_work: active items with nothing unfinished to wait for, highest in the tree first. */
export async function listReadyWork(env: ServiceEnv, input: ListReadyWorkInput): Promise<{ items: (WorkItem | WorkItemSummary)[]; count: number }> {
  const parent = input.parent_id ? await requireItem(env.store, input.parent_id, { role: 'parent work item' }) : null;
  const rows = await env.store.listReadyWork({
    parent_path: parent?.path,
    item_type: input.item_type,
    max_priority: input.max_priority,
    include_assigned: input.include_assigned,
    limit: input.limit,
    offset: input.offset,
    now: nowIso(env),
  });
  return { items: shape(rows, input.detail), count: rows.length };
}

export type { StoreWriter };
