import { EntitySchema } from '@mikro-orm/core';
import { ENHANCEMENT_STATUSES } from '@project-status/core';
import { audit, oneOf } from './columns.js';

export interface EnhancementRow {
  id: string;
  title: string;
  description?: string | null;
  priority: number;
  status: string;
  target_quarter?: string | null;
  requires_constitutional_principles: string[];
  work_item_ids: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
  created_by: string;
  updated_by: string;
}

export const EnhancementEntity = new EntitySchema<EnhancementRow>({
  name: 'Enhancement',
  tableName: 'enhancements',
  properties: {
    id: { type: 'uuid', primary: true },
    title: { type: 'string', length: 200 },
    description: { type: 'text', nullable: true },
    priority: { type: 'integer' },
    status: oneOf(ENHANCEMENT_STATUSES),
    target_quarter: { type: 'string', length: 7, nullable: true },
    requires_constitutional_principles: { type: 'json' },
    work_item_ids: { type: 'json' },
    ...audit,
  } as never,
  indexes: [{ name: 'enhancements_priority_idx', properties: ['priority', 'created_at'] }],
  checks: [
    { name: 'enhancements_priority_check', expression: 'priority >= 1 and priority <= 5' },
  ],
});
