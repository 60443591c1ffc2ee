import { ApiError, call, get } from './api.js';
import { h, mount, text, when } from './dom.js';
import type { DepRef, HistoryEntry, Item, ItemDetail } from './types.js';

/**
 * One work item: its fields and metadata, what it waits for and blocks
 * (linked), its deployments, notes and history timeline, and the edits a
 * person makes most. Every edit sends `If-Match` with the version shown; a
 * version conflict never overwrites: the page shows what the other writer
 * changed and offers to re-apply the edit on top of it or to drop it.
 */

type Patch = Partial<Pick<Item, 'title' | 'status' | 'labels' | 'assignee'>>;

export interface ItemView {
  el: HTMLElement;
  /** Whether a change event's entity id is this item (the route may name it by short id; events carry the UUID). */
  is: (entityId: string) => boolean;
  /** A live change of this item: reload unless the user is mid-edit (then the conflict check decides). */
  changed: (actor: string, version: number) => void;
}

const FIELDS: (keyof Item)[] = ['title', 'status', 'assignee', 'labels', 'priority', 'parent_id', 'close_reason'];

function depList(title: string, deps: DepRef[], id: string): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h3', { id }, title, ` (${deps.length})`),
    deps.length
      ? h(
          'ul',
          { class: 'deps' },
          deps.map((d) => h('li', null, h('a', { href: `#/item/${d.id}` }, d.short_id, ' ', d.title), ' ', h('span', { class: `status status-${d.status}` }, d.status), d.unfinished ? ' (unfinished)' : '', ` · ${d.dependency_type}`)),
        )
      : h('p', { class: 'empty' }, 'None.'),
  );
}

export function timeline(entries: HistoryEntry[], id: string): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': id },
    h('h3', { id }, 'History'),
    h(
      'ol',
      { class: 'timeline' },
      entries.map((e) =>
        h(
          'li',
          null,
          h('time', { datetime: e.at }, when(e.at)),
          ' ',
          h('strong', null, e.actor),
          ` ${e.action} (v${e.version})`,
          Object.keys(e.changes).length
            ? h(
                'ul',
                null,
                Object.entries(e.changes).map(([field, c]) => h('li', null, h('code', null, field), ': ', h('span', { class: 'old' }, text(c.old)), ' → ', h('span', { class: 'new' }, text(c.new)))),
              )
            : null,
        ),
      ),
    ),
  );
}

export function itemView(id: string): ItemView {
  const el = h('article', { class: 'item-detail', 'aria-busy': 'true' });
  let held: Item | undefined;
  /** Whether any control holds a change not yet saved (set by each render). */
  let editing = () => false;
  const notice = h('div', { role: 'status', 'aria-live': 'polite', class: 'notice' });

  const load = async () => {
    const [{ data: detail }, history] = await Promise.all([
      call<ItemDetail>('GET', `/work-items/${encodeURIComponent(id)}`),
      get<{ entries: HistoryEntry[] }>(`/work-items/${encodeURIComponent(id)}/history`, { limit: 50 }).catch(() => ({ entries: [] })),
    ]);
    held = detail.item;
    render(detail, history.entries);
  };

  /**
   * While the page's own write and the reload after it are under way, a change event (most likely that
   * very write) waits: the form still holds the text just saved, which must not pass for an unsaved edit.
   */
  let writing = 0;
  let missed: [string, number] | undefined;
  const own = async (write: () => Promise<void>) => {
    writing++;
    try {
      await write();
    } finally {
      writing--;
      const m = missed;
      missed = undefined;
      if (m && !writing) changed(...m);
    }
  };

  /** Sends `patch` against the held version; on a conflict shows both sides. */
  const save = (patch: Patch) => own(async () => {
    if (!held) return;
    try {
      await call('PATCH', `/work-items/${held.id}`, { body: patch, version: held.version });
      notice.textContent = 'Saved.';
      await load();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'VERSION_CONFLICT') await conflict(patch);
      else notice.textContent = `Not saved: ${(error as Error).message}`;
    }
  });

  const conflict = async (patch: Patch) => {
    const mine = held!;
    const { data: theirs } = await call<ItemDetail>('GET', `/work-items/${mine.id}`);
    const current = theirs.item;
    const changed = FIELDS.filter((f) => JSON.stringify(mine[f] ?? null) !== JSON.stringify(current[f] ?? null));
    const panel = h(
      'section',
      { class: 'conflict', role: 'alertdialog', 'aria-labelledby': 'conflict-title', 'aria-describedby': 'conflict-desc', tabindex: '-1' },
      h('h3', { id: 'conflict-title' }, 'Someone else changed this item'),
      h('p', { id: 'conflict-desc' }, `${current.updated_by ?? 'Another writer'} saved version ${current.version} after you opened version ${mine.version}. Nothing of yours was written.`),
      h(
        'table',
        null,
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'field'), h('th', { scope: 'col' }, 'when you opened it'), h('th', { scope: 'col' }, 'now'), h('th', { scope: 'col' }, 'your change'))),
        h(
          'tbody',
          null,
          [...new Set([...changed, ...(Object.keys(patch) as (keyof Item)[])])].map((f) =>
            h('tr', { 'data-field': f }, h('th', { scope: 'row' }, f), h('td', null, text(mine[f])), h('td', { class: 'theirs' }, text(current[f])), h('td', { class: 'mine' }, f in patch ? text(patch[f as keyof Patch]) : '—')),
          ),
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h(
          'button',
          {
            type: 'button',
            class: 'reapply',
            onclick: async () => {
              held = current;
              panel.remove();
              await save(patch);
            },
          },
          'Re-apply my change',
        ),
        h(
          'button',
          {
            type: 'button',
            class: 'drop',
            onclick: async () => {
              panel.remove();
              notice.textContent = 'Your change was dropped.';
              await load();
            },
          },
          'Drop my change',
        ),
      ),
    );
    el.prepend(panel);
    panel.focus();
  };

  const render = (d: ItemDetail, history: HistoryEntry[]) => {
    const item = d.item;
    const titleInput = h('input', { id: 'edit-title', name: 'title', value: item.title, required: true, maxlength: '200' });
    // One label per line: a label is one line of text, so this is lossless (a comma or quote is part of a label).
    const labelsText = (item.labels ?? []).join('\n');
    const labelsInput = h('textarea', { id: 'edit-labels', name: 'labels', value: labelsText, rows: Math.max(2, (item.labels ?? []).length + 1) });
    const statusSelect = h('select', { id: 'edit-status', name: 'status' }, ['active', 'blocked', 'completed'].map((s) => h('option', { value: s, selected: s === item.status }, s)));
    const depTarget = h('input', { id: 'dep-target', name: 'target', placeholder: 'short id', required: true });
    const depType = h('select', { id: 'dep-type', name: 'type' }, h('option', { value: 'depends_on' }, 'this waits for it (depends_on)'), h('option', { value: 'blocks' }, 'this blocks it (blocks)'));
    // Every control counts: a live change must not replace what the user picked or typed and has not saved.
    editing = () => titleInput.value.trim() !== item.title || labelsInput.value !== labelsText || statusSelect.value !== item.status || depTarget.value.trim() !== '';
    const crumbs = d.ancestors.filter((a) => a.id !== item.id);

    mount(
      el,
      h(
        'nav',
        { 'aria-label': 'Where this item sits', class: 'crumbs' },
        h('ol', null, crumbs.map((a) => h('li', null, h('a', { href: `#/item/${a.id}` }, a.title)))),
      ),
      h('h2', { id: 'item-title' }, h('span', { class: `type type-${item.item_type}` }, item.item_type), ' ', item.title),
      notice,
      h(
        'dl',
        { class: 'fields' },
        h('dt', null, 'Id'),
        h('dd', null, h('code', null, item.short_id), ' ', h('code', { class: 'uuid' }, item.id)),
        h('dt', null, 'Status'),
        h('dd', null, h('span', { class: `status status-${item.status}`, 'data-testid': 'item-status' }, item.status), d.ready ? ' · ready' : ''),
        h('dt', null, 'Assignee'),
        h('dd', null, item.assignee ?? 'nobody'),
        h('dt', null, 'Labels'),
        h('dd', null, (item.labels ?? []).length ? (item.labels ?? []).map((l) => h('span', { class: 'label' }, l)) : 'none'),
        h('dt', null, 'Priority'),
        h('dd', null, `P${item.priority}`),
        h('dt', null, 'Version'),
        h('dd', { 'data-testid': 'item-version' }, String(item.version)),
        h('dt', null, 'Updated'),
        h('dd', null, when(item.updated_at), ' by ', item.updated_by ?? ''),
      ),
      h(
        'section',
        { 'aria-labelledby': 'meta-h' },
        h('h3', { id: 'meta-h' }, 'Metadata'),
        Object.keys(item.metadata ?? {}).length
          ? h('dl', { class: 'metadata' }, Object.entries(item.metadata ?? {}).flatMap(([k, v]) => [h('dt', null, k), h('dd', null, text(v))]))
          : h('p', { class: 'empty' }, 'None.'),
      ),
      h(
        'section',
        { 'aria-labelledby': 'edit-h', class: 'edits' },
        h('h3', { id: 'edit-h' }, 'Change it'),
        h(
          'form',
          { class: 'inline', 'aria-label': 'Status', onsubmit: (e: Event) => {
              e.preventDefault();
              const status = statusSelect.value as Item['status'];
              // Setting the status it already has would write nothing but a new version: say so instead.
              if (status === item.status) notice.textContent = `Nothing to save: the status is already ${status}.`;
              else void save({ status });
            },
          },
          h('label', { for: 'edit-status' }, 'Status'),
          statusSelect,
          h('button', { type: 'submit', id: 'save-status' }, 'Set status'),
        ),
        h(
          'div',
          { class: 'inline' },
          item.assignee
            ? h('button', { type: 'button', id: 'release', onclick: () => void hold('release') }, `Release (held by ${item.assignee})`)
            : h('button', { type: 'button', id: 'claim', onclick: () => void hold('claim') }, 'Claim'),
        ),
        h(
          'form',
          {
            class: 'stacked',
            'aria-label': 'Title and labels',
            onsubmit: (e: Event) => {
              e.preventDefault();
              // Only the fields the user changed are sent: labels untouched in the box are never rewritten.
              const patch: Patch = {};
              if (titleInput.value.trim() !== item.title) patch.title = titleInput.value.trim();
              const labels = labelsInput.value.split('\n').map((l) => l.trim()).filter(Boolean);
              if (labelsInput.value !== labelsText && JSON.stringify(labels) !== JSON.stringify(item.labels ?? [])) patch.labels = labels;
              if (Object.keys(patch).length) void save(patch);
              else notice.textContent = 'Nothing to save: the title and labels are unchanged.';
            },
          },
          h('label', { for: 'edit-title' }, 'Title'),
          titleInput,
          h('label', { for: 'edit-labels' }, 'Labels (one per line)'),
          labelsInput,
          h('button', { type: 'submit', id: 'save-text' }, 'Save title and labels'),
        ),
        h(
          'form',
          {
            class: 'inline',
            'aria-label': 'Add a dependency',
            onsubmit: (e: Event) => {
              e.preventDefault();
              void own(async () => {
                try {
                  await call('POST', `/work-items/${item.id}/dependencies`, { body: { target_id: depTarget.value.trim(), dependency_type: depType.value } });
                  notice.textContent = 'Dependency added.';
                  await load();
                } catch (error) {
                  notice.textContent = `Not added: ${(error as Error).message}`;
                }
              });
            },
          },
          h('label', { for: 'dep-target' }, 'Dependency on'),
          depTarget,
          h('label', { for: 'dep-type', class: 'visually-hidden' }, 'Kind'),
          depType,
          h('button', { type: 'submit' }, 'Add'),
        ),
      ),
      depList('Waits for', d.dependencies.waits_for, 'waits-h'),
      depList('Blocks', d.dependencies.blocks, 'blocks-h'),
      d.descendants.length
        ? h('section', { 'aria-labelledby': 'children-h' }, h('h3', { id: 'children-h' }, 'Children'), h('ul', null, d.descendants.map((c) => h('li', null, h('a', { href: `#/item/${c.id}` }, c.short_id, ' ', c.title), ' ', h('span', { class: `status status-${c.status}` }, c.status)))))
        : null,
      h(
        'section',
        { 'aria-labelledby': 'deploy-h' },
        h('h3', { id: 'deploy-h' }, 'Deployments'),
        d.deployments.length ? h('ul', null, d.deployments.map((dep) => h('li', null, h('time', { datetime: dep.deployed_at }, when(dep.deployed_at)), ' ', h('code', null, dep.commit_hash.slice(0, 10))))) : h('p', { class: 'empty' }, 'None.'),
      ),
      d.notes.length ? h('section', { 'aria-labelledby': 'notes-h' }, h('h3', { id: 'notes-h' }, 'Notes'), h('ul', null, d.notes.map((n) => h('li', null, h('strong', null, n.created_by), ` ${when(n.created_at)}: `, n.text)))) : null,
      timeline(history, 'history-h'),
    );
    el.setAttribute('aria-busy', 'false');
    el.dataset.version = String(item.version);
  };

  const hold = (what: 'claim' | 'release') => own(async () => {
    if (!held) return;
    try {
      // No If-Match: a claim or release is atomic on the server (a claim on an item someone else took
      // meanwhile is a CONFLICT naming the holder), and the API does not check a version there.
      await call('POST', `/work-items/${held.id}/${what}`, { body: {} });
      notice.textContent = what === 'claim' ? 'Claimed.' : 'Released.';
      await load();
    } catch (error) {
      notice.textContent = `${what === 'claim' ? 'Not claimed' : 'Not released'}: ${(error as Error).message}`;
    }
  });

  load().catch((error: Error) => {
    mount(el, h('h2', null, 'Work item'), h('p', { role: 'alert' }, error.message));
    el.setAttribute('aria-busy', 'false');
  });
  function changed(actor: string, version: number): void {
    if (writing) {
      missed = [actor, version];
      return;
    }
    // A version the page already shows (its own save, already reloaded) changes nothing.
    if (held && version <= held.version) return;
    if (editing()) {
      notice.textContent = `${actor} changed this item while you were editing; saving will show you both versions.`;
      return;
    }
    if (!el.querySelector('.conflict')) void load();
  }

  return { el, is: (entityId) => entityId === id || entityId === held?.id, changed };
}
