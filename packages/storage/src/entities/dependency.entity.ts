import { EntitySchema } from '@mikro-orm/core';
import { DEPENDENCY_TYPES } from '@project-status/core';
import { oneOf } from './columns.js';
import type { WorkItemRow } from './work-item.entity.js';

export interface DependencyRow {
  id: string;
  source_id: WorkItemRow;
  target_id: WorkItemRow;
  dependency_type: string;
  created_at: Date;
  created_by: string;
}

/** Edges between live work items; they go with an item when it is archived. */
export const DependencyEntity = new EntitySchema<DependencyRow>({
  name: 'WorkItemDependency',
  tableName: 'work_item_dependencies',
  properties: {
    id: { type: 'uuid', primary: true },
    source_id: { kind: 'm:1', entity: 'WorkItem', fieldName: 'source_id', deleteRule: 'cascade', updateRule: 'cascade' },
    target_id: { kind: 'm:1', entity: 'WorkItem', fieldName: 'target_id', deleteRule: 'cascade', updateRule: 'cascade' },
    dependency_type: oneOf(DEPENDENCY_TYPES),
    created_at: { type: 'datetime' },
    created_by: { type: 'string', length: 100 },
  } as never,
  indexes: [{ name: 'work_item_dependencies_target_id_index', properties: ['target_id'] }],
  uniques: [{ name: 'work_item_dependencies_pair_unique', properties: ['source_id', 'target_id'] }],
  checks: [
    { name: 'work_item_dependencies_no_self_check', expression: 'source_id <> target_id' },
  ],
});
