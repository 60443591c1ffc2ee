import { z } from 'zod';
import { ValidationError } from '../errors/domain-error.js';
import { lazySchema } from '../primitives/lazy-schema.js';

export const DEPENDENCY_TYPES = ['blocks', 'depends_on'] as const;
export const DependencyType = lazySchema(() => z.enum(DEPENDENCY_TYPES));
export type DependencyType = z.infer<typeof DependencyType>;

/** A stored dependency edge, as the client stated it. */
export interface DependencyEdge {
  source_id: string;
  target_id: string;
  dependency_type: DependencyType;
}

/**
 * Both edge types mean "one item must finish before another":
 * `A blocks B` → A before B; `A depends_on B` → B before A.
 */
export function mustFinishBefore(edge: DependencyEdge): { before: string; after: string } {
  return edge.dependency_type === 'blocks'
    ? { before: edge.source_id, after: edge.target_id }
    : { before: edge.target_id, after: edge.source_id };
}

/** Given ids, returns for each the ids that must finish after it. */
export type SuccessorLookup = (ids: string[]) => Promise<Map<string, string[]>>;

/**
 * Finds the cycle that adding `edge` would close, or null. Searches from the
 * edge's "after" end for a path back to its "before" end, one frontier per
 * store round trip. The cycle is returned as ids in must-finish-before order,
 * starting and ending with the same id.
 */
export async function findCycle(edge: DependencyEdge, successors: SuccessorLookup): Promise<string[] | null> {
  const { before, after } = mustFinishBefore(edge);
  if (before === after) return [before, before];
  const cameFrom = new Map<string, string>([[after, before]]);
  let frontier = [after];
  while (frontier.length > 0) {
    const next: string[] = [];
    const found = await successors(frontier);
    for (const node of frontier) {
      for (const succ of found.get(node) ?? []) {
        if (cameFrom.has(succ)) continue;
        cameFrom.set(succ, node);
        if (succ === before) {
          const cycle = [before];
          let cur = before;
          do {
            cur = cameFrom.get(cur)!;
            cycle.push(cur);
          } while (cur !== before);
          return cycle.reverse();
        }
        next.push(succ);
      }
    }
    frontier = next;
  }
  return null;
}

/** The error for an edge that would close a cycle. */
export function cycleError(edge: DependencyEdge, cycle: string[]): ValidationError {
  const self = cycle.length === 2 && cycle[0] === cycle[1];
  return ValidationError.rule(
    self
      ? `a work item cannot depend on itself (${edge.source_id})`
      : `adding "${edge.source_id} ${edge.dependency_type} ${edge.target_id}" would create a dependency cycle: ${cycle.join(' → ')} (each must finish before the next)`,
    { cycle, source_id: edge.source_id, target_id: edge.target_id, dependency_type: edge.dependency_type },
  );
}

/** The part of an item readiness looks at. */
export interface ReadinessFacts {
  status: 'active' | 'completed' | 'blocked';
  deleted_at: string | null;
}

/** An item waited on stops blocking once completed or deleted (archived items are gone from the live graph). */
export function isFinished(item: ReadinessFacts): boolean {
  return item.status === 'completed' || item.deleted_at !== null;
}

/** Ready = active, not deleted, and everything it waits for is finished. */
export function isReady(item: ReadinessFacts, waitsFor: ReadinessFacts[]): boolean {
  return item.status === 'active' && item.deleted_at === null && waitsFor.every(isFinished);
}
