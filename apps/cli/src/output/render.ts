import type { CommandLine, RenderKind } from '../commands/command-line.js';
import type { Palette } from './color.js';
import { cutToWidth } from './display-width.js';
import { renderPairs, renderTable, type Column } from './table.js';
import { formatValue, pick } from './values.js';

type Row = Record<string, unknown>;

const isRecord = (v: unknown): v is Row => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Key/value view of one entity; nested objects are flattened one level (`metadata.description`). */
export function renderRecord(result: unknown, palette: Palette): string {
  if (!isRecord(result)) return formatValue(result);
  const pairs: [string, string][] = [];
  const add = (key: string, value: unknown) => {
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    pairs.push([key, key.endsWith('status') && typeof value === 'string' ? palette.status(value) : formatValue(value)]);
  };
  for (const [key, value] of Object.entries(result)) {
    if (isRecord(value) && Object.keys(value).length > 0) for (const [k, v] of Object.entries(value)) add(`${key}.${k}`, v);
    else add(key, value);
  }
  return pairs.length ? renderPairs(pairs, palette) : palette.dim('(empty)');
}

function inferColumns(rows: readonly Row[]): string[] {
  const keys: string[] = [];
  for (const row of rows.slice(0, 20)) for (const [k, v] of Object.entries(row)) if (!keys.includes(k) && !isRecord(v)) keys.push(k);
  return keys;
}

const LONG_TEXT = new Set(['title', 'metadata.pr_title']);

/** A table of the rows of a page-like result, with its counts underneath. */
export function renderList(result: unknown, line: CommandLine, palette: Palette): string {
  if (!isRecord(result)) return formatValue(result);
  const entry = Object.entries(result).find(([, v]) => Array.isArray(v));
  if (!entry) return renderRecord(result, palette);
  const [, value] = entry;
  const rows = (value as unknown[]).filter(isRecord);
  const footer: string[] = [];
  const total = result.total_count;
  const offset = typeof result.offset === 'number' ? result.offset : 0;
  if (typeof total === 'number') footer.push(rows.length ? `${offset + 1}–${offset + rows.length} of ${total}` : `0 of ${total}`);
  for (const [k, v] of Object.entries(result)) if (!Array.isArray(v) && !isRecord(v) && !['total_count', 'limit', 'offset'].includes(k)) footer.push(`${k.replace(/_/g, ' ')}: ${formatValue(v)}`);
  if (rows.length === 0) return palette.dim(['(none)', ...footer].join('  ·  '));
  const paths = line.columns ?? inferColumns(rows);
  const columns: Column<Row>[] = paths
    .filter((p) => rows.some((r) => pick(r, p) !== undefined && pick(r, p) !== null))
    .map((p) => ({
      header: p.replace(/^metadata\./, '').replace(/_/g, ' '),
      max: LONG_TEXT.has(p) ? 60 : 40,
      cell: (r) => {
        const v = pick(r, p);
        return p === 'status' && typeof v === 'string' ? palette.status(v) : formatValue(v);
      },
    }));
  const table = renderTable(rows, columns, palette);
  return footer.length ? `${table}\n${palette.dim(footer.join('  ·  '))}` : table;
}

function renderChanges(changes: unknown): string {
  if (!isRecord(changes)) return '';
  return Object.entries(changes)
    .map(([field, change]) => {
      const c = isRecord(change) ? change : {};
      const short = (v: unknown) => (v === null || v === undefined ? '∅' : cutToWidth(formatValue(v), 40));
      return `${field}: ${short(c.old)} → ${short(c.new)}`;
    })
    .join('; ');
}

/** History entries, newest first, with what changed in each. */
export function renderHistory(result: unknown, palette: Palette): string {
  const entries = isRecord(result) && Array.isArray(result.entries) ? result.entries.filter(isRecord) : [];
  if (entries.length === 0) return palette.dim('(no recorded changes)');
  return renderTable(
    entries,
    [
      { header: 'version', cell: (e) => formatValue(e.version) },
      { header: 'action', cell: (e) => formatValue(e.action) },
      { header: 'actor', cell: (e) => formatValue(e.actor) },
      { header: 'at', cell: (e) => formatValue(e.at) },
      { header: 'changes', cell: (e) => renderChanges(e.changes), max: 100 },
    ],
    palette,
  );
}

/** The markdown text of a report-like result. */
export function renderMarkdown(result: unknown, palette: Palette): string {
  if (typeof result === 'string') return result;
  if (isRecord(result)) {
    const text = typeof result.markdown === 'string' ? result.markdown : undefined;
    if (text !== undefined) {
      const rest = Object.fromEntries(Object.entries(result).filter(([k, v]) => k !== 'markdown' && typeof v !== 'object'));
      return Object.keys(rest).length ? `${text.trimEnd()}\n\n${renderRecord(rest, palette)}` : text;
    }
  }
  return renderRecord(result, palette);
}

/**
 * Renders an operation's result for a human. `work-tree` and `import` live
 * in their own modules, loaded only by `work show` and `import`.
 */
export async function renderResult(kind: RenderKind, result: unknown, line: CommandLine, palette: Palette): Promise<string> {
  switch (kind) {
    case 'list':
      return renderList(result, line, palette);
    case 'history':
      return renderHistory(result, palette);
    case 'markdown':
      return renderMarkdown(result, palette);
    case 'work-tree':
      return (await import('./work-tree.js')).renderWorkTree(result, palette);
    case 'import':
      return (await import('./import-report.js')).renderImportReport(result, line, palette);
    default:
      return renderRecord(result, palette);
  }
}
