/**
 * The line grammar of `.project_status.md`, written once and used both ways:
 * the report renderer formats with these functions and the legacy parser
 * reads with the matching patterns, so a generated report always parses back
 * (SPEC §4.1, §4.2).
 */

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

/** `- vendor_1: operational (10/12 tests passed, 2 skipped) [Excel, CSV] v1.2.3` */
export const VENDOR_LINE = /^-\s+([A-Za-z0-9 _-]+?):\s+(\S+)\s+\((\d+)\s*\/\s*(\d+)\s+tests?\s+passed,\s*(\d+)\s+skipped\)\s+\[([^\]]*)\]\s+v(\S{1,50})\s*$/;

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

/** `45 passed, 0 failed` → `{passed: 45, failed: 0}`; null when any part is not `<count> <category>`. */
export function parseTestSummary(text: string): Record<string, number> | null {
  if (/^none$/i.test(text.trim())) return {};
  const summary: Record<string, number> = {};
  for (const part of text.split(',').map((s) => s.trim())) {
    const m = /^(\d+)\s+([A-Za-z_][\w-]{0,49})$/.exec(part);
    if (!m) return null;
    summary[m[2]!.toLowerCase()] = Number(m[1]);
  }
  return summary;
}

export function formatTestSummary(summary: Record<string, number>): string {
  const parts = Object.entries(summary).map(([k, n]) => `${n} ${k}`);
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

/** A comma-separated list (`#T001, #T002`), `none` or empty meaning no entries. */
export function parseList(text: string): string[] {
  if (/^(none|-|—)?$/i.test(text.trim())) return [];
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

export function formatList(values: readonly string[]): string {
  return values.length ? values.join(', ') : 'none';
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

/**
 * Prompt text lines that would read as a heading, a frontmatter fence or the
 * user marker are escaped with a backslash so the block stays one block.
 */
export function escapePromptLine(line: string): string {
  return /^(#|---\s*$|\\|<!-- project-status:)/.test(line) ? `\\${line}` : line;
}

export function unescapePromptLine(line: string): string {
  return line.startsWith('\\') ? line.slice(1) : line;
}

/** Collapses newlines so a value fits on one markdown line. */
export function oneLine(text: string): string {
  // Fast path: almost every title has no line break, and the report formats 100 000 of them.
  return text.includes('\n') || text.includes('\r') ? text.replace(/\s*[\r\n]+\s*/g, ' ') : text;
}
