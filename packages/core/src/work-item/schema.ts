import { z } from 'zod';
import { boundedJson } from '../primitives/json-bounds.js';
import { Actor, Audit, CommitHash, Detail, ExpectedVersion, IsoTimestamp, Label, Limit, MAX_INT32, Offset, Quarter, singleLine, Uuid } from '../primitives/schemas.js';
import { WorkItemRef } from './short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const ITEM_TYPES = ['project', 'session', 'task', 'research'] as const;
export const WORK_STATUSES = ['active', 'completed', 'blocked'] as const;
/** Item types that are units of work: ready work lists them and a claim takes them (projects and sessions group work). */
export const ACTIONABLE_TYPES = ['task', 'research'] as const;
/** Deepest allowed level: a root is depth 0, so six levels in all. */
export const MAX_DEPTH = 5;

export const ItemType = lazySchema(() => z.enum(ITEM_TYPES));
export const WorkStatus = lazySchema(() => z.enum(WORK_STATUSES));
export type ItemType = z.infer<typeof ItemType>;
export type WorkStatus = z.infer<typeof WorkStatus>;

const ShortText = (max: number) => z.string().max(max, `must be at most ${max} characters`);

/** `project` metadata. */
export const ProjectMetadata = lazySchema(() => z.strictObject({
  description: z.string().min(1, 'a project needs a description').max(1000, 'must be at most 1000 characters'),
  target_quarter: Quarter.optional(),
  constitutional_principles: z.array(ShortText(500)).max(100).default([]),
}));

/** `session` metadata. `yaml_frontmatter` is free-form but must carry `schema_version`; the whole stays within the metadata bounds. */
export const SessionMetadata = lazySchema(() => boundedJson(z.strictObject({
  token_budget: z.int().min(1000, 'must be at least 1 000').max(1_000_000, 'must be at most 1 000 000'),
  prompts_count: z.int().min(0).max(MAX_INT32),
  yaml_frontmatter: z.looseObject({
    schema_version: z.union([z.string().min(1), z.number()], { error: 'yaml_frontmatter must contain schema_version' }),
    // The legacy import keeps a session block's date and prompt under these keys; the report writes them back out, so they must be what it expects.
    session_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'session_date is the session\'s day, YYYY-MM-DD').optional(),
    prompt_text: z.string({ error: 'prompt_text is the session\'s prompt, a string' }).optional(),
  }),
})));

/** `task` metadata. */
export const TaskMetadata = lazySchema(() => z.strictObject({
  estimated_hours: z.number().min(0).max(1000).optional(),
  actual_hours: z.number().min(0).max(1000).optional(),
  blocked_reason: ShortText(500).optional(),
}));

/** `research` metadata. */
export const ResearchMetadata = lazySchema(() => z.strictObject({
  research_questions: z.array(ShortText(1000)).max(100).default([]),
  findings_summary: ShortText(2000).optional(),
  references: z.array(ShortText(2000)).max(200).default([]),
}));

export const METADATA_SCHEMAS = {
  project: ProjectMetadata,
  session: SessionMetadata,
  task: TaskMetadata,
  research: ResearchMetadata,
} as const;

export type ProjectMetadata = z.infer<typeof ProjectMetadata>;
export type SessionMetadata = z.infer<typeof SessionMetadata>;
export type TaskMetadata = z.infer<typeof TaskMetadata>;
export type ResearchMetadata = z.infer<typeof ResearchMetadata>;

/** Metadata as given by a client: an object within the metadata bounds, checked per type by the service. */
export const MetadataInput = lazySchema(() => boundedJson(z.record(z.string(), z.unknown(), { error: 'metadata must be a JSON object' })));

export const Title = lazySchema(() => singleLine(z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters')));
export const BranchName = lazySchema(() => singleLine(ShortText(100).min(1, 'must not be empty')));
export const PrNumber = lazySchema(() => z.int().min(1, 'must be a positive integer').max(MAX_INT32));
/**
 * Labels of an item: at most 50, each on one line. Duplicates are dropped,
 * compared case-insensitively, keeping the first spelling and the order given
 * (`["a", "a", "A", "b"]` → `["a", "b"]`).
 */
export const Labels = lazySchema(() => z
  .array(Label)
  .max(50, 'must hold at most 50 labels')
  .transform((labels) => {
    const seen = new Set<string>();
    return labels.filter((label) => {
      const key = label.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }));
/** 1 = highest … 5 = lowest, the scale enhancements use; 3 when not given. */
export const Priority = lazySchema(() => z.int().min(1, 'must be 1 (highest) to 5 (lowest)').max(5, 'must be 1 (highest) to 5 (lowest)'));
export const DEFAULT_PRIORITY = 3;
/** Why an item was completed or deleted. */
export const CloseReason = lazySchema(() => ShortText(500).trim().min(1));
/** A claim's lease: how long the holder keeps the item without writing to it (1 minute to 7 days). */
export const LeaseSeconds = lazySchema(() => z.int().min(60, 'must be at least 60 seconds').max(604_800, 'must be at most 604800 seconds (7 days)'));

/** A work item as stored and returned in full. */
export const WorkItem = lazySchema(() => z.object({
  id: Uuid,
  item_type: ItemType,
  title: z.string(),
  status: WorkStatus,
  parent_id: Uuid.nullable(),
  path: z.string(),
  depth: z.int().min(0).max(MAX_DEPTH),
  branch_name: z.string().nullable(),
  commit_hash: z.string().nullable(),
  pr_number: z.int().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  labels: z.array(z.string()),
  assignee: z.string().nullable(),
  deleted_at: IsoTimestamp.nullable(),
  short_id: z.string(),
  priority: z.int(),
  /** When the assignee's claim lapses (null: held until released). */
  lease_expires_at: IsoTimestamp.nullable(),
  lease_seconds: z.int().nullable(),
  close_reason: z.string().nullable(),
  ...Audit,
}));
export type WorkItem = z.infer<typeof WorkItem>;

/** The compact row list-like operations return by default. */
export const WorkItemSummary = lazySchema(() => z.object({
  id: Uuid,
  short_id: z.string(),
  item_type: ItemType,
  title: z.string(),
  status: WorkStatus,
  priority: z.int(),
  version: z.int(),
  parent_id: Uuid.optional(),
  assignee: z.string().optional(),
  lease_expires_at: IsoTimestamp.optional(),
  deleted: z.literal(true).optional(),
  updated_at: IsoTimestamp,
}));
export type WorkItemSummary = z.infer<typeof WorkItemSummary>;

/** The fields a summary is made of. */
export type WorkItemSummarySource = Pick<WorkItem, 'id' | 'short_id' | 'item_type' | 'title' | 'status' | 'priority' | 'version' | 'parent_id' | 'assignee' | 'deleted_at' | 'updated_at'> &
  Partial<Pick<WorkItem, 'lease_expires_at'>>;

/** Drops nulls so summaries stay small (models pay per token). */
export function toWorkItemSummary(item: WorkItemSummarySource): WorkItemSummary {
  const row: WorkItemSummary = {
    id: item.id,
    short_id: item.short_id,
    item_type: item.item_type,
    title: item.title,
    status: item.status,
    priority: item.priority,
    version: item.version,
    updated_at: item.updated_at,
  };
  if (item.parent_id) row.parent_id = item.parent_id;
  if (item.assignee) row.assignee = item.assignee;
  if (item.assignee && item.lease_expires_at) row.lease_expires_at = item.lease_expires_at;
  if (item.deleted_at) row.deleted = true;
  return row;
}

// ---- operation inputs -------------------------------------------------------

export const CreateWorkItemInput = lazySchema(() => z.strictObject({
  item_type: ItemType,
  title: Title,
  parent_id: WorkItemRef.nullish(),
  metadata: MetadataInput.optional(),
  status: WorkStatus.optional(),
  branch_name: BranchName.nullish(),
  commit_hash: CommitHash.nullish(),
  pr_number: PrNumber.nullish(),
  labels: Labels.optional(),
  priority: Priority.optional(),
  assignee: Actor.nullish(),
  created_by: Actor.optional(),
}));
export type CreateWorkItemInput = z.infer<typeof CreateWorkItemInput>;

export const UpdateWorkItemInput = lazySchema(() => z.strictObject({
  id: WorkItemRef,
  version: ExpectedVersion,
  title: Title.optional(),
  status: WorkStatus.optional(),
  // JSON Merge Patch, top level only: keys left out are kept, nested objects (yaml_frontmatter) are replaced whole.
  metadata: MetadataInput.optional().describe('Merged in; a key set to null is removed.'),
  parent_id: WorkItemRef.nullable().optional(),
  branch_name: BranchName.nullable().optional(),
  commit_hash: CommitHash.nullable().optional(),
  pr_number: PrNumber.nullable().optional(),
  labels: Labels.optional(),
  priority: Priority.optional(),
  assignee: Actor.nullable().optional(),
  close_reason: CloseReason.optional(),
  delete: z.boolean().optional(),
  restore: z.boolean().optional(),
  cascade: z.boolean().optional().describe('with delete/restore: the subtree too; with status "completed": its unfinished descendants too'),
  updated_by: Actor.optional(),
}));
export type UpdateWorkItemInput = z.infer<typeof UpdateWorkItemInput>;

export const QueryWorkItemInput = lazySchema(() => z.strictObject({
  id: WorkItemRef,
  include_deleted: z.boolean().default(false),
}));

export const WorkItemFilter = lazySchema(() => ({
  item_type: ItemType.optional(),
  status: WorkStatus.optional(),
  priority: Priority.optional(),
  parent_id: WorkItemRef.nullable().optional(),
  branch_name: BranchName.optional(),
  assignee: Actor.optional(),
  label: Label.optional(),
  // true: live, unfinished, assigned and the lease not ended at the service's clock (what list_my_work shows
  // its holder); false: the exact complement. The description is short: the work tools are at their token budget.
  held: z.boolean().optional().describe('someone holds it (lease not lapsed)'),
  include_deleted: z.boolean().default(false),
}));

export const ListWorkItemsInput = lazySchema(() => z.strictObject({
  ...WorkItemFilter,
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type ListWorkItemsInput = z.infer<typeof ListWorkItemsInput>;
export type WorkItemFilter = Omit<ListWorkItemsInput, 'limit' | 'offset' | 'detail'>;

export const SearchWorkItemsInput = lazySchema(() => z.strictObject({
  query: z.string().trim().min(1, 'say what to search for').max(500),
  ...WorkItemFilter,
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type SearchWorkItemsInput = z.infer<typeof SearchWorkItemsInput>;

export const ListReadyWorkInput = lazySchema(() => z.strictObject({
  parent_id: WorkItemRef.optional(),
  item_type: z.enum(ACTIONABLE_TYPES).optional(),
  max_priority: Priority.optional(),
  include_assigned: z.boolean().default(false),
  limit: Limit,
  offset: Offset,
  detail: Detail,
}));
export type ListReadyWorkInput = z.infer<typeof ListReadyWorkInput>;

export const ClaimWorkItemInput = lazySchema(() => z.strictObject({
  id: WorkItemRef,
  assignee: Actor.optional(),
  lease_seconds: LeaseSeconds.optional(),
}));

export const ReleaseWorkItemInput = lazySchema(() => z.strictObject({
  id: WorkItemRef,
  assignee: Actor.optional(),
  note: z.string().trim().min(1).max(4000).optional(),
}));

/** Most items list_my_work returns: an actor holding more has lost track anyway. */
export const MAX_HELD_SHOWN = 100;

export const ListMyWorkInput = lazySchema(() => z.strictObject({
  assignee: Actor.optional(),
  detail: Detail,
}));

/** A page of items: summaries or full rows. */
export const WorkItemPage = lazySchema(() => z.object({
  items: z.array(z.union([WorkItemSummary, WorkItem])),
  total_count: z.int(),
  limit: z.int(),
  offset: z.int(),
}));
