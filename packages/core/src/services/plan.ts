import { ValidationError, type FieldIssue } from '../errors/domain-error.js';
import { PARSE_PARAMS, validationErrorFromZod } from '../errors/from-zod.js';
import type { HistoryEntry } from '../history/schema.js';
import type { StoredDependency } from '../ports/store.js';
import { planBatch, type CreateWorkItemsInput, type ExternalItem } from '../work-item/plan.js';
import { DEFAULT_PRIORITY, METADATA_SCHEMAS, toWorkItemSummary, type WorkItem, type WorkItemSummary } from '../work-item/schema.js';
import { historyEntry, nowIso, type ServiceEnv } from './env.js';
import { newWorkItem, requireItem } from './work-items.js';
import { resolveExactRefs } from './refs.js';

/**
 * create_work_items: a whole plan — a tree of items and the dependencies
 * between them, named by local refs — created in one transaction. Every item
 * is validated first (metadata per type too), every problem is reported at
 * once with its `items.N` path, and nothing is written unless all of it is
 * valid: no half-created plan to clean up.
 */
export async function createWorkItems(env: ServiceEnv, input: CreateWorkItemsInput): Promise<{ items: (WorkItemSummary & { ref: string })[]; dependencies: number }> {
  const issues: FieldIssue[] = [];
  const metadata = input.items.map((item, i) => {
    const result = METADATA_SCHEMAS[item.item_type].safeParse(item.metadata ?? {}, PARSE_PARAMS);
    if (!result.success) issues.push(...validationErrorFromZod(result.error, `items.${i}.metadata`).issues);
    return (result.data ?? {}) as Record<string, unknown>;
  });
  if (issues.length > 0) {
    throw new ValidationError(`the plan was not created — ${issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ')}${issues.length > 5 ? ` (+${issues.length - 5} more)` : ''}`, issues);
  }
  const at = nowIso(env);
  return env.store.transaction(
    async (tx) => {
      const root = input.parent_id ? await requireItem(tx, input.parent_id, { role: 'parent work item' }) : null;
      // Names that are not refs of the batch must be existing items (UUIDs or short ids).
      const refs = new Set(input.items.map((i) => i.ref));
      const outside = [...new Set(input.items.flatMap((i) => [...(i.parent === undefined ? [] : [i.parent]), ...(i.depends_on ?? [])]).filter((v) => !refs.has(v)))];
      const resolved = await resolveExactRefs(tx, outside);
      const found = await tx.getWorkItems([...new Set([...resolved.values()].filter((v): v is string => v !== null))]);
      const external = new Map<string, ExternalItem | null>();
      for (const name of outside) {
        const item = found.find((f) => f.id === resolved.get(name));
        external.set(name, item ? { id: item.id, depth: item.depth, deleted: item.deleted_at !== null } : null);
      }
      const plan = planBatch(input.items, root ? root.depth + 1 : 0, external);

      const ids = input.items.map(() => env.newId());
      const paths: string[] = new Array<string>(input.items.length);
      const parentIds: (string | null)[] = new Array<string | null>(input.items.length);
      const externalPaths = new Map(found.map((f) => [f.id, f.path]));
      for (const i of plan.order) {
        const parent = plan.parents[i];
        const parentId = parent ? ('index' in parent ? ids[parent.index]! : parent.id) : (root?.id ?? null);
        const parentPath = parent ? ('index' in parent ? paths[parent.index]! : externalPaths.get(parent.id)!) : (root?.path ?? '');
        parentIds[i] = parentId;
        paths[i] = `${parentPath}/${ids[i]}`;
      }
      const rows: WorkItem[] = plan.order.map((i) => {
        const p = input.items[i]!;
        return newWorkItem(env, at, {
          id: ids[i]!,
          item_type: p.item_type,
          title: p.title,
          status: 'active',
          parent_id: parentIds[i]!,
          path: paths[i]!,
          depth: plan.depths[i]!,
          branch_name: null,
          commit_hash: null,
          pr_number: null,
          metadata: metadata[i]!,
          labels: p.labels ?? [],
          assignee: null,
          priority: p.priority ?? DEFAULT_PRIORITY,
        });
      });
      const stored = await tx.insertWorkItems(rows);
      const byId = new Map(stored.map((s) => [s.id, s]));
      const history: HistoryEntry[] = stored.map((item) => historyEntry(env, 'work_item', item.id, 1, 'create', null, item, at));
      for (const edge of plan.edges) {
        const dep: StoredDependency = {
          id: env.newId(),
          source_id: ids[edge.after]!,
          target_id: 'index' in edge.before ? ids[edge.before.index]! : edge.before.id,
          dependency_type: 'depends_on',
          created_at: at,
          created_by: env.actor,
        };
        await tx.insertDependency(dep);
        const link = { source_id: dep.source_id, target_id: dep.target_id, dependency_type: dep.dependency_type };
        history.push({ id: env.newId(), entity_type: 'dependency', entity_id: dep.id, version: 1, action: 'link', actor: env.actor, at, changes: { dependency: { old: null, new: link } } });
      }
      await tx.appendHistory(history);
      return {
        items: input.items.map((p, i) => ({ ref: p.ref, ...toWorkItemSummary(byId.get(ids[i]!)!) })),
        dependencies: plan.edges.length,
      };
    },
    { lock: 'hierarchy' },
  );
}
