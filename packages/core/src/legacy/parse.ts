import { loadYaml, type YamlModule } from '../yaml.js';
import {
  DEPLOYMENT_HEADER,
  ENHANCEMENT_LINE,
  FIELD_LINE,
  SECTIONS,
  SESSION_HEADER,
  VENDOR_LINE,
  VENDOR_TESTS,
  isKnownSectionHeader,
  isUserSectionMarker,
  readSectionHeading,
  parseCompliance,
  parseFormats,
  parseList,
  parsePriority,
  parseQuarter,
  parseTestSummary,
  unescapePromptLine,
  type SectionKind,
  type VendorLine,
} from './grammar.js';

/** A problem found at a line of the file (1-based). */
export interface LegacyIssue {
  line: number;
  section: string;
  reason: string;
}

/** A vendor line as parsed, with where it stood. */
export interface ParsedVendor extends VendorLine {
  line: number;
}

export interface ParsedDeployment {
  line: number;
  /** ISO-8601 UTC. */
  deployed_at: string;
  pr_number: number;
  /** Null when the header carries no title. */
  pr_title: string | null;
  commit_hash: string;
  work_item_refs: string[];
  vendor_names: string[];
  test_summary: Record<string, number>;
  constitutional_compliance: boolean;
}

export interface ParsedEnhancement {
  line: number;
  title: string;
  priority: number;
  target_quarter: string | null;
  /** Only when the line names one (`…, approved)`). */
  status: string | null;
}

export interface ParsedSession {
  line: number;
  /** `YYYY-MM-DD` from the block header. */
  date: string;
  frontmatter: Record<string, unknown>;
  prompt: string;
}

/** What one `## Name (N total)` section declared and held. */
export interface SectionCount {
  kind: SectionKind;
  line: number;
  declared: number | null;
  /** Entries that parsed. */
  found: number;
  /** Entries that looked like entries but did not parse. */
  malformed: number;
}

/**
 * Text the parser could not place: the lines under a heading that names no
 * section it reads (`## Vendor list`, `## Notes`), or entry-like lines
 * (bullets, `###` headings) before the first section. Each is in `issues`.
 */
export interface UnreadText {
  /** The heading's line, or the first unread line when there is no heading. */
  line: number;
  /** The heading as written, null before the first section. */
  heading: string | null;
  /** The non-blank lines that were not read. */
  lines: number[];
}

/** Everything read from a legacy (or generated) `.project_status.md`. */
export interface LegacyDocument {
  vendors: ParsedVendor[];
  deployments: ParsedDeployment[];
  enhancements: ParsedEnhancement[];
  sessions: ParsedSession[];
  sections: SectionCount[];
  /** Text under headings the parser does not read, also reported in `issues`. */
  unread: UnreadText[];
  /** Malformed entries (skipped), sections whose header count disagrees, and unread text. */
  issues: LegacyIssue[];
  /** Entries kept with a default or a dropped detail, and headings read in another spelling. */
  warnings: LegacyIssue[];
}

/** The sections the parser reads, as a list for messages. */
const SECTION_LIST = Object.values(SECTIONS).map((t) => `"## ${t}"`).join(', ');

/** A list bullet or a `###` heading: text before the first section that looks like an entry. */
const ENTRY_LIKE = /^\s*(?:[-*+]|\d{1,9}[.)])\s|^#{3,}/;

/** `3, 5–7, 9`: line numbers with runs collapsed. */
function lineRanges(lines: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j]! + 1) j++;
    parts.push(j > i ? `${lines[i]}–${lines[j]}` : String(lines[i]));
    i = j;
  }
  return parts.join(', ');
}

/** A `### ` block: its header line and the lines up to the next heading. */
interface Block {
  line: number;
  header: string;
  body: { line: number; text: string }[];
}

/**
 * Parses the markdown status file, keeping the line number of every entry.
 * Never throws: malformed entries are reported in `issues` and skipped. The
 * report's own views (`## Active Work` & co.) and the document's `#` title
 * are skipped; text under any other heading, and entry-like lines before the
 * first section, are reported in `issues` and `unread` — never dropped
 * silently. A leading byte order mark is ignored. Reading stops at the
 * user-notes marker.
 *
 * @example
 * const doc = await parseLegacyStatus(text);
 * doc.vendors[0]; // { line: 4, name: 'vendor_1', status: 'operational', passing: 10, ... }
 */
export async function parseLegacyStatus(text: string): Promise<LegacyDocument> {
  const { parseDocument } = await loadYaml();
  const doc: LegacyDocument = { vendors: [], deployments: [], enhancements: [], sessions: [], sections: [], unread: [], issues: [], warnings: [] };
  // A byte order mark (Windows editors write one) would hide the first heading.
  const lines = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).split(/\r?\n/);
  let current: { count: SectionCount; title: string; lines: { line: number; text: string }[] } | null = null;
  // Where lines go when no section reads them: before the first section (preamble: only entry-like lines are reported), under a report view (skipped: the report's own), or under an unknown heading (all reported).
  let outside: { mode: 'preamble' | 'skip' } | { mode: 'unknown'; unread: UnreadText } = { mode: 'preamble' };
  const preamble: UnreadText = { line: 0, heading: null, lines: [] };
  const finish = () => {
    if (!current) return;
    parseSection(doc, current.count, current.title, current.lines, parseDocument);
    const c = current.count;
    if (c.declared !== null && c.declared !== c.found + c.malformed) {
      doc.issues.push({
        line: c.line,
        section: current.title,
        reason: `header says ${c.declared} total but the section holds ${c.found + c.malformed} entr${c.found + c.malformed === 1 ? 'y' : 'ies'} (${c.found} well-formed, ${c.malformed} malformed)`,
      });
    }
    doc.sections.push(c);
    current = null;
  };
  // Inside the Session Prompts section, once a `### ` block has started, a heading is prompt text
  // (or a YAML comment in the frontmatter) unless it is a section the format knows.
  let inSessionBlock = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!;
    const line = i + 1;
    if (isUserSectionMarker(text)) break;
    const heading = readSectionHeading(text);
    // `###` starts a section only when it names one (`### Vendors`); else it is a deployment or session block, or text.
    const starts = heading !== null && (heading.level <= 2 || heading.kind !== null);
    if (starts) {
      if (inSessionBlock && current && (heading.level > 2 || !isKnownSectionHeader(text))) {
        current.lines.push({ line, text });
        continue;
      }
      if (heading.level === 1 && heading.kind === null && !heading.view && outside.mode === 'preamble' && !current) {
        continue; // the document's title
      }
      finish();
      inSessionBlock = false;
      if (heading.kind) {
        const kind = heading.kind;
        current = { title: SECTIONS[kind], count: { kind, line, declared: heading.declared, found: 0, malformed: 0 }, lines: [] };
        if (!heading.canonical) doc.warnings.push({ line, section: SECTIONS[kind], reason: `heading "${clip(text, 60)}" read as the ${SECTIONS[kind]} section (the report writes "## ${SECTIONS[kind]} (N total)")` });
        outside = { mode: 'skip' };
      } else if (heading.view) {
        outside = { mode: 'skip' };
      } else {
        outside = { mode: 'unknown', unread: { line, heading: text.trim(), lines: [] } };
        doc.unread.push(outside.unread);
      }
      continue;
    }
    if (current?.count.kind === 'sessions' && text.startsWith('### ')) inSessionBlock = true;
    if (current) current.lines.push({ line, text });
    else if (!text.trim()) continue;
    else if (outside.mode === 'unknown') outside.unread.lines.push(line);
    else if (outside.mode === 'preamble' && ENTRY_LIKE.test(text)) preamble.lines.push(line);
  }
  finish();
  if (preamble.lines.length) {
    preamble.line = preamble.lines[0]!;
    doc.unread.unshift(preamble);
  }
  for (const u of doc.unread) {
    if (!u.lines.length) continue;
    const n = `${u.lines.length} line${u.lines.length === 1 ? '' : 's'}`;
    doc.issues.push(
      u.heading === null
        ? { line: u.line, section: '(before the first section)', reason: `${n} before the first section look like entries but stand under no section the import reads (${SECTION_LIST}); not imported: line${u.lines.length === 1 ? '' : 's'} ${lineRanges(u.lines)}` }
        : { line: u.line, section: clip(u.heading, 60), reason: `heading "${clip(u.heading, 60)}" names no section the import reads (${SECTION_LIST}); the ${n} under it ${u.lines.length === 1 ? 'was' : 'were'} not imported: line${u.lines.length === 1 ? '' : 's'} ${lineRanges(u.lines)}` },
    );
  }
  return doc;
}

function parseSection(doc: LegacyDocument, count: SectionCount, title: string, lines: { line: number; text: string }[], parseDocument: YamlModule['parseDocument']): void {
  const issue = (line: number, reason: string, entry = true) => {
    doc.issues.push({ line, section: title, reason });
    if (entry) count.malformed++;
  };
  const warn = (line: number, reason: string) => doc.warnings.push({ line, section: title, reason });
  if (count.kind === 'vendors' || count.kind === 'enhancements') {
    for (const { line, text } of lines) {
      if (!text.trim()) continue;
      const parsed = count.kind === 'vendors' ? parseVendorLine(text, line, warn) : parseEnhancementLine(text, line, warn);
      if (typeof parsed === 'string') {
        // A bullet is an entry that failed; any other text is a stray line, not an entry.
        issue(line, parsed, /^\s*[-*]\s/.test(text));
      } else if (count.kind === 'vendors') {
        doc.vendors.push(parsed as ParsedVendor);
        count.found++;
      } else {
        doc.enhancements.push(parsed as ParsedEnhancement);
        count.found++;
      }
    }
    return;
  }
  // A `### ` line inside a session's prompt that does not name a session is prompt text.
  const startsBlock = count.kind === 'sessions' ? (text: string, open: boolean) => !open || /^###\s+session\b/i.test(text) : () => true;
  for (const block of splitBlocks(lines, startsBlock, (line, text) => issue(line, `unexpected text outside a ### block: "${clip(text)}"`, false))) {
    const parsed = count.kind === 'deployments' ? parseDeploymentBlock(block, warn) : parseSessionBlock(block, parseDocument, warn);
    if (typeof parsed === 'string') issue(block.line, parsed);
    else if ('reason' in parsed) issue(parsed.at, parsed.reason);
    else if (count.kind === 'deployments') {
      doc.deployments.push(parsed as ParsedDeployment);
      count.found++;
    } else {
      doc.sessions.push(parsed as ParsedSession);
      count.found++;
    }
  }
}

function splitBlocks(lines: { line: number; text: string }[], startsBlock: (text: string, open: boolean) => boolean, stray: (line: number, text: string) => void): Block[] {
  const blocks: Block[] = [];
  let block: Block | null = null;
  for (const l of lines) {
    if (l.text.startsWith('### ') && startsBlock(l.text, block !== null)) {
      block = { line: l.line, header: l.text, body: [] };
      blocks.push(block);
    } else if (block) block.body.push(l);
    else if (l.text.trim()) stray(l.line, l.text);
  }
  return blocks;
}

function clip(text: string, max = 80): string {
  const t = text.trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

const VENDOR_EXPECTED = '(expected "- name: operational|broken (P/T tests passed, S skipped) [Excel, CSV] v1.2.3")';

/**
 * One vendor line, read leniently: the skipped part may be left out (0), the
 * test group may say `passing` or `7 of 7`, the bullet may be `*`, the
 * version may lack its `v`; a missing format list or version imports as none
 * / `0.0.0` with a warning. Status and test counts are required.
 */
function parseVendorLine(text: string, line: number, warn: (line: number, reason: string) => void): ParsedVendor | string {
  const m = VENDOR_LINE.exec(text.trim());
  if (!m) return `not a vendor line: "${clip(text)}" ${VENDOR_EXPECTED}`;
  const name = m[1]!.trim();
  let rest = m[3]!;
  const tests = VENDOR_TESTS.exec(rest);
  if (!tests) return `vendor "${name}" has no test counts like "(7/7 tests passed)" after its status: "${clip(text)}" ${VENDOR_EXPECTED}`;
  rest = rest.slice(tests[0].length);
  let formats: ParsedVendor['formats'] = { excel: false, csv: false, pdf: false, ocr: false };
  const list = /^\[([^\]]*)\]\s*/.exec(rest);
  if (list) {
    const parsed = parseFormats(list[1]!);
    if (parsed.unknown.length) return `vendor "${name}" lists unknown format(s) ${parsed.unknown.join(', ')} (known: Excel, CSV, PDF, OCR)`;
    formats = parsed.formats;
    rest = rest.slice(list[0].length);
  } else warn(line, `vendor "${name}" lists no formats (like "[Excel, CSV]"); imported with none`);
  rest = rest.trim();
  let version = rest.startsWith('v') ? rest.slice(1) : rest;
  if (!rest) {
    warn(line, `vendor "${name}" gives no version (like "v1.2.3"); imported as 0.0.0`);
    version = '0.0.0';
  }
  if (!version.trim() || version.length > 50) return `vendor "${name}" has version "${clip(version, 60)}" (expected 1–50 characters, like v1.2.3)`;
  return { line, name, status: m[2]!.toLowerCase(), passing: Number(tests[1]), total: Number(tests[2]), skipped: Number(tests[3] ?? 0), formats, version };
}

function parseEnhancementLine(text: string, line: number, warn: (line: number, reason: string) => void): ParsedEnhancement | string {
  const trimmed = text.trim();
  if (!/^[-*]\s+\S/.test(trimmed)) return `not an enhancement line: "${clip(text)}" (expected "- Title (Priority: High, Q1 2026)")`;
  const m = ENHANCEMENT_LINE.exec(trimmed);
  if (!m) {
    warn(line, 'no "(Priority: …)" given; imported with priority Medium (3)');
    return { line, title: trimmed.replace(/^[-*]\s+/, ''), priority: 3, target_quarter: null, status: null };
  }
  const result: ParsedEnhancement = { line, title: m[1]!.trim(), priority: 3, target_quarter: null, status: null };
  let sawPriority = false;
  for (const part of m[2]!.split(',').map((s) => s.trim()).filter(Boolean)) {
    const prio = /^priority\s*:\s*(.+)$/i.exec(part);
    if (prio) {
      const p = parsePriority(prio[1]!);
      if (p === null) return `enhancement "${result.title}" has priority "${prio[1]}" (expected High, Medium, Low or 1–5)`;
      result.priority = p;
      sawPriority = true;
      continue;
    }
    const quarter = parseQuarter(part);
    if (quarter) {
      result.target_quarter = quarter;
      continue;
    }
    if (/^(planned|approved|implementing|completed)$/i.test(part)) {
      result.status = part.toLowerCase();
      continue;
    }
    return `enhancement "${result.title}" has an unreadable attribute "${part}" (expected Priority: High|Medium|Low, a quarter like Q1 2026, or a status)`;
  }
  if (!sawPriority) warn(line, `enhancement "${result.title}" names no priority; imported as Medium (3)`);
  return result;
}

function parseDeploymentBlock(block: Block, warn: (line: number, reason: string) => void): ParsedDeployment | string {
  const h = DEPLOYMENT_HEADER.exec(block.header.trim());
  if (!h) return `not a deployment header: "${clip(block.header)}" (expected "### 2025-10-01 - PR #100")`;
  const deployedAt = new Date(h[1]!.length === 10 ? `${h[1]}T00:00:00Z` : h[1]!);
  if (Number.isNaN(deployedAt.getTime())) return `deployment date "${h[1]}" is not a real date`;
  const fields = new Map<string, { line: number; value: string }>();
  for (const { line, text } of block.body) {
    if (!text.trim()) continue;
    const f = FIELD_LINE.exec(text.trim());
    if (!f) {
      warn(line, `ignored a line in deployment PR #${h[2]}: "${clip(text)}"`);
      continue;
    }
    fields.set(f[1]!.toLowerCase(), { line, value: f[2]! });
  }
  const known = new Set(['commit', 'work items', 'vendors', 'tests', 'constitutional compliance']);
  for (const [key, { line }] of fields) if (!known.has(key)) warn(line, `ignored unknown field "${key}" in deployment PR #${h[2]}`);
  const commit = fields.get('commit')?.value.toLowerCase() ?? '';
  if (!/^[0-9a-f]{40}$/.test(commit)) return `deployment PR #${h[2]} has ${commit ? `commit "${clip(commit, 50)}"` : 'no "- Commit:" line'}; a full 40-character lowercase hex hash is required`;
  let testSummary: Record<string, number> = {};
  const tests = fields.get('tests');
  if (tests) {
    const parsed = parseTestSummary(tests.value);
    if (!parsed) return `deployment PR #${h[2]} has an unreadable "- Tests:" value "${clip(tests.value, 50)}" (expected "45 passed, 0 failed")`;
    testSummary = parsed;
  } else warn(block.line, `deployment PR #${h[2]} has no "- Tests:" line; imported with an empty test summary`);
  let compliance = false;
  const c = fields.get('constitutional compliance');
  if (c) {
    const parsed = parseCompliance(c.value);
    if (parsed === null) return `deployment PR #${h[2]} has an unreadable compliance mark "${clip(c.value, 20)}" (expected ✓ or ✗)`;
    compliance = parsed;
  } else warn(block.line, `deployment PR #${h[2]} has no "- Constitutional Compliance:" line; imported as not compliant (✗)`);
  return {
    line: block.line,
    deployed_at: deployedAt.toISOString(),
    pr_number: Number(h[2]),
    pr_title: h[3] ? h[3] : null,
    commit_hash: commit,
    work_item_refs: parseList(fields.get('work items')?.value ?? ''),
    vendor_names: parseList(fields.get('vendors')?.value ?? ''),
    test_summary: testSummary,
    constitutional_compliance: compliance,
  };
}

/** A malformed entry whose problem sits on a line other than its header. */
interface Failure {
  at: number;
  reason: string;
}

function parseSessionBlock(block: Block, parseDocument: YamlModule['parseDocument'], warn: (line: number, reason: string) => void): ParsedSession | Failure | string {
  const h = SESSION_HEADER.exec(block.header.trim());
  if (!h) return `not a session header: "${clip(block.header)}" (expected "### Session 2025-03-01")`;
  const body = block.body;
  let i = 0;
  while (i < body.length && !body[i]!.text.trim()) i++;
  // Fences sit at column 0, so an indented `---` inside a YAML block scalar is not one.
  if (i >= body.length || body[i]!.text.trimEnd() !== '---') return `session ${h[1]} has no YAML frontmatter (expected a "---" line right after the header)`;
  const open = body[i]!.line;
  const start = ++i;
  while (i < body.length && body[i]!.text.trimEnd() !== '---') i++;
  if (i >= body.length) return `session ${h[1]}: the frontmatter opened at line ${open} is never closed with "---"`;
  const yamlText = body.slice(start, i).map((l) => l.text).join('\n');
  const parsed = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  if (parsed.errors.length) {
    const err = parsed.errors[0]!;
    // err.pos is a character offset into the frontmatter; count lines up to it.
    const offset = Math.min(err.pos[0], yamlText.length);
    const line = open + 1 + (yamlText.slice(0, offset).match(/\n/g)?.length ?? 0);
    return { at: line, reason: `session ${h[1]} (line ${block.line}): invalid YAML frontmatter at line ${line}: ${err.message.split('\n')[0]}` };
  }
  const value: unknown = parsed.toJS();
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `session ${h[1]}: the frontmatter must be a YAML mapping of keys to values`;
  // Blank lines around the prompt separate blocks; every other line is kept (an edge blank line the report escaped included).
  let from = i + 1;
  let to = body.length;
  while (from < to && !body[from]!.text.trim()) from++;
  while (to > from && !body[to - 1]!.text.trim()) to--;
  const promptLines = body.slice(from, to);
  for (const l of promptLines) {
    if (/^#{1,6}\s/.test(l.text)) warn(l.line, `heading "${clip(l.text, 60)}" is kept as prompt text of session ${h[1]} (it names no status section; write "\\${clip(l.text, 20)}" to say so, or move it out of the session block)`);
  }
  const prompt = promptLines.map((l) => unescapePromptLine(l.text)).join('\n');
  return { line: block.line, date: h[1]!, frontmatter: value as Record<string, unknown>, prompt };
}
