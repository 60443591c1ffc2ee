import type { z } from 'zod';
import { ConflictError, ValidationError } from '../errors/domain-error.js';
import { isActionable } from '../hierarchy/nesting.js';
import type { HistoryEntry } from '../history/schema.js';
import type { Lease, StoreWriter } from '../ports/store.js';
import { MAX_HELD_SHOWN, type ClaimWorkItemInput, type ListMyWorkInput, type ReleaseWorkItemInput, type WorkItem, type WorkItemSummary } from '../work-item/schema.js';
import { nowIso, type ServiceEnv } from './env.js';
import { appendNote } from './notes.js';
import { requireItem, shape } from './work-items.js';

/**
 * Claims, leases and release. A claim may carry a lease: the holder keeps the
 * item while it keeps writing (any write of the holder, or claiming it again,
 * renews the lease); once the lease has ended the item counts as unassigned —
 * ready work lists it and anyone may claim it — without any background job:
 * every query compares `lease_expires_at` with the current instant. A claim
 * without a lease holds until it is released, completed or reassigned.
 */

function leaseFrom(at: string, seconds: number | null | undefined): Lease | null {
  return seconds ? { seconds, expires_at: new Date(Date.parse(at) + seconds * 1000).toISOString() } : null;
}

/** True when `item` is held by someone whose lease has not ended at `at`. */
export function isHeld(item: Pick<WorkItem, 'assignee' | 'lease_expires_at'>, at: string): boolean {
  return item.assignee !== null && (item.lease_expires_at === null || item.lease_expires_at > at);
}

function claimHistory(env: ServiceEnv, before: WorkItem, after: WorkItem, at: string, action: HistoryEntry['action'] = 'claim'): HistoryEntry {
  const changes: HistoryEntry['changes'] = {};
  for (const key of ['assignee', 'lease_expires_at'] as const) {
    if (before[key] !== after[key]) changes[key] = { old: before[key], new: after[key] };
  }
  return { id: env.newId(), entity_type: 'work_item', entity_id: after.id, version: after.version, action, actor: env.actor, at, changes };
}

/** claim_work_item: atomically takes a ready item nobody holds (or renews the caller's own claim). */
export async function claimWorkItem(env: ServiceEnv, input: z.infer<typeof ClaimWorkItemInput>): Promise<WorkItem> {
  const assignee = input.assignee ?? env.actor;
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const before = await requireItem(tx, input.id);
      if (before.assignee === assignee) return renew(env, tx, before, assignee, at, input.lease_seconds);
      const claimed = await tx.claimWorkItem(before.id, assignee, at, leaseFrom(at, input.lease_seconds));
      if (claimed) {
        await tx.appendHistory([claimHistory(env, before, claimed, at)]);
        return claimed;
      }
      const item = await requireItem(tx, input.id);
      if (!isActionable(item.item_type)) {
        throw ValidationError.rule(`work item ${item.id} is a ${item.item_type}; only tasks and research items can be claimed — claim the tasks inside it`, {
          id: item.id,
          item_type: item.item_type,
          reason: 'not_actionable',
        }).withHint({ operation: 'list_ready_work', input: { parent_id: item.id }, purpose: 'see the ready work inside it' });
      }
      if (isHeld(item, at)) {
        const until = item.lease_expires_at ? ` until ${item.lease_expires_at} unless renewed` : '';
        throw new ConflictError(`work item ${item.id} is already claimed by ${item.assignee}${until}; pick another item`, {
          id: item.id,
          assignee: item.assignee,
          lease_expires_at: item.lease_expires_at,
          reason: 'already_claimed',
        }).withHint({ operation: 'list_ready_work', input: {}, purpose: 'see unclaimed ready work' });
      }
      if (item.status !== 'active') {
        throw new ConflictError(`work item ${item.id} is ${item.status}, not active; only active items can be claimed`, { id: item.id, status: item.status, reason: 'not_active' })
          .withHint({ operation: 'update_work_item', input: { id: item.id, version: item.version, status: 'active' }, purpose: 'reopen it' });
      }
      const blockers = (await tx.getUnfinishedBlockers([item.id])).get(item.id) ?? [];
      throw new ConflictError(`work item ${item.id} is not ready: it waits for ${blockers.map((b) => `${b.id} (${b.title}, ${b.status})`).join(', ')}`, {
        id: item.id,
        reason: 'not_ready',
        blocked_by: blockers.map((b) => b.id),
      }).withHint({ operation: 'query_work_item', input: { id: item.id }, purpose: 'see what it waits for' });
    },
    { lock: 'claims' },
  );
}

/** Claiming what you hold: renews a lease (or sets the one asked for); without any lease it changes nothing. */
async function renew(env: ServiceEnv, tx: StoreWriter, item: WorkItem, assignee: string, at: string, seconds: number | undefined): Promise<WorkItem> {
  const lease = leaseFrom(at, seconds ?? item.lease_seconds);
  if (!lease) return item;
  const renewed = await tx.renewLease(item.id, assignee, at, lease);
  if (!renewed) return item;
  await tx.appendHistory([claimHistory(env, item, renewed, at)]);
  return renewed;
}

/**
 * release_work_item: gives back an item the caller holds (its lease may have
 * ended); optionally says why in a note. Releasing an item nobody holds changes
 * nothing (idempotent) but still appends the note.
 */
export async function releaseWorkItem(env: ServiceEnv, input: z.infer<typeof ReleaseWorkItemInput>): Promise<WorkItem> {
  const assignee = input.assignee ?? env.actor;
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const before = await requireItem(tx, input.id);
      if (before.assignee === null) {
        // Nothing held: releasing changes nothing, but a note is information, not a claim — it is kept.
        if (input.note) await appendNote(env, tx, before, input.note, at);
        return before;
      }
      if (before.assignee !== assignee) {
        throw new ConflictError(`work item ${before.id} is held by ${before.assignee}, not ${assignee}; only the holder releases it`, {
          id: before.id,
          assignee: before.assignee,
          reason: 'not_holder',
        });
      }
      const released = (await tx.releaseWorkItem(before.id, assignee, at))!;
      await tx.appendHistory([claimHistory(env, before, released, at, 'release')]);
      if (input.note) await appendNote(env, tx, released, input.note, at);
      return released;
    },
    { lock: 'claims' },
  );
}

/** list_my_work: what an actor holds now (claims whose lease has ended are not held any more), by priority. */
export async function listMyWork(env: ServiceEnv, input: z.infer<typeof ListMyWorkInput>): Promise<{ assignee: string; items: (WorkItem | WorkItemSummary)[]; count: number }> {
  const assignee = input.assignee ?? env.actor;
  const rows = await env.store.listHeldWork(assignee, nowIso(env), MAX_HELD_SHOWN);
  return { assignee, items: shape(rows, input.detail), count: rows.length };
}
