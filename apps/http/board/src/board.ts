import { ApiError, collect, get } from './api.js';
import { h, mount } from './dom.js';
import type { Change } from './live.js';
import type { Item, ItemDetail, Page } from './types.js';

/**
 * The board: four columns filled by the API's own list operations, a page
 * at a time (never the whole project):
 * - Ready — `GET /work-items/ready` (list_ready_work: active, unheld, nothing unfinished to wait for);
 * - In progress — active items someone holds (`GET /work-items?status=active&held=true`, with `assignee` when filtered);
 * - Blocked — `status=blocked`; Done — `status=completed`.
 * A search replaces the lists with `GET /work-items/search`, split by status.
 */

export interface Filters {
  within?: string;
  label?: string;
  assignee?: string;
  type?: string;
  q?: string;
}

type ColumnKey = 'ready' | 'progress' | 'blocked' | 'done';

interface Column {
  key: ColumnKey;
  title: string;
  items: Item[];
  /** Total when the API says it; undefined when only "more may exist" is known. */
  total?: number;
  more: boolean;
  offset: number;
}

const PAGE = 25;
/** Pages of 100 ready items read per click for a label filter on Ready (which list_ready_work cannot do). */
const READY_SCAN = 10;

/** The work status a column lists (Ready and In progress are both active items). */
const statusOf = (col: ColumnKey) => (col === 'done' ? 'completed' : col === 'blocked' ? 'blocked' : 'active');

const COLUMNS: [ColumnKey, string][] = [
  ['ready', 'Ready'],
  ['progress', 'In progress'],
  ['blocked', 'Blocked'],
  ['done', 'Done'],
];

function base(f: Filters): Record<string, string | undefined> {
  return { label: f.label, assignee: f.assignee, item_type: f.type, detail: 'full' };
}

/** Items in the subtree `within` (the tree route), newest update first; the API pages nothing here, so it is cached. */
const subtreeCache = new Map<string, Promise<Item[]>>();
async function subtree(within: string): Promise<Item[]> {
  let hit = subtreeCache.get(within);
  if (!hit) {
    hit = get<{ descendants: Item[] }>(`/work-items/${encodeURIComponent(within)}/tree`).then((r) => {
      const out: Item[] = [];
      const walk = (nodes: Item[]) => nodes.forEach((n) => (out.push(n), walk(n.children ?? [])));
      walk(r.descendants);
      return out.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    });
    subtreeCache.set(within, hit);
  }
  return hit;
}

/** Children of `parent` carrying `label`, as full rows by id (cached like the subtree). */
const labelCache = new Map<string, Promise<Map<string, Item>>>();
function labelledChildren(parent: string, label: string): Promise<Map<string, Item>> {
  const key = `${parent}\n${label}`;
  let hit = labelCache.get(key);
  if (!hit) {
    hit = collect<Item>('/work-items', { parent_id: parent, label, detail: 'full' }, 'items', Number.POSITIVE_INFINITY).then((items) => new Map(items.map((i) => [i.id, i])));
    labelCache.set(key, hit);
  }
  return hit;
}

/** Someone holds `item` now: assigned, and the claim's lease (if any) has not lapsed — the API's `held` filter, by this page's clock. */
function held(item: Item): boolean {
  return !!item.assignee && (!item.lease_expires_at || Date.parse(item.lease_expires_at) > Date.now());
}

function keep(col: ColumnKey, item: Item, f: Filters): boolean {
  if (f.type && item.item_type !== f.type) return false;
  if (f.assignee && item.assignee !== f.assignee) return false;
  if (f.label && item.labels && !item.labels.includes(f.label)) return false;
  if (col === 'progress') return item.status === 'active' && held(item);
  if (col === 'ready') return item.status === 'active' && !held(item);
  return item.status === statusOf(col);
}

/** Whether a column's list asks for held items (In progress), unheld ones (Ready, when searching) or either. */
function heldFor(col: ColumnKey): boolean | undefined {
  return col === 'progress' ? true : col === 'ready' ? false : undefined;
}

async function loadColumn(col: Column, f: Filters): Promise<void> {
  const add = (items: Item[], more: boolean, total?: number) => {
    // A live change may have moved a card into the part already shown: never twice.
    const shown = new Set(col.items.map((i) => i.id));
    col.items.push(...items.filter((i) => !shown.has(i.id)));
    col.more = more;
    col.total = total;
  };
  if (f.q) {
    const r = await get<Page<Item>>('/work-items/search', { ...base(f), q: f.q, status: statusOf(col.key), held: heldFor(col.key), parent_id: undefined, limit: 100, offset: col.offset });
    col.offset += r.items.length;
    const items = r.items.filter((i) => keep(col.key, i, { ...f, label: undefined }));
    // Ready's rows are only the unheld ones: what waits for something unfinished is among them, so no count.
    add(items, col.offset < r.total_count, col.key === 'ready' ? undefined : r.total_count);
    return;
  }
  if (col.key === 'ready') {
    // list_ready_work pages with offset, in its own order (priority, depth, creation).
    if (f.type && f.type !== 'task' && f.type !== 'research') return add([], false);
    // It has no label filter: with one, read pages of 100 until a page of matches is found or the list ends,
    // at most READY_SCAN pages per click (then "show more" goes on from where it stopped); without, one page.
    const size = f.label ? 100 : PAGE;
    const picked: Item[] = [];
    let more = true;
    for (let n = 0; n < (f.label ? READY_SCAN : 1) && more && picked.length < PAGE; n++) {
      const r = await get<{ items: Item[]; count: number }>('/work-items/ready', { parent_id: f.within, item_type: f.type, detail: 'full', limit: size, offset: col.offset || undefined });
      col.offset += r.items.length;
      more = r.items.length === size;
      picked.push(...r.items.filter((i) => keep('ready', i, f)));
    }
    add(picked, more);
    return;
  }
  if (f.within) {
    const all = (await subtree(f.within)).filter((i) => keep(col.key, i, { ...f, label: undefined }));
    if (!f.label) {
      add(all.slice(col.offset, col.offset + PAGE), col.offset + PAGE < all.length, all.length);
      col.offset += PAGE;
      return;
    }
    // The tree's rows carry no labels: each card's parent is asked for its children with the label
    // (full rows, cached per parent), in the column's order, until a page is full.
    const picked: Item[] = [];
    let at = col.offset;
    while (picked.length < PAGE && at < all.length) {
      const chunk = all.slice(at, at + PAGE);
      const found = await Promise.all(chunk.map((i) => labelledChildren(i.parent_id ?? '', f.label!)));
      chunk.forEach((i, n) => {
        const full = found[n]!.get(i.id);
        if (full && picked.length < PAGE) picked.push(full);
      });
      at += chunk.length;
    }
    col.offset = at;
    add(picked, at < all.length);
    return;
  }
  // In progress asks the API for the active items someone holds (held=true): one page and a count, like the others.
  const r = await get<Page<Item>>('/work-items', { ...base(f), status: statusOf(col.key), held: heldFor(col.key), limit: PAGE, offset: col.offset });
  col.offset += r.items.length;
  add(r.items, col.offset < r.total_count, r.total_count);
}

/** Unfinished prerequisites of each card in the columns that can have them (fetched after the first render). */
const blockedBy = new Map<string, number>();

function card(item: Item, col: ColumnKey): HTMLElement {
  const count = blockedBy.get(item.id);
  return h(
    'li',
    { class: 'card', 'data-id': item.id, 'data-status': item.status },
    h(
      'a',
      { href: `#/item/${item.id}`, class: 'card-link', 'data-col': col },
      h('span', { class: `type type-${item.item_type}` }, item.item_type),
      ' ',
      h('span', { class: 'short-id' }, item.short_id),
      h('span', { class: 'title' }, item.title),
    ),
    h(
      'div',
      { class: 'card-meta' },
      item.assignee ? h('span', { class: 'assignee' }, '@', item.assignee) : null,
      (item.labels ?? []).map((l) => h('span', { class: 'label' }, l)),
      count ? h('span', { class: 'blocked-by', title: 'unfinished items it waits for' }, `blocked by ${count}`) : null,
      h('span', { class: 'priority' }, `P${item.priority}`),
    ),
  );
}

export interface BoardView {
  el: HTMLElement;
  /** Applies live changes (coalesced by the caller) to the cards shown. */
  changed: (batch: Change[]) => Promise<void>;
}

export function boardView(f: Filters, onFilters: (f: Filters) => void): BoardView {
  subtreeCache.clear();
  labelCache.clear();
  const columns: Column[] = COLUMNS.map(([key, title]) => ({ key, title, items: [], more: false, offset: 0 }));
  const grid = h('div', { class: 'columns', 'aria-busy': 'true' });
  const status = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });

  const renderColumn = (col: Column) => {
    const headingId = `col-${col.key}`;
    const count = col.total !== undefined ? `${col.total}` : `${col.items.length}${col.more ? '+' : ''}`;
    return h(
      'section',
      { class: `column column-${col.key}`, 'aria-labelledby': headingId, 'data-col': col.key },
      h('h2', { id: headingId }, col.title, ' ', h('span', { class: 'count' }, `(${count})`)),
      col.items.length ? h('ol', { class: 'cards' }, col.items.map((i) => card(i, col.key))) : h('p', { class: 'empty' }, col.more ? 'None found so far.' : 'Nothing here.'),
      col.more
        ? h(
            'button',
            {
              type: 'button',
              class: 'more',
              onclick: async () => {
                await loadColumn(col, f);
                render();
                void enrich();
              },
            },
            `Show more ${col.title.toLowerCase()}`,
          )
        : null,
    );
  };
  const render = () => {
    const focused = (document.activeElement as HTMLElement | null)?.closest('.card')?.getAttribute('data-id');
    mount(grid, columns.map(renderColumn));
    grid.setAttribute('aria-busy', 'false');
    if (focused) (grid.querySelector(`.card[data-id="${CSS.escape(focused)}"] a`) as HTMLElement | null)?.focus();
  };

  // The count of unfinished prerequisites, for cards that can wait on something.
  const enrich = async () => {
    const ids = columns.filter((c) => c.key === 'progress' || c.key === 'blocked').flatMap((c) => c.items.map((i) => i.id)).filter((id) => !blockedBy.has(id));
    let changed = false;
    const queue = [...ids];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) {
          const deps = await get<{ waits_for: { unfinished?: true }[] }>(`/work-items/${id}/dependencies`).catch(() => null);
          if (!deps) continue;
          blockedBy.set(id, deps.waits_for.filter((d) => d.unfinished).length);
          changed = true;
        }
      }),
    );
    if (changed) render();
  };

  const load = async (keepCounts: boolean, only?: ReadonlySet<ColumnKey>) => {
    await Promise.all(
      columns.filter((col) => !only || only.has(col.key)).map(async (col) => {
        const want = keepCounts ? Math.max(col.items.length, 1) : 1;
        col.items = [];
        col.offset = 0;
        col.more = false;
        try {
          // The first render waits for one page per column; a refresh keeps each column's length.
          do await loadColumn(col, f);
          while (keepCounts && col.more && col.items.length < want);
        } catch (error) {
          col.items = [];
          col.more = false;
          status.textContent = `${col.title}: ${(error as ApiError).message}`;
        }
      }),
    );
    render();
    if (keepCounts) return;
    // Milliseconds from navigation start to the first render with data: the bench reads it.
    document.documentElement.dataset.boardLoaded = String(Math.round(performance.now()));
    void fill();
    void enrich();
  };

  const { form, fill } = filterForm(f, onFilters);
  const el = h('div', { class: 'board' }, form, status, grid);
  el.addEventListener('keydown', (e) => arrowNavigation(e, grid));
  /** The column `item` belongs in by its own fields, or none (filtered out, deleted, or not ready). */
  const home = (item: Item, ready: boolean): ColumnKey | undefined => {
    if (item.deleted_at) return undefined;
    if (f.within && !(item.path ?? '').includes(`/${f.within}/`)) return undefined;
    const col: ColumnKey = item.status === 'completed' ? 'done' : item.status === 'blocked' ? 'blocked' : held(item) ? 'progress' : 'ready';
    if (col === 'ready' && (!ready || (item.item_type !== 'task' && item.item_type !== 'research'))) return undefined;
    return keep(col, item, f) ? col : undefined;
  };

  /**
   * A live change touches only what changed: each changed item is read once
   * (`GET /work-items/{id}`, which also says whether it is ready and what it
   * waits for) and its card is moved, updated or removed in place. A column is
   * read again only when the change can alter cards the page does not hold:
   * Ready when an item finishes, comes back, is deleted or a dependency moves
   * (what waited on it may become ready), Blocked/Done when an item the page
   * did not show enters them (their count). A search reloads everything
   * (its order is relevance).
   */
  const applyChanges = async (batch: Change[]) => {
    // A column read again below must see the subtree as it is now.
    subtreeCache.clear();
    labelCache.clear();
    if (f.q) {
      blockedBy.clear();
      return load(true);
    }
    const reload = new Set<ColumnKey>();
    if (batch.some((c) => c.entity_type === 'dependency')) {
      reload.add('ready');
      blockedBy.clear();
    }
    const ids = [...new Set(batch.filter((c) => c.entity_type === 'work_item').map((c) => c.entity_id))];
    const fresh = await Promise.all(
      ids.map((id) =>
        get<ItemDetail>(`/work-items/${encodeURIComponent(id)}`).catch((error: unknown) => {
          if (error instanceof ApiError && error.status === 404) return id;
          throw error;
        }),
      ),
    );
    for (const answer of fresh) {
      const id = typeof answer === 'string' ? answer : answer.item.id;
      const item = typeof answer === 'string' ? undefined : answer.item;
      let old: Item | undefined;
      for (const col of columns) {
        const at = col.items.findIndex((i) => i.id === id);
        if (at < 0) continue;
        old = col.items[at];
        col.items.splice(at, 1);
        col.offset = Math.max(0, col.offset - 1); // what "show more" asks next moved up by one
        if (col.total !== undefined) col.total--;
      }
      const now = item && typeof answer !== 'string' ? home(item, answer.ready) : undefined;
      if (item && typeof answer !== 'string') blockedBy.set(id, answer.dependencies.waits_for.filter((d) => d.unfinished).length);
      // What waits on it may have become ready (or stopped being so): only if something waits on it at
      // all, and it finished or came back (or the page cannot tell, not having shown it).
      const finished = (i: Item | undefined) => !i || !!i.deleted_at || i.status === 'completed';
      const waited = typeof answer === 'string' || answer.dependencies.blocks.length > 0;
      if (waited && (!old || finished(old) !== finished(item))) reload.add('ready');
      if (!item || !now) continue;
      const col = columns.find((c) => c.key === now)!;
      if (now === 'ready') {
        // Ready's order: priority, depth, creation, id (list_ready_work); past the last card shown it waits for "show more".
        const key = (i: Item) => [i.priority, i.depth ?? 0, i.created_at ?? '', i.id] as const;
        const k = key(item);
        const before = (i: Item) => {
          const o = key(i);
          for (let n = 0; n < 4; n++) if (o[n] !== k[n]) return o[n]! < k[n]!;
          return false;
        };
        const at = col.items.findIndex((i) => !before(i));
        if (at >= 0) col.items.splice(at, 0, item);
        else if (!col.more) col.items.push(item);
        else continue;
        col.offset++;
        continue;
      }
      // The other columns are newest update first: a changed item goes on top.
      col.items.unshift(item);
      col.offset++;
      if (col.total !== undefined) {
        // From a card the page showed, the count is known; from a card it did not show (maybe already
        // counted here, further down), the count comes from the API.
        if (old) col.total++;
        else reload.add(now);
      }
    }
    render();
    if (reload.size) await load(true, reload);
    void enrich();
  };

  let queue: Promise<void> = load(false);
  return {
    el,
    changed: (batch) => {
      // One after another, after the first load: a later change never lands under an earlier one.
      queue = queue.then(() => applyChanges(batch)).catch((error: unknown) => {
        status.textContent = `Live update: ${(error as Error).message}`;
      });
      return queue;
    },
  };
}

/** Arrow keys move between cards: up/down within a column, left/right across columns. */
function arrowNavigation(e: KeyboardEvent, grid: HTMLElement): void {
  const link = (e.target as HTMLElement).closest('.card-link');
  if (!link || !['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight'].includes(e.key)) return;
  const cols = [...grid.querySelectorAll('.column')].map((c) => [...c.querySelectorAll<HTMLElement>('.card-link')]);
  const ci = cols.findIndex((c) => c.includes(link as HTMLElement));
  const ri = cols[ci]!.indexOf(link as HTMLElement);
  let target: HTMLElement | undefined;
  if (e.key === 'ArrowDown') target = cols[ci]![ri + 1];
  if (e.key === 'ArrowUp') target = cols[ci]![ri - 1];
  const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
  for (let c = ci + step; step && c >= 0 && c < cols.length && !target; c += step) target = cols[c]![Math.min(ri, cols[c]!.length - 1)];
  if (target) {
    e.preventDefault();
    target.focus();
  }
}

function filterForm(f: Filters, onFilters: (f: Filters) => void): { form: HTMLElement; fill: () => Promise<void> } {
  const field = (name: keyof Filters, label: string, input: HTMLInputElement | HTMLSelectElement) =>
    h('div', { class: 'field' }, h('label', { for: `f-${name}` }, label), input);
  const within = h('select', { id: 'f-within', name: 'within' }, h('option', { value: '' }, 'Whole project'));
  const type = h(
    'select',
    { id: 'f-type', name: 'type' },
    ['', 'task', 'research', 'session', 'project'].map((t) => h('option', { value: t, selected: f.type === t || (!f.type && t === '') }, t || 'Any type')),
  );
  const form = h(
    'form',
    {
      class: 'filters',
      role: 'search',
      'aria-label': 'Filter the board',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const data = new FormData(form);
        const val = (k: string) => String(data.get(k) ?? '').trim() || undefined;
        onFilters({ q: val('q'), within: val('within'), label: val('label'), assignee: val('assignee'), type: val('type') });
      },
    },
    field('q', 'Search', h('input', { id: 'f-q', name: 'q', type: 'search', value: f.q ?? '', placeholder: 'words in titles and metadata' })),
    field('within', 'Project / session', within),
    field('label', 'Label', h('input', { id: 'f-label', name: 'label', value: f.label ?? '' })),
    field('assignee', 'Assignee', h('input', { id: 'f-assignee', name: 'assignee', value: f.assignee ?? '' })),
    field('type', 'Type', type),
    h('button', { type: 'submit' }, 'Apply'),
    h('button', { type: 'button', onclick: () => onFilters({}) }, 'Clear'),
  );
  // Projects and their sessions, for the subtree filter: asked after the columns (not competing with them).
  const fill = async () => {
    const projects = await get<Page<Item>>('/work-items', { item_type: 'project', parent_id: 'null', limit: 100 }).catch(() => null);
    if (!projects) return;
    for (const p of projects.items) within.append(h('option', { value: p.id, selected: f.within === p.id }, `${p.title} (project)`));
    if (f.within && !projects.items.some((p) => p.id === f.within)) {
      const sessions = await get<Page<Item>>('/work-items', { item_type: 'session', limit: 100 }).catch(() => null);
      const s = sessions?.items.find((i) => i.id === f.within);
      within.append(h('option', { value: f.within, selected: true }, s ? `${s.title} (session)` : f.within));
    }
    const chosen = projects.items.find((p) => p.id === f.within);
    if (chosen) {
      const sessions = await get<Page<Item>>('/work-items', { parent_id: chosen.id, item_type: 'session', limit: 100 }).catch(() => null);
      for (const s of sessions?.items ?? []) within.append(h('option', { value: s.id }, `— ${s.title} (session)`));
    }
  };
  return { form, fill };
}
