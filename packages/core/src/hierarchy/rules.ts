import { ValidationError } from '../errors/domain-error.js';
import { MAX_DEPTH } from '../work-item/schema.js';

/** The part of a work item the hierarchy rules look at. */
export interface TreeNode {
  id: string;
  path: string;
  depth: number;
}

/** Where a new item sits: its materialized path and depth under `parent` (or as a root). */
export function placeUnder(parent: TreeNode | null, id: string): { path: string; depth: number } {
  const depth = parent ? parent.depth + 1 : 0;
  if (depth > MAX_DEPTH) {
    throw ValidationError.rule(
      `parent ${parent?.id} is at depth ${parent?.depth}; a child would be at depth ${depth}, but the hierarchy allows at most depth ${MAX_DEPTH}. Attach the item higher up.`,
      { parent_id: parent?.id, depth, max_depth: MAX_DEPTH },
    );
  }
  return { path: parent ? `${parent.path}/${id}` : `/${id}`, depth };
}

/** Ids on the path from the root down to (not including) the node itself. */
export function ancestorIds(path: string): string[] {
  const ids = path.split('/').filter(Boolean);
  ids.pop();
  return ids;
}

/** True when `candidate` is `node` or lies inside its subtree. */
export function isInSubtree(node: TreeNode, candidate: TreeNode): boolean {
  return candidate.id === node.id || candidate.path.startsWith(`${node.path}/`);
}

/** What a re-parent changes: the moved node's new path/depth and how the subtree shifts. */
export interface MovePlan {
  path: string;
  depth: number;
  /** Prefix every descendant path starts with today. */
  oldPrefix: string;
  /** Prefix that replaces it. */
  newPrefix: string;
  depthDelta: number;
}

/**
 * Checks and plans moving `node` (whose subtree reaches `subtreeMaxDepth`)
 * under `newParent` (null = make it a root). Rejects self-ancestry and any
 * move that would push a descendant past depth 5.
 */
export function planMove(node: TreeNode, subtreeMaxDepth: number, newParent: TreeNode | null): MovePlan {
  if (newParent && isInSubtree(node, newParent)) {
    throw ValidationError.rule(
      newParent.id === node.id
        ? `work item ${node.id} cannot be its own parent`
        : `cannot move work item ${node.id} under ${newParent.id}: that item is inside its own subtree, so the item would become its own ancestor`,
      { id: node.id, parent_id: newParent.id },
    );
  }
  const depth = newParent ? newParent.depth + 1 : 0;
  const deepest = depth + (subtreeMaxDepth - node.depth);
  if (deepest > MAX_DEPTH) {
    throw ValidationError.rule(
      `moving work item ${node.id} under ${newParent?.id ?? '(root)'} would put its deepest descendant at depth ${deepest}; the hierarchy allows at most depth ${MAX_DEPTH}`,
      { id: node.id, parent_id: newParent?.id ?? null, resulting_depth: deepest, max_depth: MAX_DEPTH },
    );
  }
  const path = newParent ? `${newParent.path}/${node.id}` : `/${node.id}`;
  return { path, depth, oldPrefix: node.path, newPrefix: path, depthDelta: depth - node.depth };
}

/** Rewrites one descendant's path after a move. */
export function rewritePath(path: string, plan: Pick<MovePlan, 'oldPrefix' | 'newPrefix'>): string {
  if (path !== plan.oldPrefix && !path.startsWith(`${plan.oldPrefix}/`)) return path;
  return plan.newPrefix + path.slice(plan.oldPrefix.length);
}

/** A node of a nested tree returned by hierarchy queries. */
export type Nested<T> = T & { children: Nested<T>[] };

/**
 * Nests flat descendants (any order) under `rootId`, keeping each level in
 * the order the rows came in.
 */
export function nestTree<T extends { id: string; parent_id?: string | null }>(rootId: string, rows: T[]): Nested<T>[] {
  const byParent = new Map<string, T[]>();
  for (const row of rows) {
    const parent = row.parent_id ?? '';
    const list = byParent.get(parent);
    if (list) list.push(row);
    else byParent.set(parent, [row]);
  }
  const build = (parentId: string): Nested<T>[] =>
    (byParent.get(parentId) ?? []).map((row) => ({ ...row, children: build(row.id) }));
  return build(rootId);
}
