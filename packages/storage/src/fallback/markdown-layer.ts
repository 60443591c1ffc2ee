import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DEFAULT_PRIORITY,
  ItemType,
  ProjectConfiguration,
  REPORT_FILE,
  USER_SECTION_MARKER,
  WorkStatus,
  defaultConfiguration,
  defaultVendorMetadata,
  mergeVendorMetadata,
  parseLegacyStatus,
  planLegacyImport,
  shortIdFor,
  validateMetadata,
  type Deployment,
  type Enhancement,
  type StoredDependency,
  type Vendor,
  type WorkItem,
} from '@project-status/core';
import { keepViewOpen, type KeptLayer } from './kept-view.js';
import type { LayerResult } from './layer.js';
import { openSnapshotStore, type SnapshotData } from './snapshot-store.js';

/** Options of {@link createMarkdownLayer}. */
export interface MarkdownLayerOptions {
  /** The project root; the report is `<root>/.project_status.md`. */
  root: string;
  /** Another file than the report (tests, a copy). */
  file?: string;
  /** Largest file read (default 64 MiB). */
  maxBytes?: number;
}

/** Who the rows of a markdown view say made them: the file does not name anyone. */
const ACTOR = 'markdown';

/** A UUID (version 8) from a hash of what identifies a row, so the same file gives the same ids on every call. */
function stableId(...parts: readonly (string | number)[]): string {
  // node:crypto is loaded on first use: a CLI call that never falls back does not pay for it.
  const h = process.getBuiltinModule('node:crypto').createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32).split('');
  h[12] = '8';
  h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}

// ---- the report's own views (Active Work, Blocked, Configuration, footer) ----------------

/** `  - [active] Build (task, P2, branch feat/x, @claude-code) \`<uuid>\`` (see core's report renderer). */
const TREE_LINE = /^((?: {2})*)- \[(active|completed|blocked)\] (.*) \(([^()]*)\) `([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})`\s*$/;
/** `- Check \`<uuid>\`: waits for Build \`<uuid>\` [active], … — reason` or `…: marked blocked — reason`. */
const BLOCKED_LINE = /^- .* `([0-9a-f-]{36})`: (waits for |marked blocked)(.*)$/;
const BLOCKER_REF = /`([0-9a-f-]{36})` \[(?:active|completed|blocked)\]/g;
const GENERATED = /^_Generated (\d{4}-\d{2}-\d{2}T[0-9:.]+Z) from the /;

interface TreeRow {
  id: string;
  item_type: WorkItem['item_type'];
  title: string;
  status: WorkItem['status'];
  level: number;
  priority: number;
  branch_name: string | null;
  assignee: string | null;
}

/** What the generated views of a report say, read back. */
export interface ReportViews {
  tree: TreeRow[];
  /** `[blocker, blocked]` pairs from the Blocked section. */
  waits: [string, string][];
  blockedReasons: Map<string, string>;
  configuration: Record<string, string>;
  generatedAt: string | null;
  /** Lines of the views that did not read as what their section holds. */
  unreadable: number;
  /** The Blocked list stopped at its cap: some waits are not in the file. */
  blockedCut: boolean;
  sawViews: boolean;
}

/** Reads the report's views — the sections the legacy grammar skips. Pure; never throws. */
export function readReportViews(text: string): ReportViews {
  const views: ReportViews = { tree: [], waits: [], blockedReasons: new Map(), configuration: {}, generatedAt: null, unreadable: 0, blockedCut: false, sawViews: false };
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith(USER_SECTION_MARKER)) break;
    const heading = /^##\s+(.+?)\s*(?:\(.*\))?\s*$/.exec(line);
    if (heading && line.startsWith('## ')) {
      section = heading[1]!.toLowerCase();
      if (['active work', 'blocked', 'configuration'].includes(section)) views.sawViews = true;
      continue;
    }
    if (/^#\s/.test(line)) {
      section = '';
      continue;
    }
    const generated = GENERATED.exec(line);
    if (generated && !Number.isNaN(Date.parse(generated[1]!))) views.generatedAt = new Date(generated[1]!).toISOString();
    if (!line.trim() || /^- (nothing unfinished|nothing is blocked|nothing is ready)$/.test(line)) continue;
    if (section === 'active work') {
      const m = TREE_LINE.exec(line);
      const facts = m?.[4]!.split(', ') ?? [];
      const type = ItemType.safeParse(facts[0]);
      if (!m || !type.success) {
        views.unreadable++;
        continue;
      }
      const row: TreeRow = { id: m[5]!, item_type: type.data, title: m[3]!, status: WorkStatus.parse(m[2]), level: m[1]!.length / 2, priority: DEFAULT_PRIORITY, branch_name: null, assignee: null };
      for (const fact of facts.slice(1)) {
        if (/^P[1-5]$/.test(fact)) row.priority = Number(fact.slice(1));
        else if (fact.startsWith('branch ')) row.branch_name = fact.slice(7);
        else if (fact.startsWith('@')) row.assignee = fact.slice(1);
      }
      views.tree.push(row);
    } else if (section === 'blocked') {
      if (/^- … and \d+ more/.test(line)) {
        views.blockedCut = true;
        continue;
      }
      const m = BLOCKED_LINE.exec(line);
      if (!m) {
        views.unreadable++;
        continue;
      }
      let rest = m[3]!;
      if (m[2] === 'waits for ') {
        let end = 0;
        for (const ref of rest.matchAll(BLOCKER_REF)) {
          views.waits.push([ref[1]!, m[1]!]);
          end = ref.index + ref[0].length;
        }
        rest = rest.slice(end);
      }
      if (rest.startsWith(' — ')) views.blockedReasons.set(m[1]!, rest.slice(3));
    } else if (section === 'configuration') {
      const m = /^- ([A-Za-z ]+): (.*)$/.exec(line);
      if (m) views.configuration[m[1]!.toLowerCase()] = m[2]!;
      else if (!GENERATED.test(line)) views.unreadable++;
    }
  }
  return views;
}

/** The Configuration section back as a configuration; null when it is missing or does not read. */
function configurationFrom(fields: Record<string, string>, asOf: string): ProjectConfiguration | null {
  if (!fields['active context']) return null;
  const orNull = (v: string | undefined, none: string) => (v === undefined || v === none ? null : v);
  const healthy = /^(yes|no)(?: \(checked (\S+)\))?$/.exec(fields['database healthy'] ?? '');
  const parsed = ProjectConfiguration.safeParse({
    active_context_type: fields['active context'],
    current_session_id: orNull(fields['current session'], 'none'),
    git_branch: orNull(fields['git branch'], 'unknown'),
    git_head_commit: orNull(fields['git head commit'], 'unknown'),
    default_token_budget: Number(fields['default token budget']),
    database_healthy: healthy?.[1] === 'yes',
    last_health_check_at: healthy?.[2] ?? null,
    updated_at: asOf,
    updated_by: ACTOR,
    version: Number(fields['configuration version'] ?? 0),
  });
  return parsed.success ? parsed.data : null;
}

// ---- the file into a view ------------------------------------------------------------------

/**
 * What the report says, as the rows of a {@link SnapshotData}, plus warnings
 * and the time it reflects: its "Generated" line, else `modifiedAt`. Null
 * when the text holds none of the report's or the legacy format's sections
 * (it is not a status file).
 */
export async function markdownToSnapshotData(text: string, modifiedAt: string): Promise<{ data: SnapshotData; warnings: string[]; as_of: string } | null> {
  const [doc, views] = [await parseLegacyStatus(text), readReportViews(text)];
  const asOf = views.generatedAt ?? modifiedAt;
  const configuration = configurationFrom(views.configuration, asOf);
  const plan = planLegacyImport(doc, { defaultTokenBudget: (configuration ?? defaultConfiguration()).default_token_budget });
  if (!plan.isStatusFile && !views.sawViews) return null;
  const warnings = ['markdown_partial_view'];
  if (plan.issues.length || views.unreadable) warnings.push('markdown_entries_skipped');
  if (views.blockedCut) warnings.push('markdown_blocked_list_cut');
  const audit = { version: 1, created_at: asOf, updated_at: asOf, created_by: ACTOR, updated_by: ACTOR };

  // The work tree: parents by indentation, as the report writes it.
  const items = new Map<string, WorkItem>();
  const stack: WorkItem[] = [];
  for (const row of views.tree) {
    if (items.has(row.id)) continue;
    const level = Math.min(row.level, stack.length, 5);
    const parent = level > 0 ? stack[level - 1]! : null;
    const reason = views.blockedReasons.get(row.id);
    const item: WorkItem = {
      id: row.id, item_type: row.item_type, title: row.title, status: row.status, parent_id: parent?.id ?? null,
      path: parent ? `${parent.path}/${row.id}` : `/${row.id}`, depth: level, branch_name: row.branch_name, commit_hash: null, pr_number: null,
      metadata: reason && row.item_type === 'task' ? { blocked_reason: reason } : {}, labels: [], assignee: row.assignee, deleted_at: null,
      short_id: shortIdFor(row.id), priority: row.priority, lease_expires_at: null, lease_seconds: null, close_reason: null, ...audit,
    };
    stack.length = level;
    stack.push(item);
    items.set(item.id, item);
  }
  const dependencies: StoredDependency[] = [];
  const pairs = new Set<string>();
  for (const [source, target] of views.waits) {
    const key = `${source}>${target}`;
    if (source === target || pairs.has(key) || !items.has(source) || !items.has(target)) continue;
    pairs.add(key);
    dependencies.push({ id: stableId('dependency', source, target), source_id: source, target_id: target, dependency_type: 'blocks', created_at: asOf, created_by: ACTOR });
  }

  // Sessions: an unfinished one is in the tree too, and keeps that id (and status) when its title matches
  // the block. The tree is never cut, so a block that matches no tree session is a finished one.
  const treeSessions = [...items.values()].filter((w) => w.item_type === 'session');
  plan.sessions.forEach((s, i) => {
    const fm = (s.input.metadata as { yaml_frontmatter?: Record<string, unknown> }).yaml_frontmatter ?? {};
    const titles = new Set([s.input.title, typeof fm.prompt_text === 'string' ? fm.prompt_text : '']);
    const inTree = treeSessions.findIndex((w) => titles.has(w.title));
    const metadata = validateMetadata('session', s.input.metadata);
    if (inTree >= 0) {
      const [match] = treeSessions.splice(inTree, 1);
      match!.metadata = metadata;
      return;
    }
    const id = stableId('session', s.key, i);
    items.set(id, {
      id, item_type: 'session', title: s.input.title, status: 'completed', parent_id: null, path: `/${id}`, depth: 0, branch_name: null, commit_hash: null, pr_number: null,
      metadata, labels: [], assignee: null, deleted_at: null, short_id: shortIdFor(id), priority: DEFAULT_PRIORITY, lease_expires_at: null, lease_seconds: null, close_reason: null, ...audit,
    });
  });

  const vendors: Vendor[] = plan.vendors.map((v) => {
    const metadata = mergeVendorMetadata(defaultVendorMetadata(), v.input.initial_metadata, v.input.extractor_version);
    return { id: stableId('vendor', v.key), name: v.input.name, status: v.input.status ?? 'broken', extractor_version: metadata.extractor_version, metadata, ...audit };
  });
  const vendorByName = new Map(vendors.map((v) => [v.name.toLowerCase(), v]));
  const deployments: Deployment[] = plan.deployments.map((d, i) => {
    const linkedVendors = d.source.vendor_names.map((n) => vendorByName.get(n.toLowerCase())).filter((v): v is Vendor => v !== undefined);
    const unknownVendors = d.source.vendor_names.filter((n) => !vendorByName.has(n.toLowerCase()));
    const linkedItems: string[] = [];
    const legacyRefs: string[] = [];
    for (const ref of d.source.work_item_refs) {
      const id = ref.replace(/^#/, '').toLowerCase();
      if (items.has(id)) linkedItems.push(id);
      else legacyRefs.push(ref);
    }
    return {
      id: stableId('deployment', d.key, i), deployed_at: d.source.deployed_at, commit_hash: d.source.commit_hash,
      metadata: { ...d.metadata, ...(legacyRefs.length ? { legacy_work_item_refs: legacyRefs } : {}), ...(unknownVendors.length ? { legacy_vendor_refs: unknownVendors } : {}) },
      vendors: linkedVendors.map((v) => ({ id: v.id, name: v.name })), work_items: linkedItems.map((id) => ({ id })),
      version: 1, created_at: asOf, created_by: ACTOR,
    };
  });
  const enhancements: Enhancement[] = plan.enhancements.map((e, i) => ({
    id: stableId('enhancement', e.key, i), title: e.input.title, description: e.input.description ?? null, priority: e.input.priority, status: e.input.status,
    target_quarter: e.input.target_quarter ?? null, requires_constitutional_principles: e.input.requires_constitutional_principles, work_item_ids: [], ...audit,
  }));
  return { data: { vendors, work_items: [...items.values()], dependencies, deployments, enhancements, configuration }, warnings, as_of: asOf };
}

/**
 * Fallback layer 4 (SPEC §5): `.project_status.md` read back into a read-only
 * view. The vendor, deployment, enhancement and session sections are parsed
 * with the legacy grammar and mapped as the import maps them; the report's
 * own views add the unfinished work tree (ids, types, statuses, branches,
 * assignees, priorities), what blocks what, and the configuration. The
 * "Pending Changes" section and the user's notes are skipped. `as_of` is the
 * report's "Generated" time, else the file's modification time.
 *
 * Never throws: a missing, unreadable, oversized or unrecognisable file is
 * `{ ok: false, reason }`.
 *
 * @example
 * const result = await createMarkdownLayer({ root }).open();
 */
export function createMarkdownLayer(options: MarkdownLayerOptions): KeptLayer {
  const fail = (reason: string): LayerResult => ({ ok: false, source: 'markdown', reason });
  const file = options.file ?? join(options.root, REPORT_FILE);
  return keepViewOpen('markdown', {
    // The file's identity, checked on every call (one stat): a rewrite (new inode), an edit in place (size, mtime) opens again.
    async key() {
      const info = await stat(file, { bigint: true }).catch(() => null);
      return info?.isFile() ? `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : null;
    },
    async open(): Promise<LayerResult> {
      const limit = options.maxBytes ?? 64 * 1024 * 1024;
      let text: string;
      let mtime: Date;
      try {
        const info = await stat(file);
        if (!info.isFile()) return fail(`markdown_unreadable: ${file} is not a file`);
        if (info.size > limit) return fail(`markdown_too_large: ${file} is ${info.size} bytes, more than the ${limit} this layer reads`);
        mtime = info.mtime;
        text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''); // a byte order mark would hide the first heading
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return fail(`no_markdown_report: there is no ${file} (generate_status_report with write_file writes it)`);
        return fail(`markdown_unreadable: could not read ${file} (${(error as Error).message})`);
      }
      try {
        const parsed = await markdownToSnapshotData(text, mtime.toISOString());
        if (!parsed) return fail(`markdown_unparsable: ${file} holds none of the status report's sections (## Vendors, ## Active Work, ## Deployments, …), so it cannot answer`);
        const { as_of } = parsed;
        const store = await openSnapshotStore(parsed.data, { source: 'markdown', describe: `${REPORT_FILE} as of ${as_of}`, as_of });
        return { ok: true, read: { store, source: 'markdown', as_of, warnings: parsed.warnings } };
      } catch (error) {
        return fail(`markdown_unparsable: ${file} could not be read back (${(error as Error).message})`);
      }
    },
  });
}
