import { EntitySchema } from '@mikro-orm/core';

/** Row shape of `applied_operations` (the ORM's view; never leaves storage). */
export interface AppliedOperationRow {
  id: string;
  operation: string;
  applied_at: Date;
}

/**
 * Outage writes already applied on this database, by their operation id
 * (SPEC §5): the replay records the id in the same transaction as the write,
 * so a crash mid-replay or a second process replaying the same outbox never
 * applies one write twice.
 */
export const AppliedOperationEntity = new EntitySchema<AppliedOperationRow>({
  name: 'AppliedOperation',
  tableName: 'applied_operations',
  properties: {
    id: { type: 'uuid', primary: true },
    operation: { type: 'string', length: 100 },
    applied_at: { type: 'datetime' },
  },
});
