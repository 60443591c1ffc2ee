import type { EntityType } from '../history/schema.js';
import type { SyncConflictReason } from './schema.js';

/** What replaying one queued write on the server came to. */
export type ReplayOutcome =
  | { kind: 'applied' }
  /** The database is (again) unreachable: stop, keep this write and every later one queued. */
  | { kind: 'retry_later' }
  | { kind: 'conflict'; reason: SyncConflictReason };

/**
 * Classifies the error a replayed write failed with (pure: it looks only at
 * the domain error code). A retryable database failure means "not now", never
 * "conflict": the write stays queued. Everything else the server refused is a
 * conflict a person decides on — a queued write is never guessed into place.
 */
export function classifyReplayError(error: unknown): ReplayOutcome {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'DATABASE_ERROR') return { kind: 'retry_later' };
  if (code === 'VERSION_CONFLICT') return { kind: 'conflict', reason: 'version_conflict' };
  if (code === 'NOT_FOUND') return { kind: 'conflict', reason: 'not_found' };
  return { kind: 'conflict', reason: 'rejected' };
}

/** One outbox row as far as ordering cares. */
export interface OutboxOrderKey {
  position: number;
  state: 'pending' | 'applied' | 'conflict' | 'discarded';
}

/**
 * The writes to replay next, in order: pending ones by position (the order
 * they were acknowledged on this machine). Applied, conflicted and discarded
 * rows are done; positions are unique, so the order is total.
 */
export function replayOrder<T extends OutboxOrderKey>(rows: readonly T[]): T[] {
  return rows.filter((r) => r.state === 'pending').sort((a, b) => a.position - b.position);
}

/**
 * The entity whose version a queued write's `version` field refers to, so
 * "re-apply on the current version" knows what to re-read; null for writes
 * that carry no version (they re-apply as they are).
 */
export function versionTarget(operation: string, input: Record<string, unknown>): { entity_type: EntityType; key: string } | null {
  if (typeof input.version !== 'number') return null;
  const key = (field: string) => (typeof input[field] === 'string' ? (input[field] as string) : null);
  const table: Record<string, [EntityType, string] | undefined> = {
    update_work_item: ['work_item', 'id'],
    update_vendor: ['vendor', 'name'],
    update_enhancement: ['enhancement', 'id'],
    update_configuration: ['configuration', ''],
  };
  const hit = table[operation];
  if (!hit) return null;
  const [entity_type, field] = hit;
  if (field === '') return { entity_type, key: 'singleton' };
  const value = key(field);
  return value === null ? null : { entity_type, key: value };
}

/** The input to re-apply: the queued one with `version` moved to the server's current version. */
export function reapplyInput(input: Record<string, unknown>, currentVersion: number | null): Record<string, unknown> {
  if (currentVersion === null || typeof input.version !== 'number') return input;
  return { ...input, version: currentVersion };
}
