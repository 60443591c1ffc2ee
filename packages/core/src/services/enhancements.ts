import { NotFoundError } from '../errors/domain-error.js';
import { toEnhancementSummary, type CreateEnhancementInput, type Enhancement, type EnhancementSummary, type ListEnhancementsInput, type UpdateEnhancementInput } from '../enhancement/schema.js';
import type { StoreReader } from '../ports/store.js';
import { assertVersion, definedOnly, effectiveChanges, historyEntry, nowIso, type ServiceEnv } from './env.js';

async function assertWorkItemsExist(reader: StoreReader, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await reader.getWorkItems(ids);
  const missing = ids.filter((id) => !found.some((w) => w.id === id));
  if (missing.length) throw new NotFoundError(`unknown work item id(s): ${missing.join(', ')}`, { unknown_work_item_ids: missing });
}

/** create_enhancement */
export async function createEnhancement(env: ServiceEnv, input: CreateEnhancementInput): Promise<Enhancement> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => {
    const workIds = [...new Set(input.work_item_ids)];
    await assertWorkItemsExist(tx, workIds);
    const e: Enhancement = {
      id: env.newId(),
      title: input.title,
      description: input.description ?? null,
      priority: input.priority,
      status: input.status,
      target_quarter: input.target_quarter ?? null,
      requires_constitutional_principles: input.requires_constitutional_principles,
      work_item_ids: workIds,
      version: 1,
      created_at: at,
      updated_at: at,
      created_by: env.actor,
      updated_by: env.actor,
    };
    await tx.insertEnhancement(e);
    await tx.appendHistory([historyEntry(env, 'enhancement', e.id, 1, 'create', null, e, at)]);
    return e;
  });
}

/** update_enhancement: version-checked. */
export async function updateEnhancement(env: ServiceEnv, input: UpdateEnhancementInput): Promise<Enhancement> {
  const at = nowIso(env);
  return env.store.transaction(async (tx) => {
    const current = await tx.getEnhancement(input.id);
    if (!current) throw NotFoundError.entity('enhancement', 'id', input.id);
    assertVersion('enhancement', current, input.version);
    const { id: _id, version: _v, updated_by: _u, ...fields } = input;
    if (fields.work_item_ids) {
      fields.work_item_ids = [...new Set(fields.work_item_ids)];
      await assertWorkItemsExist(tx, fields.work_item_ids);
    }
    const changes = effectiveChanges(current, definedOnly(fields) as Partial<Enhancement>);
    if (Object.keys(changes).length === 0) return current;
    const updated = await tx.updateEnhancement({ id: current.id, expectedVersion: input.version, changes, actor: env.actor, at });
    await tx.appendHistory([historyEntry(env, 'enhancement', updated.id, updated.version, 'update', current, updated, at)]);
    return updated;
  });
}

/** list_enhancements: by priority (1 first), then newest. */
export async function listEnhancements(env: ServiceEnv, input: ListEnhancementsInput): Promise<{ enhancements: (Enhancement | EnhancementSummary)[]; total_count: number; limit: number; offset: number }> {
  const page = await env.store.listEnhancements(input);
  const rows = input.detail === 'full' ? page.rows : page.rows.map(toEnhancementSummary);
  return { enhancements: rows, total_count: page.total, limit: input.limit, offset: input.offset };
}
