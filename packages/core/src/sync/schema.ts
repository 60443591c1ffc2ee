import { z } from 'zod';
import { IsoTimestamp, Uuid } from '../primitives/schemas.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/**
 * Why a write queued during an outage could not be replayed as it was
 * (SPEC §5): the server changed meanwhile (`version_conflict`), the entity is
 * gone or was never there (`not_found`), the write no longer holds on the
 * server's data (`rejected`: a rule, a uniqueness, a validation).
 */
export const SyncConflictReason = lazySchema(() => z.enum(['version_conflict', 'not_found', 'rejected']));
export type SyncConflictReason = z.infer<typeof SyncConflictReason>;

/** A queued write that was not applied, with both sides so a person can decide. */
export const SyncConflict = lazySchema(() => z.object({
  id: Uuid,
  /** Its place in the outbox (writes replay in this order). */
  outbox_position: z.int(),
  operation: z.string(),
  /** Ours: the input as it was queued. */
  input: z.record(z.string(), z.unknown()),
  actor: z.string(),
  queued_at: IsoTimestamp,
  reason: SyncConflictReason,
  message: z.string(),
  /** Theirs: the entity as the server holds it now (null when gone or unknown). */
  server: z.unknown(),
  detected_at: IsoTimestamp,
}));
export type SyncConflict = z.infer<typeof SyncConflict>;

export const ListSyncConflictsInput = lazySchema(() => z.strictObject({}));

export const SyncConflictList = lazySchema(() => z.object({ conflicts: z.array(SyncConflict) }));
export type SyncConflictList = z.infer<typeof SyncConflictList>;

export const ResolveSyncConflictInput = lazySchema(() => z.strictObject({
  id: Uuid,
  /** `reapply`: run the write again on the server's current version; `discard`: drop it. */
  action: z.enum(['reapply', 'discard']),
}));
export type ResolveSyncConflictInput = z.infer<typeof ResolveSyncConflictInput>;

export const SyncResolution = lazySchema(() => z.object({
  id: Uuid,
  action: z.enum(['reapply', 'discard']),
  /** The re-applied operation's result (reapply only). */
  result: z.unknown().optional(),
  resolved_at: IsoTimestamp,
}));
export type SyncResolution = z.infer<typeof SyncResolution>;
