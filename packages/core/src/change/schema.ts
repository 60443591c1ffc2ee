import { z } from 'zod';
import { EntityType, HistoryEntry } from '../history/schema.js';
import { lazySchema } from '../primitives/lazy-schema.js';
import { isUuid } from '../work-item/short-id.js';

/**
 * A position in the change feed: the `seq` of the last change seen (0 =
 * before the first). Sequence numbers grow strictly in commit order; they may
 * have gaps, so readers compare, never count.
 */
export const Cursor = lazySchema(() => z.int({ error: 'must be a change cursor: a whole number ≥ 0 (the seq of the last change you saw, or next_cursor)' }).min(0).max(Number.MAX_SAFE_INTEGER));

/** One committed change: which entity, its version after the change, what happened, who and when. */
export const Change = lazySchema(() => z.object({
  seq: z.int(),
  ...HistoryEntry.pick({ entity_type: true, entity_id: true, version: true, action: true, actor: true, at: true }).shape,
}));
export type Change = z.infer<typeof Change>;

/** Narrowing shared by `list_changes` and `watch`. */
const ChangeFilter = lazySchema(() => ({
  /** Only these entity types. */
  entity_types: z.array(EntityType).min(1).max(EntityType.options.length).optional(),
  /** Only these entity ids (work item, vendor, … ids; `singleton` for the configuration). A UUID may be in either letter case. */
  ids: z.array(z.string().trim().min(1).max(100).overwrite((v) => (isUuid(v) ? v.toLowerCase() : v))).min(1).max(100).optional(),
}));

export const ListChangesInput = lazySchema(() => z.strictObject({
  /** Without it: from the oldest change still retained. */
  after: Cursor.optional(),
  ...ChangeFilter,
  limit: z.int().min(1).max(1000).default(100),
}));
export type ListChangesInput = z.infer<typeof ListChangesInput>;

export const ChangePage = lazySchema(() => z.object({
  changes: z.array(Change),
  /** Pass as `after` next time: past every change this page covered, including ones the filter left out. */
  next_cursor: z.int(),
  /** More changes are already committed after `next_cursor`. */
  has_more: z.boolean(),
  /** The newest committed change when the page was read. */
  head: z.int(),
}));
export type ChangePage = z.infer<typeof ChangePage>;

/** `watch` options: without `after` a watch starts at the newest change (only what happens next). */
export const WatchInput = lazySchema(() => z.strictObject({
  after: Cursor.optional(),
  ...ChangeFilter,
}));
export type WatchInput = z.input<typeof WatchInput>;
