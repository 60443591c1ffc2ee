import type { ProjectConfiguration } from '../configuration/schema.js';
import type { DependencyEdge } from '../dependency/rules.js';
import type { Deployment } from '../deployment/schema.js';
import type { Enhancement } from '../enhancement/schema.js';
import type { WorkOutline } from '../ports/store.js';
import {
  escapePromptLine,
  formatCompliance,
  formatDeploymentHeader,
  formatList,
  formatPriority,
  formatQuarter,
  formatTestSummary,
  formatVendorLine,
  oneLine,
  sectionHeader,
  sessionFacts,
} from '../legacy/grammar.js';
import type { Vendor } from '../vendor/schema.js';
import { DEFAULT_PRIORITY } from '../work-item/schema.js';
import type { WorkItem } from '../work-item/schema.js';
import { loadYaml, type YamlModule } from '../yaml.js';
import { countOf } from '../primitives/plural.js';
import { inKeyOrder } from '../primitives/key-order.js';
import { frontmatterYaml, truncateDeep } from './frontmatter.js';
import { buildWorkView, compareNatural, compareText, type TreeLine } from './work-view.js';

/** Everything the report is rendered from: plain store data. */
export interface ReportData {
  vendors: readonly Vendor[];
  /** Live unfinished work items and their ancestors (store port `listWorkOutline`). */
  outline: readonly WorkOutline[];
  /** Live session work items, finished ones too (the Session Prompts section). */
  sessions: readonly WorkItem[];
  /** How many live work items there are in all. */
  liveWorkItems: number;
  dependencies: readonly DependencyEdge[];
  deployments: readonly Deployment[];
  enhancements: readonly Enhancement[];
  configuration: ProjectConfiguration;
}

export interface RenderOptions {
  /** ISO timestamp printed in the footer. */
  generatedAt: string;
  /** Which store answered (SPEC §5 `data_source`). */
  dataSource: string;
  /** Caps the "Blocked" and "Ready Work" lists (the tree is never cut); default 100. */
  maxListItems?: number;
}

/** Sizes of what the report shows. */
export interface ReportCounts {
  vendors: number;
  operational_vendors: number;
  work_items: number;
  tree_items: number;
  blocked: number;
  ready: number;
  deployments: number;
  enhancements: number;
  sessions: number;
}

const ITEM_PREVIEW = 100;

function treeLine({ item, level }: TreeLine): string {
  const facts: string[] = [item.item_type];
  if (item.priority !== DEFAULT_PRIORITY) facts.push(`P${item.priority}`);
  if (item.branch_name) facts.push(`branch ${oneLine(item.branch_name)}`);
  if (item.assignee) facts.push(`@${oneLine(item.assignee)}`);
  return `${'  '.repeat(level)}- [${item.status}] ${oneLine(item.title)} (${facts.join(', ')}) \`${item.id}\``;
}

function itemRef(item: WorkOutline): string {
  return `${oneLine(item.title)} \`${item.id}\``;
}

function capped<T>(lines: string[], rows: readonly T[], max: number, format: (row: T) => string, what: string): void {
  for (const row of rows.slice(0, max)) lines.push(format(row));
  if (rows.length > max) lines.push(`- … and ${countOf(rows.length - max, `more ${what}`)} (list_ready_work / list_work_items show them all)`);
}

/**
 * Renders the status report (SPEC §4.1). Pure: store data in, markdown out.
 * The vendor, deployment, enhancement and session sections use the legacy
 * grammar (see `legacy/grammar.ts`), so `parseLegacyStatus` reads them back;
 * the other sections are views for humans and are skipped by the parser.
 *
 * @example
 * const { markdown } = await renderStatusReport(data, { generatedAt: new Date().toISOString(), dataSource: 'sqlite' });
 */
export async function renderStatusReport(data: ReportData, options: RenderOptions): Promise<{ markdown: string; counts: ReportCounts; warnings: string[] }> {
  const { stringify } = await loadYaml();
  const max = options.maxListItems ?? ITEM_PREVIEW;
  const view = buildWorkView(data.outline, data.dependencies);
  // Sorted here, not by the caller: the same data renders the same bytes whatever order it came in.
  const sessions = data.sessions
    .filter((w) => !w.deleted_at)
    .map((item) => ({ item, day: sessionFacts(item).date }))
    .sort((a, b) => compareText(a.day, b.day) || compareText(a.item.created_at, b.item.created_at) || compareText(a.item.id, b.item.id))
    .map((s) => s.item);
  const vendors = [...data.vendors].sort((a, b) => compareNatural(a.name, b.name) || compareText(a.id, b.id));
  const deployments = [...data.deployments].sort((a, b) => compareText(b.deployed_at, a.deployed_at) || compareText(b.id, a.id));
  const operational = data.vendors.filter((v) => v.status === 'operational').length;
  const out: string[] = ['# Project Status', ''];

  out.push(sectionHeader('vendors', data.vendors.length, `${operational} operational`));
  for (const v of vendors) {
    const t = v.metadata.test_results;
    out.push(formatVendorLine({ name: v.name, status: v.status, passing: t.passing, total: t.total, skipped: t.skipped, formats: v.metadata.format_support, version: v.extractor_version }));
  }

  out.push('', `## Active Work (${countOf(view.tree.length, 'item')})`);
  if (!view.tree.length) out.push('- nothing unfinished');
  for (const line of view.tree) out.push(treeLine(line));

  out.push('', `## Blocked (${view.blocked.length})`);
  if (!view.blocked.length) out.push('- nothing is blocked');
  capped(out, view.blocked, max, ({ item, blockers }) => {
    const why = blockers.length ? `waits for ${blockers.map((b) => `${itemRef(b)} [${b.status}]`).join(', ')}` : 'marked blocked';
    const reason = item.blocked_reason ? ` — ${oneLine(item.blocked_reason)}` : '';
    return `- ${itemRef(item)}: ${why}${reason}`;
  }, 'blocked item');

  out.push('', `## Ready Work (${view.ready.length})`);
  if (!view.ready.length) out.push('- nothing is ready');
  capped(out, view.ready, max, (item) => `- ${itemRef(item)} (${item.item_type}, P${item.priority}${item.assignee ? `, @${oneLine(item.assignee)}` : ''})`, 'ready item');

  out.push('', sectionHeader('deployments', data.deployments.length));
  for (const d of deployments) {
    const m = d.metadata;
    const refs = [...d.work_items.map((w) => w.id), ...(m.legacy_work_item_refs ?? [])];
    const vendors = [...d.vendors.map((v) => v.name), ...(Array.isArray(m.legacy_vendor_refs) ? (m.legacy_vendor_refs as string[]) : [])];
    out.push(
      formatDeploymentHeader(d.deployed_at, m.pr_number, m.pr_title),
      `- Commit: ${d.commit_hash}`,
      `- Work Items: ${formatList(refs)}`,
      `- Vendors: ${formatList(vendors)}`,
      `- Tests: ${formatTestSummary(m.test_summary)}`,
      `- Constitutional Compliance: ${formatCompliance(m.constitutional_compliance)}`,
      '',
    );
  }
  if (!data.deployments.length) out.push('');

  out.push(sectionHeader('enhancements', data.enhancements.length));
  // Oldest first within a priority: the backlog reads in the order it was written, and an import of this file recreates that order.
  const enhancements = [...data.enhancements].sort((a, b) => a.priority - b.priority || compareText(a.created_at, b.created_at) || compareText(a.id, b.id));
  for (const e of enhancements) {
    const attrs = [`Priority: ${formatPriority(e.priority)}`];
    if (e.target_quarter) attrs.push(formatQuarter(e.target_quarter));
    if (e.status !== 'planned') attrs.push(e.status);
    out.push(`- ${oneLine(e.title)} (${attrs.join(', ')})`);
  }

  out.push('', sectionHeader('sessions', sessions.length));
  const warnings: string[] = [];
  for (const s of sessions) out.push(...sessionBlock(s, stringify, warnings), '');
  if (!sessions.length) out.push('');

  const c = data.configuration;
  out.push(
    '## Configuration',
    `- Active context: ${c.active_context_type}`,
    `- Current session: ${c.current_session_id ?? 'none'}`,
    `- Git branch: ${c.git_branch ?? 'unknown'}`,
    `- Git head commit: ${c.git_head_commit ?? 'unknown'}`,
    `- Default token budget: ${c.default_token_budget}`,
    `- Database healthy: ${c.database_healthy ? 'yes' : 'no'}${c.last_health_check_at ? ` (checked ${c.last_health_check_at})` : ''}`,
    `- Configuration version: ${c.version}`,
    '',
    `_Generated ${options.generatedAt} from the ${options.dataSource} store by project-status: ${countOf(data.vendors.length, 'vendor')}, ${countOf(data.liveWorkItems, 'live work item')}, ${countOf(data.deployments.length, 'deployment')}, ${countOf(data.enhancements.length, 'enhancement')}, ${countOf(sessions.length, 'session')}. Everything above the notes marker is regenerated; write your own notes below it._`,
    '',
  );
  return {
    warnings,
    markdown: out.join('\n'),
    counts: {
      vendors: data.vendors.length,
      operational_vendors: operational,
      work_items: data.liveWorkItems,
      tree_items: view.tree.length,
      blocked: view.blocked.length,
      ready: view.ready.length,
      deployments: data.deployments.length,
      enhancements: data.enhancements.length,
      sessions: sessions.length,
    },
  };
}

/** Frontmatter keys the legacy format writes first; the rest follow by name. */
const FRONTMATTER_KEY_ORDER = ['schema_version', 'session_id'];

/** `### Session <date>`, the frontmatter without the importer's own keys, then the prompt text. */
function sessionBlock(s: WorkItem, stringify: YamlModule['stringify'], warnings: string[]): string[] {
  const { date, prompt, frontmatter } = sessionFacts(s);
  // Data stored before input limits existed may nest deeper than any renderer's stack: shown cut, with a note.
  // In one key order on both engines (PostgreSQL's jsonb does not keep the written order), the legacy format's first.
  const { value, truncated } = truncateDeep(inKeyOrder(frontmatter, FRONTMATTER_KEY_ORDER));
  if (truncated) warnings.push(`session ${s.id}: yaml_frontmatter nests deeper than the report shows; values below the cut are replaced by a note (the store keeps them whole)`);
  const yaml = frontmatterYaml(value as Record<string, unknown>, stringify);
  const lines = [`### Session ${date}`, '---'];
  if (yaml && yaml !== '{}') lines.push(yaml);
  lines.push('---');
  if (prompt) {
    const text = prompt.split('\n');
    lines.push(...text.map((line, i) => escapePromptLine(line, i === 0 || i === text.length - 1)));
  }
  return lines;
}
