import type { z } from 'zod';
import { archiveCutoff, selectArchivable } from '../archive/rules.js';
import type { ArchivedSummary, ArchiveResult, ArchiveWorkItemsInput, ArchivedWorkItem, QueryArchivedInput } from '../archive/schema.js';
import { NotFoundError } from '../errors/domain-error.js';
import type { EntityType, GetHistoryInput, HistoryEntry } from '../history/schema.js';
import { toWorkItemSummary } from '../work-item/schema.js';
import { normalizeShortId } from '../work-item/short-id.js';
import { nowIso, type ServiceEnv } from './env.js';
import { resolveWorkItemRef } from './refs.js';
import { looksLikeUuid, requireVendor } from './vendors.js';

/** get_history: newest first. A vendor may be named instead of its id. */
export async function getHistory(env: ServiceEnv, input: z.infer<typeof GetHistoryInput>): Promise<{ entries: HistoryEntry[]; total_count: number; limit: number; offset: number }> {
  let entityId = input.entity_id;
  if (input.entity_type === 'vendor') entityId = (await requireVendor(env.store, entityId)).id;
  if (input.entity_type === 'work_item' && !looksLikeUuid(entityId)) {
    // A short id or a prefix of one, as everywhere else an item is named.
    // Text that cannot be a short id names no item: NOT_FOUND, as for any unknown id in get_history.
    const id = normalizeShortId(entityId) ? await resolveWorkItemRef(env.store, entityId, 'entity_id') : null;
    if (!id) throw new NotFoundError(`no work item has the short id "${entityId}" (or one starting with it)`, { entity: 'work_item', short_id: entityId });
    entityId = id;
  }
  if (input.entity_type === 'configuration') entityId = 'singleton';
  // Ids are stored in lower case; a UUID may be typed in either.
  else if (looksLikeUuid(entityId)) entityId = entityId.toLowerCase();
  const page = await env.store.getHistory(input.entity_type, entityId, { limit: input.limit, offset: input.offset });
  // No history at all: an unknown id is NOT_FOUND, as for every other read by id. An entity that is
  // gone but was real (archived item, removed dependency) still has its history, so it is answered.
  if (page.total === 0 && !(await entityExists(env, input.entity_type, entityId))) {
    throw NotFoundError.entity(input.entity_type.replace('_', ' '), 'id', entityId);
  }
  return { entries: page.rows, total_count: page.total, limit: input.limit, offset: input.offset };
}

/** True when an entity with no history yet exists all the same (the configuration always does). */
async function entityExists(env: ServiceEnv, type: EntityType, id: string): Promise<boolean> {
  if (type === 'configuration') return true;
  if (!looksLikeUuid(id)) return false;
  switch (type) {
    case 'work_item':
      return (await env.store.getWorkItem(id)) !== null;
    case 'vendor':
      return (await env.store.getVendorsByIds([id])).length > 0;
    case 'deployment':
      return (await env.store.getDeployment(id)) !== null;
    case 'enhancement':
      return (await env.store.getEnhancement(id)) !== null;
    case 'dependency':
      return false; // every dependency is created with a history entry
  }
}

/**
 * archive_work_items: moves old finished subtrees to the archive in batches,
 * one transaction per batch. Each batch re-selects with the pure
 * `selectArchivable` rule (deepest first), so the live table never holds an
 * orphan, even between batches or when items change meanwhile.
 */
export async function archiveWorkItems(env: ServiceEnv, input: ArchiveWorkItemsInput): Promise<ArchiveResult> {
  const cutoffDate = archiveCutoff(env.now(), input.older_than_days);
  const cutoff = cutoffDate.toISOString();
  const eligible = selectArchivable(await env.store.getArchiveFacts(cutoff), cutoffDate).length;
  const result: ArchiveResult = { dry_run: input.dry_run, cutoff, eligible, archived: 0, batches: 0 };
  if (input.dry_run || eligible === 0) return result;
  for (;;) {
    const at = nowIso(env);
    const moved = await env.store.transaction(
      async (tx) => {
        const ids = selectArchivable(await tx.getArchiveFacts(cutoff), cutoffDate).slice(0, input.batch_size);
        if (ids.length === 0) return [];
        const rows = await tx.archiveWorkItems(ids, cutoff, at);
        await tx.appendHistory(
          rows.map((row) => ({ id: env.newId(), entity_type: 'work_item' as const, entity_id: row.id, version: row.version, action: 'archive' as const, actor: env.actor, at, changes: { archived_at: { old: null, new: at } } })),
        );
        return rows;
      },
      { lock: 'hierarchy' },
    );
    if (moved.length === 0) break;
    result.archived += moved.length;
    result.batches += 1;
    env.onProgress?.({ phase: 'archive', done: result.archived, total: Math.max(eligible, result.archived) });
  }
  return result;
}

/** query_archived_work_items */
export async function queryArchivedWorkItems(env: ServiceEnv, input: QueryArchivedInput): Promise<{ items: (ArchivedWorkItem | z.infer<typeof ArchivedSummary>)[]; total_count: number; limit: number; offset: number }> {
  const page = await env.store.listArchived(input);
  const items = input.detail === 'full' ? page.rows : page.rows.map((r) => ({ ...toWorkItemSummary(r), archived_at: r.archived_at }));
  return { items, total_count: page.total, limit: input.limit, offset: input.offset };
}
