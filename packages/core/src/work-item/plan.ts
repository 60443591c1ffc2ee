import { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors/domain-error.js';
import { Actor } from '../primitives/schemas.js';
import { ItemType, Labels, MetadataInput, Priority, Title, WorkItemSummary, MAX_DEPTH } from './schema.js';
import { WorkItemRef } from './short-id.js';
import { lazySchema } from '../primitives/lazy-schema.js';

/** Most items one create_work_items call takes. */
export const MAX_PLANNED_ITEMS = 500;

/** A local name for an item of the batch, used by `parent` and `depends_on`. */
const LocalRef = lazySchema(() => z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters'));

/** One item of a planned batch: a new, active item (status, branch and the like are set later with update_work_item). */
export const PlannedItem = lazySchema(() => z.strictObject({
  ref: LocalRef,
  item_type: ItemType,
  title: Title,
  parent: LocalRef.optional(),
  metadata: MetadataInput.optional(),
  priority: Priority.optional(),
  labels: Labels.optional(),
  depends_on: z.array(LocalRef).max(50).optional(),
}));
export type PlannedItem = z.infer<typeof PlannedItem>;

export const CreateWorkItemsInput = lazySchema(() => z.strictObject({
  parent_id: WorkItemRef.optional(),
  items: z.array(PlannedItem).min(1, 'plan at least one item').max(MAX_PLANNED_ITEMS, `at most ${MAX_PLANNED_ITEMS} items per call`),
  created_by: Actor.optional(),
}));
export type CreateWorkItemsInput = z.infer<typeof CreateWorkItemsInput>;

export const CreateWorkItemsResult = lazySchema(() => z.object({
  items: z.array(WorkItemSummary.extend({ ref: z.string() })),
  dependencies: z.int(),
}));

/** An item outside the batch that a `parent` or `depends_on` names. */
export interface ExternalItem {
  id: string;
  depth: number;
  deleted: boolean;
}

/** The batch checked as a whole: items ordered parents first, with their depth and dependency edges. */
export interface BatchPlan {
  /** Indexes into `items`, every parent before its children. */
  order: number[];
  /** Per item: the batch index or external id of its parent (null: `parent_id` of the call, or a root). */
  parents: ({ index: number } | { id: string } | null)[];
  depths: number[];
  /** "before must finish before after", by batch index or external id. */
  edges: { before: { index: number } | { id: string }; after: number }[];
}

/**
 * Checks a planned batch as a whole and reports every problem at once (each
 * with its `items.N.field` path): duplicate refs, unknown references, a parent
 * loop, depth beyond {@link MAX_DEPTH}, and a dependency cycle, named by its
 * refs. `parent` and `depends_on` name a ref of the batch first, else an
 * existing item (`external`, resolved by the caller from UUIDs and short ids).
 */
export function planBatch(items: readonly PlannedItem[], rootDepth: number, external: ReadonlyMap<string, ExternalItem | null>): BatchPlan {
  const issues: FieldIssue[] = [];
  const byRef = new Map<string, number>();
  items.forEach((item, i) => {
    if (byRef.has(item.ref)) issues.push({ path: `items.${i}.ref`, message: `"${item.ref}" is already the ref of items.${byRef.get(item.ref)}` });
    else byRef.set(item.ref, i);
  });
  const resolve = (value: string, path: string): { index: number } | { id: string } | undefined => {
    const index = byRef.get(value);
    if (index !== undefined) return { index };
    const found = external.get(value);
    if (!found) issues.push({ path, message: `"${value}" is neither a ref of this batch nor an existing work item` });
    else if (found.deleted) issues.push({ path, message: `work item ${found.id} is deleted; restore it first` });
    else return { id: found.id };
    return undefined;
  };

  const parents = items.map((item, i) => (item.parent === undefined ? null : (resolve(item.parent, `items.${i}.parent`) ?? null)));
  const depths = new Array<number>(items.length).fill(-1);
  const order: number[] = [];
  const depthOf = (i: number, trail: number[]): number => {
    if (depths[i]! >= 0) return depths[i]!;
    if (trail.includes(i)) {
      const loop = [...trail.slice(trail.indexOf(i)), i].map((j) => items[j]!.ref);
      issues.push({ path: `items.${i}.parent`, message: `parents form a loop: ${loop.join(' → ')}` });
      return (depths[i] = 0);
    }
    const parent = parents[i];
    let depth: number;
    if (parent && 'index' in parent) depth = depthOf(parent.index, [...trail, i]) + 1;
    else if (parent && 'id' in parent) depth = external.get(items[i]!.parent!)!.depth + 1;
    else depth = rootDepth;
    if (depth > MAX_DEPTH && depths[i]! < 0) issues.push({ path: `items.${i}.parent`, message: `"${items[i]!.ref}" would be at depth ${depth}; at most ${MAX_DEPTH} levels are allowed` });
    depths[i] = depth;
    order.push(i);
    return depth;
  };
  items.forEach((_, i) => depthOf(i, []));

  const edges: BatchPlan['edges'] = [];
  items.forEach((item, i) => {
    (item.depends_on ?? []).forEach((value, k) => {
      const before = resolve(value, `items.${i}.depends_on.${k}`);
      if (!before) return;
      if ('index' in before && before.index === i) issues.push({ path: `items.${i}.depends_on.${k}`, message: `"${item.ref}" cannot depend on itself` });
      else edges.push({ before, after: i });
    });
  });
  const cycle = findBatchCycle(items.length, edges);
  if (cycle) issues.push({ path: 'items', message: `dependencies form a cycle: ${cycle.map((i) => items[i]!.ref).join(' → ')}` });

  if (issues.length > 0) {
    const summary = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
    const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
    throw new ValidationError(`the plan was not created — ${summary}${more}`, issues, cycle ? { cycle: cycle.map((i) => items[i]!.ref) } : {});
  }
  return { order, parents, depths, edges };
}

/**
 * A cycle among the batch's own items, as batch indexes in must-finish-before
 * order (first = last), or null. Items outside the batch cannot be on one: no
 * existing item can wait for an item that does not exist yet.
 */
function findBatchCycle(count: number, edges: BatchPlan['edges']): number[] | null {
  const next = Array.from({ length: count }, () => [] as number[]);
  for (const e of edges) if ('index' in e.before) next[e.before.index]!.push(e.after);
  const state = new Array<0 | 1 | 2>(count).fill(0);
  const stack: number[] = [];
  const visit = (n: number): number[] | null => {
    state[n] = 1;
    stack.push(n);
    for (const m of next[n]!) {
      if (state[m] === 1) return [...stack.slice(stack.indexOf(m)), m];
      if (state[m] === 0) {
        const found = visit(m);
        if (found) return found;
      }
    }
    stack.pop();
    state[n] = 2;
    return null;
  };
  for (let n = 0; n < count; n++) {
    if (state[n] === 0) {
      const found = visit(n);
      if (found) return found;
    }
  }
  return null;
}
