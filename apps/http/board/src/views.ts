import { call, collect, get } from './api.js';
import { barChart, lastWeeks, weekOf, type Bar } from './charts.js';
import { h, mount, when } from './dom.js';
import { timeline } from './item.js';
import { renderMarkdown } from './markdown.js';
import type { Deployment, HistoryEntry, Item, Page, Vendor } from './types.js';

/** Tree, vendors, deployments, report and charts: read-only views over the API's list operations. */

function counts(items: Item[]): Record<string, number> {
  const out: Record<string, number> = { active: 0, blocked: 0, completed: 0 };
  for (const i of items) out[i.status] = (out[i.status] ?? 0) + 1;
  return out;
}

function flatten(nodes: Item[]): Item[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children ?? [])]);
}

function countBadge(c: Record<string, number>): HTMLElement {
  return h('span', { class: 'counts' }, h('span', { class: 'status-active' }, `${c.active} active`), ' · ', h('span', { class: 'status-blocked' }, `${c.blocked} blocked`), ' · ', h('span', { class: 'status-completed' }, `${c.completed} done`));
}

/**
 * A tree row: a toggle button (aria-expanded) for nodes with children, the
 * item's link, its status and the counts below it. Buttons and links stay
 * siblings — a link inside a <summary> would nest interactive controls.
 */
function row(node: Item, kids: Item[] | null, counted: HTMLElement | null, load?: () => Promise<Item[]>): HTMLElement {
  const list = h('ul', { hidden: true });
  const toggle = h('button', { type: 'button', class: 'toggle', 'aria-expanded': 'false', 'aria-label': `Show what is under ${node.title}` }, '▸');
  let filled = false;
  toggle.addEventListener('click', async () => {
    const open = toggle.getAttribute('aria-expanded') !== 'true';
    if (open && !filled) {
      filled = true;
      mount(list, (kids ?? (await load!())).map(treeNode));
    }
    toggle.setAttribute('aria-expanded', String(open));
    toggle.textContent = open ? '▾' : '▸';
    list.hidden = !open;
  });
  const hasKids = kids === null || kids.length > 0;
  return h('li', null, hasKids ? toggle : h('span', { class: 'toggle-space', 'aria-hidden': 'true' }), h('a', { href: `#/item/${node.id}` }, node.title), ' ', h('span', { class: `status status-${node.status}` }, node.status), ' ', counted, hasKids ? list : null);
}

function treeNode(node: Item): HTMLElement {
  const kids = node.children ?? [];
  return row(node, kids, kids.length ? countBadge(counts(flatten(kids))) : null);
}

/** The hierarchy: root items a page at a time, each with the counts of its subtree (`/work-items/{id}/tree`). */
export function treeView(): HTMLElement {
  const list = h('ul', { class: 'tree' });
  const more = h('button', { type: 'button', class: 'more' }, 'Show more roots');
  let offset = 0;
  const loadRoots = async () => {
    const page = await get<Page<Item>>('/work-items', { parent_id: 'null', limit: 20, offset });
    offset += page.items.length;
    for (const root of page.items) {
      const counted = h('span', { class: 'counts' }, '…');
      const subtree = get<{ descendants: Item[] }>(`/work-items/${root.id}/tree`).then((t) => {
        counted.replaceWith(countBadge(counts(flatten(t.descendants))));
        return t.descendants;
      });
      list.append(row(root, null, counted, () => subtree));
    }
    more.hidden = offset >= page.total_count;
    el.setAttribute('aria-busy', 'false');
  };
  more.addEventListener('click', () => void loadRoots());
  void loadRoots();
  const el = h('section', { 'aria-labelledby': 'tree-h', 'aria-busy': 'true' }, h('h2', { id: 'tree-h' }, 'Tree'), h('p', null, 'Each node shows the status counts of everything below it. Open an item for its detail and history.'), list, more);
  return el;
}

export function vendorsView(): HTMLElement {
  const body = h('tbody');
  const el = h(
    'section',
    { 'aria-labelledby': 'vendors-h', 'aria-busy': 'true' },
    h('h2', { id: 'vendors-h' }, 'Vendors'),
    // A narrow screen scrolls the table inside its box, not the whole page sideways.
    h(
      'div',
      { class: 'scroll', role: 'region', 'aria-labelledby': 'vendors-h', tabindex: '0' },
      h('table', { class: 'grid' }, h('thead', null, h('tr', null, ['Vendor', 'Status', 'Tests passing / total', 'Formats', 'Extractor version'].map((c) => h('th', { scope: 'col' }, c)))), body),
    ),
  );
  const done = () => el.setAttribute('aria-busy', 'false');
  void get<{ vendors?: Vendor[]; items?: Vendor[] }>('/vendors').then((r) => {
    const vendors = r.vendors ?? r.items ?? [];
    if (!vendors.length) el.append(h('p', { class: 'empty' }, 'No vendors yet.'));
    mount(
      body,
      vendors.map((v) =>
        h('tr', { class: `vendor-${v.status}` }, h('th', { scope: 'row' }, h('a', { href: `#/vendor/${encodeURIComponent(v.name)}` }, v.name)), h('td', null, h('span', { class: `status status-${v.status}` }, v.status)), h('td', null, v.tests), h('td', null, v.formats.join(', ')), h('td', null, v.extractor_version)),
      ),
    );
    done();
  }, (e: Error) => (el.append(h('p', { role: 'alert' }, `Vendors not loaded: ${e.message}`)), done()));
  return el;
}

export function vendorView(name: string): HTMLElement {
  const el = h('section', { 'aria-labelledby': 'vendor-h', 'aria-busy': 'true' }, h('h2', { id: 'vendor-h' }, name));
  void (async () => {
    const { data: v } = await call<Vendor & { metadata: Record<string, unknown> }>('GET', `/vendors/${encodeURIComponent(name)}`);
    const history = await get<{ entries: HistoryEntry[] }>(`/history/vendor/${v.id}`, { limit: 50 });
    el.append(
      h('p', null, h('span', { class: `status status-${v.status}` }, v.status), ` · extractor ${v.extractor_version} · version ${v.version}`),
      h('pre', { class: 'json' }, JSON.stringify(v.metadata, null, 2)),
      timeline(history.entries, 'vendor-history-h'),
    );
    el.setAttribute('aria-busy', 'false');
  })().catch((e: Error) => el.append(h('p', { role: 'alert' }, e.message)));
  return el;
}

export function deploymentsView(): HTMLElement {
  const list = h('ol', { class: 'timeline deployments' });
  const more = h('button', { type: 'button', class: 'more' }, 'Show older deployments');
  const empty = h('p', { class: 'empty' });
  let offset = 0;
  const load = async () => {
    const page = await get<Page<Deployment> & { deployments?: Deployment[] }>('/deployments', { limit: 25, offset });
    const rows = page.deployments ?? page.items;
    offset += rows.length;
    empty.textContent = offset ? '' : 'No deployments yet.';
    for (const d of rows) {
      list.append(
        h(
          'li',
          null,
          h('time', { datetime: d.deployed_at }, when(d.deployed_at)),
          ' ',
          h('code', null, d.commit_hash.slice(0, 10)),
          d.pr_title ? ` — PR #${d.pr_number}: ${d.pr_title}` : '',
          h('div', null, 'Vendors: ', d.vendors.length ? d.vendors.map((v, i) => [i ? ', ' : '', h('a', { href: `#/vendor/${encodeURIComponent(v)}` }, v)]) : 'none'),
          h('div', null, 'Work items: ', d.work_item_ids.length ? d.work_item_ids.map((id, i) => [i ? ', ' : '', h('a', { href: `#/item/${id}` }, id.slice(0, 8))]) : 'none'),
        ),
      );
    }
    more.hidden = offset >= page.total_count;
    el.setAttribute('aria-busy', 'false');
  };
  const failed = (e: Error) => {
    more.hidden = !offset;
    empty.textContent = '';
    el.append(h('p', { role: 'alert' }, `Deployments not loaded: ${e.message}`));
    el.setAttribute('aria-busy', 'false');
  };
  more.addEventListener('click', () => void load().catch(failed));
  more.hidden = true;
  void load().catch(failed);
  const el = h('section', { 'aria-labelledby': 'deployments-h', 'aria-busy': 'true' }, h('h2', { id: 'deployments-h' }, 'Deployments'), empty, list, more);
  return el;
}

export function reportView(): HTMLElement {
  const el = h('section', { 'aria-labelledby': 'report-h', 'aria-busy': 'true' }, h('h2', { id: 'report-h' }, 'Status report'));
  void call<string>('GET', '/report', { accept: 'text/markdown' })
    .then(({ data }) => {
      el.append(renderMarkdown(data));
      el.setAttribute('aria-busy', 'false');
    })
    .catch((e: Error) => el.append(h('p', { role: 'alert' }, e.message)));
  return el;
}

export function chartsView(): HTMLElement {
  const grid = h('div', { class: 'charts' });
  const el = h('section', { 'aria-labelledby': 'charts-h' }, h('h2', { id: 'charts-h' }, 'Charts'), grid);
  const weeks = lastWeeks(12);
  const slot = (title: string) => {
    const box = h('div', { class: 'chart-slot' }, h('p', null, `${title}: loading…`));
    grid.append(box);
    return (chart: HTMLElement) => box.replaceChildren(chart);
  };
  const completed = slot('Work completed per week');
  const open = slot('Open work by status per project');
  const deploys = slot('Deployments per week');
  const vendors = slot('Vendors by status');
  void (async () => {
    // Dated by the history entry that completed each item (count_completions: one aggregate query), not by its last update.
    const done = await get<{ per_day: { day: string; completed: number }[] }>('/work-items/completions', { days: 7 * 12 });
    const per = new Map(weeks.map((w) => [w, 0]));
    for (const d of done.per_day) {
      const week = weekOf(`${d.day}T12:00:00Z`);
      if (per.has(week)) per.set(week, per.get(week)! + d.completed);
    }
    completed(barChart('Work completed per week (last 12 weeks)', weeks.map((w) => ({ label: w, parts: [{ name: 'completed', value: per.get(w)! }] })), 'ch-done'));
  })();
  void (async () => {
    const roots = await get<Page<Item>>('/work-items', { parent_id: 'null', item_type: 'project', limit: 12 });
    const bars: Bar[] = await Promise.all(
      roots.items.map(async (p) => {
        const t = await get<{ descendants: Item[] }>(`/work-items/${p.id}/tree`);
        const c = counts(flatten(t.descendants));
        return { label: p.title, parts: [{ name: 'active', value: c.active! }, { name: 'blocked', value: c.blocked! }] };
      }),
    );
    open(barChart('Open work by status per project', bars, 'ch-open'));
  })();
  void (async () => {
    const since = new Date(Date.now() - 12 * 7 * 86_400_000).toISOString();
    const rows = await collect<Deployment>('/deployments', { since }, 'deployments', 1000);
    const per = new Map(weeks.map((w) => [w, 0]));
    for (const d of rows) if (per.has(weekOf(d.deployed_at))) per.set(weekOf(d.deployed_at), per.get(weekOf(d.deployed_at))! + 1);
    deploys(barChart('Deployments per week (last 12 weeks)', weeks.map((w) => ({ label: w, parts: [{ name: 'deployments', value: per.get(w)! }] })), 'ch-deploy'));
  })();
  void (async () => {
    const r = await get<{ vendors?: Vendor[]; items?: Vendor[] }>('/vendors');
    const c = new Map<string, number>();
    for (const v of r.vendors ?? r.items ?? []) c.set(v.status, (c.get(v.status) ?? 0) + 1);
    vendors(barChart('Vendors by status', [...c].map(([label, value]) => ({ label, parts: [{ name: 'vendors', value }] })), 'ch-vendors'));
  })();
  return el;
}
