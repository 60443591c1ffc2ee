import { z } from 'zod';
import { Detail, InputTimestamp, IsoTimestamp, Limit, Offset } from '../primitives/schemas.js';
import { WorkItem, WorkItemFilter, WorkItemSummary } from '../work-item/schema.js';
import { DEFAULT_ARCHIVE_AFTER_DAYS } from './rules.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const ArchivedWorkItem = lazySchema(() => WorkItem.extend({ archived_at: IsoTimestamp }));
export type ArchivedWorkItem = z.infer<typeof ArchivedWorkItem>;

export const ArchiveWorkItemsInput = lazySchema(() => z.strictObject({
  older_than_days: z.int().min(0).max(36_500).default(DEFAULT_ARCHIVE_AFTER_DAYS),
  dry_run: z.boolean().default(false),
  batch_size: z.int().min(1).max(10_000).default(500),
}));
export type ArchiveWorkItemsInput = z.infer<typeof ArchiveWorkItemsInput>;

export const ArchiveResult = lazySchema(() => z.object({
  dry_run: z.boolean(),
  cutoff: IsoTimestamp,
  eligible: z.int(),
  archived: z.int(),
  batches: z.int(),
}));
export type ArchiveResult = z.infer<typeof ArchiveResult>;

export const QueryArchivedInput = lazySchema(() => z.strictObject({
  ...archivedFilter(WorkItemFilter),
  archived_after: InputTimestamp.optional(),
  archived_before: InputTimestamp.optional(),
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type QueryArchivedInput = z.infer<typeof QueryArchivedInput>;

/**
 * The live-item filter without `include_deleted` (archived items are looked at
 * whatever their deletion) and without `held` (an archived item is finished:
 * nobody works on it, whatever assignee it kept).
 */
function archivedFilter<T extends { include_deleted: unknown; held: unknown }>(filter: T): Omit<T, 'include_deleted' | 'held'> {
  const { include_deleted: _deleted, held: _held, ...rest } = filter;
  return rest;
}

export const ArchivedSummary = lazySchema(() => WorkItemSummary.extend({ archived_at: IsoTimestamp }));
