/**
 * The text a model reads for a tool result. Most MCP clients hand the model the
 * text content, not `structuredContent`, so this is where tokens are paid for:
 * - a page (one list of rows beside scalar totals) becomes a header line and a
 *   pipe-separated table, one line per row — keys are written once, not once
 *   per row, which keeps a 50-row page of work items under 2 000 tokens;
 * - a record holding lists of rows (a work item's detail: ancestors,
 *   descendants, dependencies, deployments) becomes one line per member, each
 *   list a table, members of a nested record named `outer.inner`; a tree of
 *   rows (`children`) is written as its rows in pre-order, `parent_id` keeping
 *   its shape;
 * - a multi-line text field (the status report's markdown) is written as is,
 *   after the rest of the result — escaped inside JSON it would be unreadable;
 * - anything else becomes compact JSON without nulls.
 * `structuredContent` keeps the exact, schema-checked shape for programs.
 */

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Drops null and undefined members, recursively ("no null padding"). */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (!isPlain(value)) return value;
  const out: Plain = {};
  for (const [k, v] of Object.entries(value)) if (v !== null && v !== undefined) out[k] = withoutNulls(v);
  return out;
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((v) => !isPlain(v) && !Array.isArray(v))) return value.map(cell).join(', ');
  const text = typeof value === 'object' ? JSON.stringify(withoutNulls(value)) : String(value);
  // A row is one line, and a bare "|" would shift the columns.
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
}

/** Rows of a tree (`children` lists of rows) in pre-order, without their `children`. */
function flattenTree(rows: Plain[], out: Plain[] = []): Plain[] {
  for (const row of rows) {
    const { children, ...rest } = row;
    if (!isRowList(children)) {
      out.push(row);
      continue;
    }
    out.push(rest);
    flattenTree(children, out);
  }
  return out;
}

function table(name: string, tree: Plain[]): string {
  const rows = flattenTree(tree);
  if (rows.length === 0) return `${name}: none`;
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [`${name} (${rows.length}): ${columns.join(' | ')}`];
  for (const row of rows) lines.push(columns.map((c) => cell(row[c])).join(' | '));
  return lines.join('\n');
}

const isRowList = (v: unknown): v is Plain[] => Array.isArray(v) && v.every(isPlain);
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const hasRows = (v: unknown): v is Plain[] => Array.isArray(v) && v.length > 0 && isRowList(v);
/** A record with a non-empty list of rows among its members, or among a nested record's. */
const holdsRows = (record: Plain, nested = true): boolean => Object.values(record).some((v) => hasRows(v) || (nested && isPlain(v) && holdsRows(v, false)));

/** One line (or table) per member, in order; a nested record's members are named `outer.inner`. */
function sections(record: Plain, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    const name = `${prefix}${key}`;
    if (isRowList(value)) lines.push(table(name, value));
    else if (isPlain(value) && holdsRows(value, false)) lines.push(...sections(value, `${name}.`));
    else lines.push(`${name}: ${isScalar(value) ? String(value) : JSON.stringify(withoutNulls(value))}`);
  }
  return lines;
}

/**
 * Renders a tool result for a model.
 *
 * @example
 * renderText({ items: [{ id: 'a', title: 'x' }], total_count: 1 });
 * // "total_count: 1\nitems (1): id | title\na | x"
 */
export function renderText(result: unknown): string {
  if (isPlain(result)) {
    const texts = Object.entries(result).filter(([, v]) => typeof v === 'string' && v.includes('\n'));
    if (texts.length > 0) {
      const rest = Object.fromEntries(Object.entries(result).filter(([, v]) => !(typeof v === 'string' && v.includes('\n'))));
      return [renderText(rest), ...texts.map(([, v]) => v as string)].join('\n\n');
    }
    const entries = Object.entries(result);
    const lists = entries.filter(([, v]) => isRowList(v));
    const rest = entries.filter(([, v]) => !isRowList(v));
    if (lists.length === 1 && rest.every(([, v]) => isScalar(v) || v === undefined)) {
      const [name, rows] = lists[0] as [string, Plain[]];
      const header = rest
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join(' · ');
      return header ? `${header}\n${table(name, rows)}` : table(name, rows);
    }
    if (holdsRows(result)) return sections(result).join('\n');
  }
  return JSON.stringify(withoutNulls(result)) ?? 'null';
}
