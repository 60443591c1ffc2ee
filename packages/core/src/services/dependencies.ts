import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../errors/domain-error.js';
import { cycleError, DependencyType, findCycle, mustFinishBefore } from '../dependency/rules.js';
import { Actor, IsoTimestamp, Uuid } from '../primitives/schemas.js';
import type { HistoryEntry } from '../history/schema.js';
import type { StoredDependency } from '../ports/store.js';
import type { WorkItem } from '../work-item/schema.js';
import { nowIso, type ServiceEnv } from './env.js';
import { WorkItemRef } from '../work-item/short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const AddDependencyInput = lazySchema(() => z.strictObject({
  source_id: WorkItemRef,
  target_id: WorkItemRef,
  dependency_type: DependencyType,
  created_by: Actor.optional(),
}));
export type AddDependencyInput = z.infer<typeof AddDependencyInput>;

export const RemoveDependencyInput = lazySchema(() => AddDependencyInput.omit({ created_by: true }).extend({ removed_by: Actor.optional() }));

export const Dependency = lazySchema(() => z.object({
  id: Uuid,
  source_id: Uuid,
  target_id: Uuid,
  dependency_type: DependencyType,
  created_at: IsoTimestamp,
  created_by: z.string(),
}));

/**
 * The history of a link or unlink: one entry for the dependency itself and
 * one for each work item at its ends (at the item's current version; a link
 * does not change the item's version), so either item's history shows it.
 */
function linkHistory(env: ServiceEnv, dep: StoredDependency, action: 'link' | 'unlink', items: readonly WorkItem[], at: string): HistoryEntry[] {
  const link = { source_id: dep.source_id, target_id: dep.target_id, dependency_type: dep.dependency_type };
  const changes = { dependency: action === 'link' ? { old: null, new: link } : { old: link, new: null } };
  const entry = (entity_type: HistoryEntry['entity_type'], entity_id: string, version: number): HistoryEntry => ({ id: env.newId(), entity_type, entity_id, version, action, actor: env.actor, at, changes });
  const ends = [dep.source_id, dep.target_id].flatMap((id) => items.filter((i) => i.id === id));
  return [entry('dependency', dep.id, 1), ...ends.map((i) => entry('work_item', i.id, i.version))];
}

/** add_dependency: rejects unknown or deleted items, duplicates and cycles. */
export async function addDependency(env: ServiceEnv, input: AddDependencyInput): Promise<StoredDependency> {
  if (input.source_id === input.target_id) {
    throw cycleError(input, [input.source_id, input.source_id]);
  }
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const items = await tx.getWorkItems([input.source_id, input.target_id]);
      for (const [role, id] of [['source', input.source_id], ['target', input.target_id]] as const) {
        const item = items.find((i) => i.id === id);
        if (!item) throw NotFoundError.entity(`${role} work item`, 'id', id);
        if (item.deleted_at) throw ValidationError.field(`${role}_id`, `work item ${id} is deleted; restore it before linking it`);
      }
      const existing = await tx.getDependency(input);
      if (existing) {
        const mine = mustFinishBefore(input);
        if (mustFinishBefore(existing).before !== mine.before) throw cycleError(input, [mine.before, mine.after, mine.before]);
        throw new ConflictError(
          `a dependency between ${input.source_id} and ${input.target_id} already exists ("${existing.source_id} ${existing.dependency_type} ${existing.target_id}")`,
          { existing, reason: 'duplicate' },
        );
      }
      const cycle = await findCycle(input, (ids) => tx.getSuccessors(ids));
      if (cycle) throw cycleError(input, cycle);
      const dep: StoredDependency = {
        id: env.newId(),
        source_id: input.source_id,
        target_id: input.target_id,
        dependency_type: input.dependency_type,
        created_at: at,
        created_by: env.actor,
      };
      await tx.insertDependency(dep);
      await tx.appendHistory(linkHistory(env, dep, 'link', items, at));
      return dep;
    },
    { lock: 'dependencies' },
  );
}

/** remove_dependency */
export async function removeDependency(env: ServiceEnv, input: z.infer<typeof RemoveDependencyInput>): Promise<{ removed: true; dependency: StoredDependency }> {
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const existing = await tx.getDependency(input);
      if (!existing || existing.dependency_type !== input.dependency_type) {
        throw new NotFoundError(`no "${input.dependency_type}" dependency from ${input.source_id} to ${input.target_id}`, { ...input });
      }
      await tx.deleteDependency(existing);
      // Either end may be archived by now (its edges went with it); the ends still live get the entry.
      await tx.appendHistory(linkHistory(env, existing, 'unlink', await tx.getWorkItems([existing.source_id, existing.target_id]), at));
      return { removed: true as const, dependency: existing };
    },
    { lock: 'dependencies' },
  );
}
