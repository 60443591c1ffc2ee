import { mustFinishBefore, type DependencyEdge } from '../dependency/rules.js';
import { isActionable } from '../hierarchy/nesting.js';
import type { WorkOutline } from '../ports/store.js';
import type { WorkItem } from '../work-item/schema.js';

/** The outline row of a whole item (when the caller already holds whole items, e.g. from a snapshot). */
export function toWorkOutline(item: WorkItem): WorkOutline {
  const reason = item.metadata.blocked_reason;
  return {
    id: item.id,
    item_type: item.item_type,
    title: item.title,
    status: item.status,
    parent_id: item.parent_id,
    path: item.path,
    depth: item.depth,
    branch_name: item.branch_name,
    assignee: item.assignee,
    priority: item.priority,
    created_at: item.created_at,
    blocked_reason: item.status === 'blocked' && typeof reason === 'string' ? reason : null,
  };
}

/** One line of the indented work tree. */
export interface TreeLine {
  item: WorkOutline;
  /** Indentation level: 0 for a root. */
  level: number;
}

/** What the report shows about work: the unfinished tree, what is blocked and by what, and what is ready. */
export interface WorkView {
  /** Unfinished items with their ancestors (for context), depth-first, siblings oldest first. */
  tree: TreeLine[];
  blocked: { item: WorkOutline; blockers: WorkOutline[] }[];
  /** Ready tasks and research, most urgent first, then highest in the tree (like `list_ready_work`, assigned ones included). */
  ready: WorkOutline[];
}

/** Plain code-unit comparison: ISO timestamps and UUIDs sort correctly by it, and it is far cheaper than localeCompare at 120 000 rows. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Names as people read them: runs of digits compare by value, so `acme_4`
 * comes before `acme_10`; otherwise code units, letter case ignored; ties by
 * code units, so the order is total and the same on every machine.
 */
export function compareNatural(a: string, b: string): number {
  const split = (s: string) => s.toLowerCase().match(/\d+|\D+/g) ?? [];
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p === q) continue;
    if (/^\d/.test(p) && /^\d/.test(q)) {
      const [m, n] = [p.replace(/^0+/, ''), q.replace(/^0+/, '')];
      const byValue = m.length - n.length || compareText(m, n);
      if (byValue !== 0) return byValue;
      continue; // the same number written with other leading zeros: the rest decides
    }
    return compareText(p, q);
  }
  return x.length - y.length || compareText(a, b);
}

const byPosition = (a: WorkOutline, b: WorkOutline): number => a.depth - b.depth || compareText(a.created_at, b.created_at) || compareText(a.id, b.id);

/**
 * Derives the work sections of the report from the live unfinished items
 * (plus their ancestors) and every edge, in memory: one pass over the edges
 * instead of one query per item, which is what keeps the report under a
 * second at 120 000 items. The rules are the ones `list_ready_work` and
 * `claim_work_item` apply in SQL: an unfinished item waited on blocks;
 * completed, deleted and archived ones do not — and those are exactly the
 * items absent from (or completed in) the outline.
 */
export function buildWorkView(items: readonly WorkOutline[], edges: readonly DependencyEdge[]): WorkView {
  const byId = new Map<string, WorkOutline>();
  for (const item of items) byId.set(item.id, item);

  const waitsFor = new Map<string, WorkOutline[]>();
  for (const edge of edges) {
    const { before, after } = mustFinishBefore(edge);
    const blocker = byId.get(before);
    if (!blocker || blocker.status === 'completed' || !byId.has(after)) continue;
    const list = waitsFor.get(after);
    if (list) list.push(blocker);
    else waitsFor.set(after, [blocker]);
  }

  const sorted = [...byId.values()].sort(byPosition);
  const blocked: WorkView['blocked'] = [];
  const ready: WorkOutline[] = [];
  const shown = new Set<string>();
  for (const item of sorted) {
    if (item.status === 'completed') continue;
    const blockers = waitsFor.get(item.id) ?? [];
    if (item.status === 'blocked' || blockers.length) blocked.push({ item, blockers: blockers.sort(byPosition) });
    else if (isActionable(item.item_type)) ready.push(item);
    // An unfinished item brings its ancestors into the tree so it appears where it lives.
    for (let id: string | null = item.id; id && !shown.has(id); id = byId.get(id)?.parent_id ?? null) shown.add(id);
  }
  ready.sort((a, b) => a.priority - b.priority); // stable: equal priorities keep the tree order

  const children = new Map<string, WorkOutline[]>();
  const roots: WorkOutline[] = [];
  for (const item of sorted) {
    if (!shown.has(item.id)) continue;
    const parent = item.parent_id && shown.has(item.parent_id) ? item.parent_id : null;
    if (!parent) roots.push(item);
    else {
      const list = children.get(parent);
      if (list) list.push(item);
      else children.set(parent, [item]);
    }
  }
  const tree: TreeLine[] = [];
  const stack: TreeLine[] = roots.map((item) => ({ item, level: 0 })).reverse();
  while (stack.length) {
    const line = stack.pop()!;
    tree.push(line);
    const kids = children.get(line.item.id);
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push({ item: kids[i]!, level: line.level + 1 });
  }
  return { tree, blocked, ready };
}
