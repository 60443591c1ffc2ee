/**
 * The line grammar of `.project_status.md`, written once and used both ways:
 * the report renderer formats with these functions and the legacy parser
 * reads with the matching patterns, so a generated report always parses back
 * (SPEC §4.1, §4.2).
 */

import { inKeyOrder } from '../primitives/key-order.js';

/** Section names the parser reads; any other `## ` section is a generated view and is skipped. */
export const SECTIONS = {
  vendors: 'Vendors',
  deployments: 'Deployments',
  enhancements: 'Future Enhancements',
  sessions: 'Session Prompts',
} as const;

/** Which entries a section holds. */
export type SectionKind = keyof typeof SECTIONS;

/** Everything below this line in `.project_status.md` belongs to the user and survives regeneration. */
export const USER_SECTION_MARKER = '<!-- project-status: user notes below are preserved -->';

/** `## Vendors (45 total)`; extra words after the count are allowed: `(45 total, 12 operational)`. */
export const SECTION_HEADER = /^##\s+(.+?)\s*(?:\((\d+)\s+total\b[^)]*\))?\s*$/;

/** `## Vendors (45 total, 12 operational)` */
export function sectionHeader(kind: SectionKind, total: number, extra?: string): string {
  return `## ${SECTIONS[kind]} (${total} total${extra ? `, ${extra}` : ''})`;
}

// ---- vendors -------------------------------------------------------------------

/**
 * `- vendor_1: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3`, as the report writes it.
 * The parser reads it leniently (see `parseVendorLine`): what a person plausibly
 * writes by hand — no skipped part, `passing` for `passed`, `7 of 7`, a `*`
 * bullet, no `v` before the version — reads the same.
 */
export const VENDOR_LINE = /^[-*]\s+([A-Za-z0-9 _-]+?)\s*:\s*([A-Za-z]+)\s*(.*)$/;

/** The test group of a vendor line: `(7/7 tests passed)`, `(7 of 8 passing, 1 skipped)`. */
export const VENDOR_TESTS = /^\(\s*(\d+)\s*(?:\/|of)\s*(\d+)\s*(?:tests?\s*)?(?:passed|passing|pass|ok)?\s*(?:[,;]\s*(\d+)\s+skipped\s*)?\)\s*/i;

/** Format names as the legacy file spells them, keyed by the metadata flag. */
export const FORMAT_NAMES = { excel: 'Excel', csv: 'CSV', pdf: 'PDF', ocr: 'OCR' } as const;
export type FormatKey = keyof typeof FORMAT_NAMES;

/** The vendor facts one line carries. */
export interface VendorLine {
  name: string;
  status: string;
  passing: number;
  total: number;
  skipped: number;
  formats: Record<FormatKey, boolean>;
  version: string;
}

export function formatVendorLine(v: VendorLine): string {
  const formats = (Object.keys(FORMAT_NAMES) as FormatKey[]).filter((k) => v.formats[k]).map((k) => FORMAT_NAMES[k]);
  return `- ${v.name}: ${v.status} (${v.passing}/${v.total} tests passed, ${v.skipped} skipped) [${formats.join(', ')}] v${v.version}`;
}

/** Reads a format list like `Excel, CSV`; unknown names are returned separately. */
export function parseFormats(list: string): { formats: Record<FormatKey, boolean>; unknown: string[] } {
  const formats: Record<FormatKey, boolean> = { excel: false, csv: false, pdf: false, ocr: false };
  const unknown: string[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const key = (Object.keys(FORMAT_NAMES) as FormatKey[]).find((k) => k === raw.toLowerCase());
    if (key) formats[key] = true;
    else unknown.push(raw);
  }
  return { formats, unknown };
}

// ---- deployments ---------------------------------------------------------------

/** `### 2025-10-01 - PR #100` or `### 2025-10-01T12:30:00.000Z - PR #100: Title` */
export const DEPLOYMENT_HEADER = /^###\s+(\d{4}-\d{2}-\d{2}(?:T[0-9:.]+(?:Z|[+-]\d{2}:?\d{2}))?)\s+-\s+PR\s+#(\d+)(?::\s*(.*?))?\s*$/;

/** Header of a deployment block; the title is shown only when it is not the default `PR #<n>`. */
export function formatDeploymentHeader(deployedAt: string, prNumber: number, title: string): string {
  const when = deployedAt.endsWith('T00:00:00.000Z') ? deployedAt.slice(0, 10) : deployedAt;
  const shownTitle = title === defaultPrTitle(prNumber) ? '' : `: ${oneLine(title)}`;
  return `### ${when} - PR #${prNumber}${shownTitle}`;
}

/** What a deployment without a title is called (SPEC §4.2). */
export function defaultPrTitle(prNumber: number): string {
  return `PR #${prNumber}`;
}

/** `- Key: value` inside a block. */
export const FIELD_LINE = /^-\s+([A-Za-z][A-Za-z ]*?):\s*(.*?)\s*$/;

/** A test category written bare; anything else (capitals, commas, quotes) is written as a JSON string. */
const PLAIN_CATEGORY = /^[a-z_][a-z0-9_-]{0,49}$/;
/** One `<count> <category>` part: a bare category (read lower-cased, words allowed) or a JSON string. */
const SUMMARY_PART = /^\s*(\d+)\s+("(?:[^"\\]|\\.)*"|[A-Za-z_][\w -]*?)\s*(?:,|$)/;

/**
 * `45 passed, 0 failed` → `{passed: 45, failed: 0}`; `3 "Unit, fast"` → `{"Unit, fast": 3}`;
 * null when any part is not `<count> <category>`.
 */
export function parseTestSummary(text: string): Record<string, number> | null {
  if (/^none$/i.test(text.trim())) return {};
  const summary: Record<string, number> = {};
  let rest = text.trim();
  while (rest) {
    const m = SUMMARY_PART.exec(rest);
    if (!m) return null;
    let key: string;
    if (m[2]!.startsWith('"')) {
      try {
        key = JSON.parse(m[2]!) as string;
      } catch {
        return null;
      }
    } else key = m[2]!.trim().replace(/\s+/g, ' ').toLowerCase();
    if (!key || key.length > 50) return null;
    summary[key] = Number(m[1]);
    rest = rest.slice(m[0].length).trim();
  }
  return summary;
}

/** The legacy format's own order of test categories; others follow by name, so both engines write the same line. */
const TEST_CATEGORY_ORDER = ['passed', 'failed', 'skipped'];

export function formatTestSummary(summary: Record<string, number>): string {
  const parts = Object.entries(inKeyOrder(summary, TEST_CATEGORY_ORDER)).map(([k, n]) => `${n} ${PLAIN_CATEGORY.test(k) ? k : JSON.stringify(k)}`);
  return parts.length ? parts.join(', ') : 'none';
}

/** `✓` / `✗` (also yes/no, true/false); null when unreadable. */
export function parseCompliance(text: string): boolean | null {
  const t = text.trim().toLowerCase();
  if (['✓', '✔', 'yes', 'true', 'pass', 'passed'].includes(t)) return true;
  if (['✗', '✘', 'x', 'no', 'false', 'fail', 'failed'].includes(t)) return false;
  return null;
}

export function formatCompliance(ok: boolean): string {
  return ok ? '✓' : '✗';
}

/** Words that, alone, mean an empty list. */
const EMPTY_LIST = /^(none|-|—)?$/i;
/** One list item: a JSON string (for names that would read otherwise) or plain text up to the next comma. */
const LIST_ITEM = /^\s*("(?:[^"\\]|\\.)*"|[^,]*?)\s*(?:,|$)/;

/**
 * A comma-separated list (`#T001, #T002`), `none` or empty meaning no entries.
 * An item written as a JSON string (`"none"`, `"a, b"`) is read as that string.
 */
export function parseList(text: string): string[] {
  if (EMPTY_LIST.test(text.trim())) return [];
  const items: string[] = [];
  let rest = text.trim();
  while (rest) {
    const m = LIST_ITEM.exec(rest)!;
    let item = m[1]!;
    if (item.startsWith('"') && item.length > 1 && item.endsWith('"')) {
      try {
        item = JSON.parse(item) as string;
      } catch {
        // Not a JSON string after all: kept as written.
      }
    }
    if (item) items.push(item);
    rest = rest.slice(m[0].length || rest.length).trim();
  }
  return items;
}

/** Items that would read as something else (the empty-list words, commas, quotes, edge spaces) are written as JSON strings. */
export function formatList(values: readonly string[]): string {
  const item = (v: string) => (EMPTY_LIST.test(v) || /[,"\n\r]|^\s|\s$/.test(v) ? JSON.stringify(v) : v);
  return values.length ? values.map(item).join(', ') : 'none';
}

// ---- enhancements --------------------------------------------------------------

/** `- Title (Priority: High, Q1 2026)`: the last parenthesised group holds the attributes. */
export const ENHANCEMENT_LINE = /^-\s+(.+?)\s+\(([^()]*)\)\s*$/;

const PRIORITY_WORDS: Record<string, number> = { high: 1, medium: 3, low: 5 };
const PRIORITY_NAMES: Record<number, string> = { 1: 'High', 3: 'Medium', 5: 'Low' };

/** High/Medium/Low → 1/3/5; a digit 1–5 is taken as is; null otherwise. */
export function parsePriority(text: string): number | null {
  const t = text.trim().toLowerCase();
  if (t in PRIORITY_WORDS) return PRIORITY_WORDS[t]!;
  return /^[1-5]$/.test(t) ? Number(t) : null;
}

export function formatPriority(priority: number): string {
  return PRIORITY_NAMES[priority] ?? String(priority);
}

/** `Q1 2026` or `2026-Q1` → `2026-Q1`; null otherwise. */
export function parseQuarter(text: string): string | null {
  const t = text.trim();
  const legacy = /^Q([1-4])\s+(\d{4})$/i.exec(t);
  if (legacy) return `${legacy[2]}-Q${legacy[1]}`;
  return /^\d{4}-Q[1-4]$/i.test(t) ? t.toUpperCase() : null;
}

/** `2026-Q1` → `Q1 2026` (the legacy spelling). */
export function formatQuarter(quarter: string): string {
  const m = /^(\d{4})-Q([1-4])$/.exec(quarter);
  return m ? `Q${m[2]} ${m[1]}` : quarter;
}

// ---- sessions ------------------------------------------------------------------

/** `### Session 2025-03-01` */
export const SESSION_HEADER = /^###\s+Session\s+(\d{4}-\d{2}-\d{2})\s*$/;

/**
 * Keys the importer adds to a session's `yaml_frontmatter` to keep what the
 * strict session metadata has no field for: the block's date and its prompt
 * text. The renderer moves them back out of the frontmatter.
 */
export const SESSION_DATE_KEY = 'session_date';
export const SESSION_PROMPT_KEY = 'prompt_text';

/** A line that, at the start of a line in the file, would read as structure (a heading, a fence, the marker). */
const STRUCTURAL = /^\\*(#|---\s*$|<!-- project-status:)/;
/** What the parser removes one backslash from: an escaped structural line, or a backslash before a blank line. */
const ESCAPED = /^\\+(#|---\s*$|<!-- project-status:|\s*$)/;

/**
 * Prompt text lines that would read as a heading, a frontmatter fence or the
 * user marker get a leading backslash so the block stays one block; so do
 * lines that already start with backslashes before such text, and a blank
 * first or last line (the parser trims blank lines around a prompt). Only
 * those: `\section{x}` is written and read as is.
 * `unescapePromptLine(escapePromptLine(line, edge)) === line` for every line.
 */
export function escapePromptLine(line: string, edge = false): string {
  return STRUCTURAL.test(line) || /^\\+\s*$/.test(line) || (edge && /^\s*$/.test(line)) ? `\\${line}` : line;
}

export function unescapePromptLine(line: string): string {
  return ESCAPED.test(line) ? line.slice(1) : line;
}

/**
 * True for the line that starts the user's notes: the marker at column 0, as
 * the report writes it (an indented copy inside a YAML block scalar is text).
 */
export function isUserSectionMarker(line: string): boolean {
  return line.startsWith(USER_SECTION_MARKER);
}

/**
 * The section listing writes queued while the database was unavailable
 * (`outage/pending-section.ts`): a known section, so it ends a Session Prompts
 * block, and one the parser skips, so queued writes are never imported.
 */
export const PENDING_SECTION_TITLE = 'Pending Changes';

/** `## ` sections the generated report writes besides the four the parser reads. */
export const REPORT_VIEW_SECTIONS = ['Active Work', 'Blocked', 'Ready Work', 'Configuration', PENDING_SECTION_TITLE] as const;

const VIEW_TITLES = new Set(REPORT_VIEW_SECTIONS.map((t) => t.toLowerCase()));

/** Section titles as written (any letter case), singular forms included: `## Vendor` is the Vendors section. */
const KIND_BY_TITLE = new Map<string, SectionKind>(
  (Object.entries(SECTIONS) as [SectionKind, string][]).flatMap(([kind, title]) => [
    [title.toLowerCase(), kind],
    [title.toLowerCase().replace(/s$/, ''), kind],
  ]),
);

/** What a heading line names. */
export interface SectionHeading {
  /** 1–3: the number of `#`. */
  level: number;
  /** The title as written, without the count and colon. */
  title: string;
  /** The status section it names, or null. */
  kind: SectionKind | null;
  /** True for one of the report's own views (`## Active Work (3 items)`, …): known, and not imported. */
  view: boolean;
  declared: number | null;
  /** False when it names a section in another spelling than `## Title (N total)` (a colon, `###`, no space, singular). */
  canonical: boolean;
}

/**
 * Reads a heading line of up to three `#`. `## Vendors (3 total)` is the
 * canonical form (any letter case); `## Vendors:`, `## Vendors: (3 total)`,
 * `### Vendors`, `##Vendors` and `## Vendor` name the same section. Null for
 * a line that is no heading: more than three `#`, or no space after the
 * hashes unless the title names a section (`#T001` is text). Written without
 * backtracking patterns: it runs on every line of files up to 20 MB.
 */
export function readSectionHeading(line: string): SectionHeading | null {
  const hashes = /^#{1,3}(?!#)/.exec(line);
  if (!hashes) return null;
  const level = hashes[0].length;
  const after = line.slice(level);
  const spaced = after.startsWith(' ') || after.startsWith('\t');
  let title = after.trim();
  let declared: number | null = null;
  if (title.endsWith(':')) title = title.slice(0, -1).trimEnd();
  const count = /\((\d+)\s+total\b[^)]*\)$/.exec(title);
  if (count) {
    declared = Number(count[1]);
    title = title.slice(0, count.index).trimEnd();
    if (title.endsWith(':')) title = title.slice(0, -1).trimEnd();
  }
  const kind = KIND_BY_TITLE.get(title.toLowerCase()) ?? null;
  if (!spaced && kind === null) return null;
  const view = kind === null && VIEW_TITLES.has(title.replace(/\s*\([^)]*\)$/, '').toLowerCase());
  const canonical = kind !== null && level === 2 && spaced && title.toLowerCase() === SECTIONS[kind].toLowerCase() && !/:\s*(\(|$)/.test(after);
  return { level, title, kind, view, declared, canonical };
}

/**
 * True for `## Vendors (3 total)`, `## Configuration` & co. (any spelling
 * {@link readSectionHeading} accepts, at level 1 or 2): inside a session
 * prompt, only these end the section; any other heading is prompt text.
 */
export function isKnownSectionHeader(line: string): boolean {
  const h = readSectionHeading(line);
  return h !== null && h.level <= 2 && (h.kind !== null || h.view);
}

/** A day as the session header writes it. */
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What the Session Prompts section shows of a session work item, and what the
 * importer matches it by: the day (the imported block's `session_date`, else
 * the day it was created), the prompt (`prompt_text`, else the title) and the
 * frontmatter without the keys used for those two. A reserved key holding
 * something else stays in the frontmatter.
 */
export function sessionFacts(item: { title: string; created_at: string; metadata: Record<string, unknown> }): { date: string; prompt: string; frontmatter: Record<string, unknown> } {
  const fm = item.metadata.yaml_frontmatter;
  const frontmatter: Record<string, unknown> = fm !== null && typeof fm === 'object' && !Array.isArray(fm) ? { ...(fm as Record<string, unknown>) } : {};
  const day = frontmatter[SESSION_DATE_KEY];
  const prompt = frontmatter[SESSION_PROMPT_KEY];
  const date = typeof day === 'string' && DAY.test(day) ? day : item.created_at.slice(0, 10);
  if (typeof day === 'string' && DAY.test(day)) delete frontmatter[SESSION_DATE_KEY];
  if (typeof prompt === 'string') delete frontmatter[SESSION_PROMPT_KEY];
  return { date, prompt: typeof prompt === 'string' ? prompt : item.title, frontmatter };
}

/** Collapses newlines so a value fits on one markdown line. */
export function oneLine(text: string): string {
  // Fast path: almost every title has no line break, and the report formats 100 000 of them.
  return text.includes('\n') || text.includes('\r') ? text.replace(/\s*[\r\n]+\s*/g, ' ') : text;
}
