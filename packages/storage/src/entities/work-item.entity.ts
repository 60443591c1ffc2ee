import { EntitySchema } from '@mikro-orm/core';
import { ITEM_TYPES, MAX_DEPTH, WORK_STATUSES } from '@project-status/core';
import { audit, oneOf } from './columns.js';

/** Row shape of `work_items` (the ORM's view; never leaves storage). */
export interface WorkItemRow {
  id: string;
  item_type: string;
  title: string;
  status: string;
  parent_id?: WorkItemRow | null;
  path: string;
  depth: number;
  branch_name?: string | null;
  commit_hash?: string | null;
  pr_number?: number | null;
  metadata: Record<string, unknown>;
  labels: string[];
  assignee?: string | null;
  deleted_at?: Date | null;
  /** Set by a cascade delete: the item whose delete took this one (see restoreDescendants). */
  deleted_with?: string | null;
  short_id?: string | null;
  priority: number;
  lease_expires_at?: Date | null;
  lease_seconds?: number | null;
  close_reason?: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string;
  updated_by: string;
}

/** Columns shared by live and archived work items. */
export const workItemColumns = {
  id: { type: 'uuid', primary: true },
  item_type: oneOf(ITEM_TYPES),
  title: { type: 'string', length: 200 },
  status: oneOf(WORK_STATUSES),
  path: { type: 'text' },
  depth: { type: 'integer' },
  branch_name: { type: 'string', length: 100, nullable: true },
  commit_hash: { type: 'string', length: 40, nullable: true },
  pr_number: { type: 'integer', nullable: true },
  metadata: { type: 'json' },
  labels: { type: 'json' },
  assignee: { type: 'string', length: 100, nullable: true },
  deleted_at: { type: 'datetime', nullable: true },
  // Agent workflow (Migration20261130100000_agent_workflow): null only until that migration backfilled it.
  short_id: { type: 'string', length: 26, nullable: true },
  priority: { type: 'integer', default: 3 },
  lease_expires_at: { type: 'datetime', nullable: true },
  lease_seconds: { type: 'integer', nullable: true },
  close_reason: { type: 'string', length: 500, nullable: true },
  ...audit,
} as const;

export const workItemChecks = [
  { name: 'work_items_depth_check', expression: `depth >= 0 and depth <= ${MAX_DEPTH}` },
  { name: 'work_items_pr_number_check', expression: 'pr_number is null or pr_number > 0' },
  { name: 'work_items_version_check', expression: 'version >= 1' },
  { name: 'work_items_priority_check', expression: 'priority >= 1 and priority <= 5' },
];

export const WorkItemEntity = new EntitySchema<WorkItemRow>({
  name: 'WorkItem',
  tableName: 'work_items',
  properties: {
    ...workItemColumns,
    // Only live items are deleted by a cascade, so only they carry it (not the archive).
    deleted_with: { type: 'uuid', nullable: true },
    // NO ACTION (checked at statement end) rather than RESTRICT (checked per row),
    // so a whole subtree can be moved to the archive in one DELETE.
    parent_id: { kind: 'm:1', entity: 'WorkItem', fieldName: 'parent_id', nullable: true, deleteRule: 'no action', updateRule: 'cascade' },
  } as never,
  indexes: [
    // PostgreSQL does not index foreign keys by itself; the name matches what
    // MikroORM generates on SQLite so both dialects carry one index.
    { name: 'work_items_parent_id_index', properties: ['parent_id'] },
    { name: 'work_items_updated_at_idx', properties: ['updated_at'] },
    // Covers ready work's order (status, live, priority, depth, created_at): SQLite otherwise sorts 120k rows (141 ms → 0.7 ms).
    { name: 'work_items_status_idx', properties: ['status', 'deleted_at', 'priority', 'depth', 'created_at', 'id'] },
    // Lists by status, newest update first (list_work_items' order, count_completions): SQLite otherwise sorts every row of the status (~170 ms at 100×).
    { name: 'work_items_status_updated_idx', properties: ['status', 'deleted_at', 'updated_at', 'id'] },
    // Held items by status, newest update first (list_work_items' held: true): only assigned rows; SQLite otherwise walks every live item of the status (~50 ms at 100×).
    { name: 'work_items_held_idx', expression: 'create index "work_items_held_idx" on "work_items" ("status", "deleted_at", "updated_at", "id") where "assignee" is not null' },
    { name: 'work_items_item_type_idx', properties: ['item_type'] },
    { name: 'work_items_branch_name_idx', properties: ['branch_name'] },
    { name: 'work_items_assignee_idx', properties: ['assignee'] },
    { name: 'work_items_depth_idx', properties: ['depth', 'created_at'] },
    { name: 'work_items_created_at_idx', properties: ['created_at'] },
  ],
  // A short id (or a prefix of one) resolves with one range scan of this index.
  uniques: [{ name: 'work_items_short_id_unique', properties: ['short_id'] }],
  checks: workItemChecks,
});
