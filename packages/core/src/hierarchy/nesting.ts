import { ValidationError } from '../errors/domain-error.js';
import { ACTIONABLE_TYPES, type ItemType } from '../work-item/schema.js';

/**
 * Which item types may sit under which. `null` stands for the root.
 *
 * - a project is a root: projects group work, they do not nest;
 * - a session lives under a project, or at the root (the legacy import and
 *   a project without projects create root sessions);
 * - tasks and research are the actionable items: they may stand alone at the
 *   root (a flat backlog, as in beads or Backlog.md) or nest under a project,
 *   a session, a task or a research item (subtasks).
 *
 * The rule is checked when an item is created or moved, never when a
 * database is opened: rows written before the rule existed stay readable.
 */
export const ALLOWED_PARENTS: Readonly<Record<ItemType, readonly (ItemType | null)[]>> = {
  project: [null],
  session: [null, 'project'],
  task: [null, 'project', 'session', 'task', 'research'],
  research: [null, 'project', 'session', 'task', 'research'],
};

const where = (t: ItemType | null) => (t === null ? 'the root' : `a ${t}`);

/** Throws VALIDATION_ERROR when an item of `childType` may not sit under `parent` (null = the root). */
export function checkNesting(childType: ItemType, parent: { id: string; item_type: ItemType } | null): void {
  const allowed = ALLOWED_PARENTS[childType];
  const parentType = parent?.item_type ?? null;
  if (allowed.includes(parentType)) return;
  const places = allowed.map(where);
  throw ValidationError.rule(
    `a ${childType} cannot be placed under ${parent ? `${where(parentType)} (${parent.id})` : 'the root'}: a ${childType} belongs under ${places.length > 1 ? `${places.slice(0, -1).join(', ')} or ${places.at(-1)}` : places[0]}`,
    { reason: 'nesting', item_type: childType, parent_id: parent?.id ?? null, parent_type: parentType, allowed_parents: allowed.map((t) => t ?? 'root') },
  );
}

/** True for the item types ready work lists and a claim may take (tasks and research). */
export function isActionable(itemType: ItemType): boolean {
  return (ACTIONABLE_TYPES as readonly ItemType[]).includes(itemType);
}
