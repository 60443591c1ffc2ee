import { z } from 'zod';
import { Actor, Audit, Detail, ExpectedVersion, IsoTimestamp, Limit, Offset, Quarter, singleLine, Uuid } from '../primitives/schemas.js';
import { WorkItemRef } from '../work-item/short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const ENHANCEMENT_STATUSES = ['planned', 'approved', 'implementing', 'completed'] as const;
export const EnhancementStatus = lazySchema(() => z.enum(ENHANCEMENT_STATUSES));
export const Priority = lazySchema(() => z.int().min(1, '1 is the highest priority').max(5, '5 is the lowest priority'));

export const Enhancement = lazySchema(() => z.object({
  id: Uuid,
  title: z.string(),
  description: z.string().nullable(),
  priority: z.int(),
  status: EnhancementStatus,
  target_quarter: z.string().nullable(),
  requires_constitutional_principles: z.array(z.string()),
  work_item_ids: z.array(Uuid),
  ...Audit,
}));
export type Enhancement = z.infer<typeof Enhancement>;

/** A list row of an enhancement (list_enhancements without detail: "full"). */
export const EnhancementSummary = lazySchema(() => z.object({
  id: Uuid,
  title: z.string(),
  priority: z.int(),
  status: EnhancementStatus,
  target_quarter: z.string().nullable(),
  version: z.int(),
  updated_at: IsoTimestamp,
}));
export type EnhancementSummary = z.infer<typeof EnhancementSummary>;

export function toEnhancementSummary(e: Enhancement): EnhancementSummary {
  return { id: e.id, title: e.title, priority: e.priority, status: e.status, target_quarter: e.target_quarter, version: e.version, updated_at: e.updated_at };
}

const Fields = lazySchema(() => ({
  title: singleLine(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')),
  description: z.string().max(5000).nullable(),
  priority: Priority,
  status: EnhancementStatus,
  target_quarter: Quarter.nullable(),
  requires_constitutional_principles: z.array(z.string().min(1).max(500)).max(100),
  work_item_ids: z.array(WorkItemRef).max(100),
}));

export const CreateEnhancementInput = lazySchema(() => z.strictObject({
  title: Fields.title,
  description: Fields.description.optional(),
  priority: Priority.default(3),
  status: EnhancementStatus.default('planned'),
  target_quarter: Fields.target_quarter.optional(),
  requires_constitutional_principles: Fields.requires_constitutional_principles.default([]),
  work_item_ids: Fields.work_item_ids.default([]),
  created_by: Actor.optional(),
}));
export type CreateEnhancementInput = z.infer<typeof CreateEnhancementInput>;

export const UpdateEnhancementInput = lazySchema(() => z.strictObject({
  id: Uuid,
  version: ExpectedVersion,
  title: Fields.title.optional(),
  description: Fields.description.optional(),
  priority: Priority.optional(),
  status: EnhancementStatus.optional(),
  target_quarter: Fields.target_quarter.optional(),
  requires_constitutional_principles: Fields.requires_constitutional_principles.optional(),
  work_item_ids: Fields.work_item_ids.optional(),
  updated_by: Actor.optional(),
}));
export type UpdateEnhancementInput = z.infer<typeof UpdateEnhancementInput>;

export const ListEnhancementsInput = lazySchema(() => z.strictObject({
  priority: Priority.optional(),
  status: EnhancementStatus.optional(),
  target_quarter: Quarter.optional(),
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type ListEnhancementsInput = z.infer<typeof ListEnhancementsInput>;
