import { oneLine, PENDING_SECTION_TITLE, SECTION_HEADER, USER_SECTION_MARKER } from '../legacy/grammar.js';

/**
 * The "Pending changes" section of `.project_status.md` (SPEC §5): while the
 * database is down, writes are queued in the outbox of the local cache and
 * mirrored here so a person reading the file sees what is waiting to be
 * replayed. Pure text in, text out; the outage layer owns the file.
 *
 * Shape (the heading is a section the legacy grammar knows, so it ends a
 * Session Prompts block and the import and the markdown fallback skip it):
 *
 *     ## Pending Changes (2 total, queued while the database was unavailable)
 *
 *     These writes were accepted while the database was unavailable. …
 *
 *     - #1 `update_work_item` id=0193… version=3 status=completed (queued 2026-11-30T09:00:00.000Z)
 *     - #2 `create_vendor` name=acme (queued 2026-11-30T09:01:00.000Z)
 *     <!-- project-status:pending:end -->
 *
 * It sits just above the user-notes marker (or at the end of a file without
 * one): inside the generated part, so regenerating the report once the outbox
 * has drained drops it, and never among the user's notes, which are kept
 * byte for byte forever.
 */

export { PENDING_SECTION_TITLE };

/** Closes the section; everything from the heading to this line is rewritten. */
export const PENDING_SECTION_END = '<!-- project-status:pending:end -->';

const HEADER_NOTE = 'queued while the database was unavailable';
const PREAMBLE =
  'These writes were accepted while the database was unavailable. They are replayed in this order when it answers again; one that conflicts with a change made meanwhile becomes a sync conflict (`list_sync_conflicts`). This section is rewritten by Project Status: edits here are lost.';

/** Longest summary written; a longer one is cut with an ellipsis. */
export const PENDING_SUMMARY_MAX = 200;

/** One queued write as the section shows it. */
export interface PendingChange {
  /** Position in the outbox (replay order), ≥ 1. */
  position: number;
  /** Catalog operation name, e.g. `update_work_item`. */
  operation: string;
  /** One line saying what the write does (see {@link summarizePendingWrite}). */
  summary: string;
  /** ISO-8601 UTC time it was queued. */
  queued_at: string;
}

/** A line of the section that is not an entry, as {@link parsePendingSection} reports it. */
export interface PendingSectionIssue {
  /** 1-based line of the whole text. */
  line: number;
  reason: string;
}

const OPERATION = /^[a-z][a-z0-9_]*$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z$/;
const ENTRY = /^- #(\d+) `([a-z][a-z0-9_]*)`(?: (.*?))? \(queued (\d{4}-\d{2}-\d{2}T[^\s)]+)\)\s*$/;

function clip(text: string, max: number): string {
  const t = oneLine(text).trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** `- #3 \`update_work_item\` id=… status=completed (queued 2026-…Z)` */
export function formatPendingEntry(entry: PendingChange): string {
  if (!Number.isInteger(entry.position) || entry.position < 1) throw new RangeError(`pending change position must be a positive integer, got ${entry.position}`);
  if (!OPERATION.test(entry.operation)) throw new RangeError(`pending change operation must be a catalog operation name (lower_snake_case), got "${entry.operation}"`);
  if (!ISO.test(entry.queued_at)) throw new RangeError(`pending change queued_at must be an ISO-8601 UTC time, got "${entry.queued_at}"`);
  const summary = clip(entry.summary, PENDING_SUMMARY_MAX);
  return `- #${entry.position} \`${entry.operation}\`${summary ? ` ${summary}` : ''} (queued ${entry.queued_at})`;
}

/**
 * The whole section for `entries` (in the order given; the outbox order), or
 * the empty string when there are none — nothing pending, no section.
 */
export function renderPendingSection(entries: readonly PendingChange[]): string {
  if (entries.length === 0) return '';
  return [`## ${PENDING_SECTION_TITLE} (${entries.length} total, ${HEADER_NOTE})`, '', PREAMBLE, '', ...entries.map(formatPendingEntry), PENDING_SECTION_END].join('\n');
}

/** True for the section's heading line (any count, any note after it). */
function isPendingHeader(line: string): boolean {
  if (!line.startsWith('## ')) return false;
  const m = SECTION_HEADER.exec(line);
  return m !== null && m[1]!.toLowerCase() === PENDING_SECTION_TITLE.toLowerCase();
}

/** Start offsets of each line, so the section can be cut out by offset with the rest kept byte for byte. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Where the section is: from its heading to its end marker (or, when someone
 * deleted the marker, to the line before the next heading or the notes
 * marker, or the end). Only the generated part counts: a heading below the
 * user-notes marker is the user's text. `lines` are 0-based line indexes,
 * `end` exclusive.
 */
function locate(text: string): { startLine: number; endLine: number; lines: string[] } | null {
  const lines = text.split('\n');
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.startsWith(USER_SECTION_MARKER)) break;
    if (start === -1) {
      if (isPendingHeader(line)) start = i;
      continue;
    }
    if (line.startsWith(PENDING_SECTION_END)) return { startLine: start, endLine: i + 1, lines };
    if (/^#{1,2}\s/.test(line)) return { startLine: start, endLine: i, lines };
  }
  if (start === -1) return null;
  let end = lines.length;
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i]!.startsWith(USER_SECTION_MARKER)) {
      end = i;
      break;
    }
  }
  return { startLine: start, endLine: end, lines };
}

/**
 * Reads the section back: its entries in file order, and every line of it
 * that is neither an entry, the preamble, nor blank (with its line number).
 * Null when the text has no section. Never throws.
 */
export function parsePendingSection(text: string): { entries: PendingChange[]; issues: PendingSectionIssue[] } | null {
  const at = locate(text);
  if (!at) return null;
  const entries: PendingChange[] = [];
  const issues: PendingSectionIssue[] = [];
  for (let i = at.startLine + 1; i < at.endLine; i++) {
    const line = at.lines[i]!.replace(/\r$/, '');
    if (!line.trim() || line === PREAMBLE || line.startsWith(PENDING_SECTION_END)) continue;
    const m = ENTRY.exec(line);
    if (!m || !ISO.test(m[4]!)) {
      issues.push({ line: i + 1, reason: `not a pending change line: "${clip(line, 80)}" (expected "- #1 \`operation\` summary (queued 2026-01-01T00:00:00.000Z)")` });
      continue;
    }
    entries.push({ position: Number(m[1]), operation: m[2]!, summary: m[3] ?? '', queued_at: m[4]! });
  }
  return { entries, issues };
}

/**
 * `existing` without the section (and the one blank line that separated it
 * from what came before). Text outside it is kept byte for byte.
 */
export function removePendingSection(existing: string): { content: string; changed: boolean } {
  const at = locate(existing);
  if (!at) return { content: existing, changed: false };
  const starts = lineStarts(existing);
  let from = starts[at.startLine]!;
  const to = at.endLine < starts.length ? starts[at.endLine]! : existing.length;
  // The blank line written before the heading goes with it.
  if (at.startLine > 0 && at.lines[at.startLine - 1]!.trim() === '') from = starts[at.startLine - 1]!;
  const content = existing.slice(0, from) + existing.slice(to);
  return { content, changed: content !== existing };
}

/**
 * `existing` with the section for `entries` written: replaced in place when
 * the text has one, else inserted just above the user-notes marker (or
 * appended when there is none). With no entries the section is removed.
 * Idempotent: applying it to its own output with the same entries changes
 * nothing. Null `existing` means no file yet.
 *
 * @example
 * const { content, changed } = upsertPendingSection(await readReport(), outboxEntries);
 * if (changed) await writeReport(content);
 */
export function upsertPendingSection(existing: string | null, entries: readonly PendingChange[]): { content: string; changed: boolean } {
  const section = renderPendingSection(entries);
  if (existing === null) return { content: section ? `${section}\n` : '', changed: section !== '' };
  const removed = removePendingSection(existing).content;
  if (!section) return { content: removed, changed: removed !== existing };
  const starts = lineStarts(removed);
  const markerLine = removed.split('\n').findIndex((l) => l.startsWith(USER_SECTION_MARKER));
  let content: string;
  if (markerLine >= 0) {
    const at = starts[markerLine]!;
    const before = removed.slice(0, at);
    content = `${before}${before === '' || before.endsWith('\n\n') ? '' : '\n'}${section}\n${removed.slice(at)}`;
  } else {
    const sep = removed === '' ? '' : removed.endsWith('\n\n') ? '' : removed.endsWith('\n') ? '\n' : '\n\n';
    content = `${removed}${sep}${section}\n`;
  }
  return { content, changed: content !== existing };
}

/** Fields that identify what a write touches, in the order a reader looks for them. */
const SUMMARY_KEYS = ['id', 'name', 'title', 'item_type', 'status', 'version', 'source_id', 'target_id', 'dependency_type', 'assignee', 'commit_hash', 'deployed_at', 'text'];

/**
 * A one-line summary of a queued write from its validated input: the
 * identifying scalar fields (`id=… version=3 status=completed`), then how
 * many other fields it sets. Objects and arrays are counted, not shown —
 * the outbox keeps the whole input; this is for a person skimming the file.
 */
export function summarizePendingWrite(input: Readonly<Record<string, unknown>>): string {
  const parts: string[] = [];
  const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
  for (const key of SUMMARY_KEYS) {
    const v = input[key];
    if (scalar(v)) parts.push(`${key}=${typeof v === 'string' ? (/[\s"]/.test(v) || v === '' ? JSON.stringify(clip(v, 60)) : v) : String(v)}`);
  }
  const others = Object.keys(input).filter((k) => !SUMMARY_KEYS.includes(k) && input[k] !== undefined);
  if (others.length) parts.push(`+${others.length} field${others.length === 1 ? '' : 's'} (${others.join(', ')})`);
  return clip(parts.join(' '), PENDING_SUMMARY_MAX);
}
