import { EntitySchema } from '@mikro-orm/core';

export interface HistoryRow {
  id: string;
  /** Position in the change feed: strictly increasing in commit order (see docs/architecture.md, "Change feed"). */
  seq: number;
  entity_type: string;
  entity_id: string;
  version: number;
  action: string;
  actor: string;
  at: Date;
  changes: Record<string, unknown>;
}

/**
 * Append-only change log, written in the same transaction as the change. It
 * is also the change feed: `seq` numbers the rows in commit order.
 */
export const HistoryEntity = new EntitySchema<HistoryRow>({
  name: 'HistoryEntry',
  tableName: 'history',
  properties: {
    id: { type: 'uuid', primary: true },
    seq: { type: 'bigint', unique: 'history_seq_unique' },
    entity_type: { type: 'string', length: 20 },
    entity_id: { type: 'string', length: 100 },
    version: { type: 'integer' },
    action: { type: 'string', length: 20 },
    actor: { type: 'string', length: 100 },
    at: { type: 'datetime' },
    changes: { type: 'json' },
  },
  indexes: [{ name: 'history_entity_idx', properties: ['entity_type', 'entity_id', 'at'] }],
});
