import { EntitySchema } from '@mikro-orm/core';
import { workItemChecks, workItemColumns, type WorkItemRow } from './work-item.entity.js';

export interface ArchivedWorkItemRow extends Omit<WorkItemRow, 'parent_id'> {
  parent_id?: string | null;
  archived_at: Date;
}

/** Every column of `work_items` plus `archived_at`; read-only once written. */
export const ArchivedWorkItemEntity = new EntitySchema<ArchivedWorkItemRow>({
  name: 'ArchivedWorkItem',
  tableName: 'archived_work_items',
  properties: {
    ...workItemColumns,
    version: { type: 'integer' },
    parent_id: { type: 'uuid', nullable: true },
    archived_at: { type: 'datetime' },
  } as never,
  indexes: [{ name: 'archived_work_items_archived_at_idx', properties: ['archived_at'] }],
  checks: workItemChecks.map((c) => ({ ...c, name: c.name.replace('work_items_', 'archived_work_items_') })),
});
