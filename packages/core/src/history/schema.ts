import { z } from 'zod';
import { IsoTimestamp, Limit, Offset, singleLine, Uuid } from '../primitives/schemas.js';
import { lazySchema } from '../primitives/lazy-schema.js';
import { sameJson } from '../primitives/key-order.js';

export const ENTITY_TYPES = ['work_item', 'dependency', 'vendor', 'deployment', 'configuration', 'enhancement'] as const;
export const EntityType = lazySchema(() => z.enum(ENTITY_TYPES));
export type EntityType = z.infer<typeof EntityType>;

export const HistoryAction = lazySchema(() => z.enum(['create', 'update', 'delete', 'restore', 'archive', 'link', 'unlink', 'claim', 'move', 'release', 'note']));
export type HistoryAction = z.infer<typeof HistoryAction>;

/** One changed field: value before and after. */
export const FieldChange = lazySchema(() => z.object({ old: z.unknown(), new: z.unknown() }));

export const HistoryEntry = lazySchema(() => z.object({
  id: Uuid,
  entity_type: EntityType,
  entity_id: z.string(),
  version: z.int(),
  action: HistoryAction,
  actor: z.string(),
  at: IsoTimestamp,
  changes: z.record(z.string(), FieldChange),
}));
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const GetHistoryInput = lazySchema(() => z.strictObject({
  entity_type: EntityType,
  /** A UUID, or a vendor name, or `singleton` for the configuration. */
  entity_id: singleLine(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')),
  limit: Limit,
  offset: Offset,
}));

/**
 * The fields that differ between `before` and `after` (shallow; JSON values
 * compared by content). Audit fields are left out: they change every time.
 */
export function diffFields(
  before: Record<string, unknown> | null,
  after: Record<string, unknown>,
  ignore: readonly string[] = ['version', 'updated_at', 'updated_by', 'created_at', 'created_by'],
): Record<string, { old: unknown; new: unknown }> {
  const changes: Record<string, { old: unknown; new: unknown }> = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after)]);
  for (const key of keys) {
    if (ignore.includes(key)) continue;
    const a = before ? (before[key] ?? null) : null;
    const b = after[key] ?? null;
    if (!sameJson(a, b)) changes[key] = { old: a, new: b };
  }
  return changes;
}
