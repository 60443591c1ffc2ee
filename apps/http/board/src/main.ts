import './board.css';
import { actor, setActor } from './api.js';
import { boardView, type BoardView, type Filters } from './board.js';
import { h, mount } from './dom.js';
import { itemView, type ItemView } from './item.js';
import { startLive, type Change } from './live.js';
import { chartsView, deploymentsView, reportView, treeView, vendorsView, vendorView } from './views.js';

/**
 * The board's shell: a header with the views and the live indicator, a
 * hash router (`#/board?label=x`, `#/item/<id>`, …) so every view has a
 * link and the back button works, and the live stream that refreshes
 * whatever is on screen.
 */

const VIEWS: [string, string][] = [
  ['board', 'Board'],
  ['tree', 'Tree'],
  ['vendors', 'Vendors'],
  ['deployments', 'Deployments'],
  ['report', 'Report'],
  ['charts', 'Charts'],
];

const main = h('main', { id: 'main', tabindex: '-1' });
const liveState = h('span', { class: 'live', role: 'status', 'aria-live': 'polite' }, 'connecting…');
const nav = h('nav', { 'aria-label': 'Views' }, h('ul', null, VIEWS.map(([k, label]) => h('li', null, h('a', { href: `#/${k}`, 'data-view': k }, label)))));
const nameInput = h('input', { id: 'actor', value: actor(), size: 12, autocomplete: 'nickname' });
nameInput.addEventListener('change', () => setActor(nameInput.value));

let board: BoardView | undefined;
let item: ItemView | undefined;
let refreshOnChange: (() => void) | undefined;

function parseRoute(): { view: string; arg?: string; query: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path = '', q = ''] = raw.split('?');
  const [view = 'board', ...rest] = path.split('/');
  return { view: view || 'board', arg: rest.length ? decodeURIComponent(rest.join('/')) : undefined, query: new URLSearchParams(q) };
}

function filtersToHash(f: Filters): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) q.set(k, v);
  const s = q.toString();
  return `#/board${s ? `?${s}` : ''}`;
}

function route(): void {
  const { view, arg, query } = parseRoute();
  board = undefined;
  item = undefined;
  refreshOnChange = undefined;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.view === view || (view === 'item' && a.dataset.view === 'board') || (view === 'vendor' && a.dataset.view === 'vendors')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  let content: HTMLElement;
  let title = VIEWS.find(([k]) => k === view)?.[1] ?? 'Board';
  if (view === 'item' && arg) {
    item = itemView(arg);
    content = item.el;
    title = 'Work item';
  } else if (view === 'tree') content = treeView();
  else if (view === 'vendors') content = vendorsView();
  else if (view === 'vendor' && arg) {
    content = vendorView(arg);
    title = `Vendor ${arg}`;
  } else if (view === 'deployments') {
    content = deploymentsView();
    refreshOnChange = route;
  } else if (view === 'report') content = reportView();
  else if (view === 'charts') content = chartsView();
  else {
    const f: Filters = { q: query.get('q') ?? undefined, within: query.get('within') ?? undefined, label: query.get('label') ?? undefined, assignee: query.get('assignee') ?? undefined, type: query.get('type') ?? undefined };
    board = boardView(f, (next) => {
      location.hash = filtersToHash(next);
    });
    content = h('div', null, h('h1', { class: 'visually-hidden' }, 'Board'), board.el);
  }
  document.title = `${title} · Project Status`;
  document.documentElement.dataset.view = view;
  mount(main, content);
}

/** Live changes, coalesced: a burst of writes costs one refresh. */
let pending: Change[] = [];
let timer: number | undefined;
function onChange(change: Change): void {
  pending.push(change);
  timer ??= window.setTimeout(() => {
    const batch = pending;
    pending = [];
    timer = undefined;
    if (board && batch.some((c) => c.entity_type === 'work_item' || c.entity_type === 'dependency')) void board.changed(batch);
    // Events carry the item's UUID; the route may name it by short id.
    const open = item;
    const last = open ? batch.filter((c) => c.entity_type === 'work_item' && open.is(c.entity_id)).at(-1) : undefined;
    if (open && last) open.changed(last.actor, last.version);
    if (refreshOnChange && batch.some((c) => c.entity_type === 'deployment')) refreshOnChange();
  }, 30);
}

mount(
  document.getElementById('app')!,
  h('a', { href: '#main', class: 'skip' }, 'Skip to content'),
  h('header', { class: 'top' }, h('p', { class: 'brand' }, 'Project Status'), nav, h('div', { class: 'who' }, h('label', { for: 'actor' }, 'You are'), nameInput), liveState),
  main,
);
window.addEventListener('hashchange', route);
route();
startLive({
  change: onChange,
  reset: () => route(),
  state: (s) => {
    liveState.textContent = s === 'live' ? '● live' : '○ reconnecting…';
    liveState.className = `live ${s}`;
    document.documentElement.dataset.live = s;
  },
});
