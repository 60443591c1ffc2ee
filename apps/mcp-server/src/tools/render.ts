import { CONTROL_CHARACTER } from '@project-status/core';

/**
 * The text a model reads for a tool result. Most MCP clients hand the model the
 * text content, not `structuredContent`, so this is where tokens are paid for:
 * - a page (one list of rows beside scalar totals) becomes a header line and a
 *   pipe-separated table, one line per row — keys are written once, not once
 *   per row; a value every row shares is written once in the header, and rows
 *   with a short id are named by it alone (the UUID stays in
 *   structuredContent), which keeps a 50-row ready-work page under 1 600 tokens;
 * - a result whose output schema has lists of rows among its members (a work
 *   item's detail: ancestors, descendants, dependencies, deployments) becomes
 *   one line per member, each such list a table even when empty, members of a
 *   nested record named `outer.inner`; a tree of rows (`children`) is written
 *   in pre-order with a `level` column. The schema decides, not the data, so
 *   one tool always answers in one layout;
 * - a document field (the status report's `markdown`) is written as is,
 *   after the rest of the result — escaped inside JSON it would be unreadable;
 * - anything else becomes compact JSON without nulls.
 * Control characters in any stored text (a title with a line break, an ANSI
 * escape in a label) are written as visible escapes (`\n`, `\u001b`), so they
 * can neither break the layout nor act on a terminal; only a document keeps
 * its line breaks and tabs.
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

/** Top-level string fields written as documents, after the rest; any other text stays on its line. */
const DOCUMENT_FIELDS: ReadonlySet<string> = new Set(['markdown']);

/** Every control character, as single-line fields refuse them in input (core's rule). */
const CONTROL = new RegExp(CONTROL_CHARACTER.source, 'g');
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapeControl = (c: string) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** Text on one line: every control character (line breaks included) becomes a visible escape such as `\n`. */
const oneLine = (text: string) => text.replace(CONTROL, escapeControl);

/** A document's text: line breaks and tabs kept, every other control character escaped. */
const documentText = (text: string) => text.replace(CONTROL, (c) => (c === '\n' || c === '\t' ? c : escapeControl(c)));

/**
 * Compact JSON on one line. JSON escapes C0 controls itself; DEL, C1 controls
 * and U+2028/U+2029 it leaves raw, so they are escaped here (still valid JSON).
 */
export const jsonText = (value: unknown): string => oneLine(JSON.stringify(value) ?? 'null');

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value) && value.every((v) => !isPlain(v) && !Array.isArray(v))) return value.map(cell).join(', ');
  const text = typeof value === 'object' ? jsonText(withoutNulls(value)) : oneLine(String(value));
  // A row is one line, and a bare "|" would shift the columns.
  return text.replace(/\|/g, '\\|');
}

/** Rows of a tree in pre-order, each without its `children` and with its `level` (1 = the top rows) first. */
function flattenTree(rows: Plain[], level = 1, out: Plain[] = []): Plain[] {
  for (const { children, ...row } of rows) {
    out.push({ level, ...row });
    if (isRowList(children)) flattenTree(children, level + 1, out);
  }
  return out;
}

function table(name: string, rows: Plain[]): string {
  if (rows.length === 0) return `${name}: none`;
  let columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  // Rows that carry a short id are named by it: every tool takes it wherever an id goes, and it is a
  // sixth of a UUID's length. structuredContent keeps the UUID.
  if (columns.includes('short_id')) columns = columns.filter((c) => c !== 'id');
  // A value every row shares (the parent of a page of children, one status) is written once.
  const shared = rows.length > 1 ? columns.filter((c) => c !== 'short_id' && c !== 'level' && rows.every((r) => c in r && cell(r[c]) === cell(rows[0]![c]))) : [];
  const own = columns.filter((c) => !shared.includes(c));
  const every = shared.length ? ` — every row: ${shared.map((c) => `${oneLine(c)} ${cell(rows[0]![c])}`).join(', ')}` : '';
  const lines = [`${name} (${rows.length}): ${own.map(oneLine).join(' | ')}${every}`];
  for (const row of rows) lines.push(own.map((c) => cell(row[c])).join(' | '));
  return lines.join('\n');
}

const isRowList = (v: unknown): v is Plain[] => Array.isArray(v) && v.every(isPlain);
const isScalar = (v: unknown): boolean => v === null || ['string', 'number', 'boolean'].includes(typeof v);
/**
 * Where a tool's results hold lists of rows, read from its output JSON Schema:
 * member path (`ancestors`, `dependencies.waits_for`) → whether the rows form
 * a tree (each row has a `children` list).
 */
export type Layout = ReadonlyMap<string, { tree: boolean }>;

type SchemaNode = Record<string, unknown>;

/** Follows a local `$ref` (`#/definitions/x`, `#/$defs/x`) to the node it names. */
function deref(node: unknown, root: SchemaNode): SchemaNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const ref = (node as SchemaNode).$ref;
  if (typeof ref !== 'string') return node as SchemaNode;
  return ref
    .replace(/^#\/?/, '')
    .split('/')
    .filter(Boolean)
    .reduce<unknown>((at, key) => (at && typeof at === 'object' ? (at as SchemaNode)[key] : undefined), root) as SchemaNode | undefined;
}

const propertiesOf = (node: SchemaNode | undefined): Record<string, unknown> =>
  node?.type === 'object' && node.properties && typeof node.properties === 'object' ? (node.properties as Record<string, unknown>) : {};

/** The row schema when `node` is an array of objects. */
function rowSchema(node: unknown, root: SchemaNode): SchemaNode | undefined {
  const array = deref(node, root);
  if (array?.type !== 'array') return undefined;
  const row = deref(array.items, root);
  return row?.type === 'object' ? row : undefined;
}

/** The {@link Layout} of results matching `schema`: lists of rows at the top level and one record down. */
export function layoutOf(schema: SchemaNode | undefined): Layout {
  const layout = new Map<string, { tree: boolean }>();
  if (!schema) return layout;
  const visit = (properties: Record<string, unknown>, prefix: string, nested: boolean) => {
    for (const [key, node] of Object.entries(properties)) {
      const row = rowSchema(node, schema);
      if (row) layout.set(`${prefix}${key}`, { tree: rowSchema(propertiesOf(row).children, schema) !== undefined });
      else if (nested) visit(propertiesOf(deref(node, schema)), `${key}.`, false);
    }
  };
  visit(propertiesOf(schema), '', true);
  return layout;
}

/** One line (or table) per member, in order; a nested record's members are named `outer.inner`. */
function sections(record: Plain, layout: Layout, prefix = ''): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(record)) {
    if (value === null || value === undefined) continue;
    const name = `${prefix}${key}`;
    const list = layout.get(name);
    if (list && isRowList(value)) lines.push(table(name, list.tree ? flattenTree(value) : value));
    else if (isPlain(value) && [...layout.keys()].some((path) => path.startsWith(`${name}.`))) lines.push(...sections(value, layout, `${name}.`));
    else lines.push(`${oneLine(name)}: ${isScalar(value) ? oneLine(String(value)) : jsonText(withoutNulls(value))}`);
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
export function renderText(result: unknown, layout: Layout = new Map()): string {
  if (isPlain(result)) {
    const isDocument = ([key, v]: [string, unknown]) => DOCUMENT_FIELDS.has(key) && typeof v === 'string';
    const documents = Object.entries(result).filter(isDocument);
    if (documents.length > 0) {
      const rest = Object.fromEntries(Object.entries(result).filter((entry) => !isDocument(entry)));
      return [renderText(rest, layout), ...documents.map(([, v]) => documentText(v as string))].join('\n\n');
    }
    const entries = Object.entries(result);
    const lists = entries.filter(([, v]) => isRowList(v));
    const rest = entries.filter(([, v]) => !isRowList(v));
    if (lists.length === 1 && rest.every(([, v]) => isScalar(v) || v === undefined)) {
      const [name, rows] = lists[0] as [string, Plain[]];
      const header = rest
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => `${oneLine(k)}: ${oneLine(String(v))}`)
        .join(' · ');
      return header ? `${header}\n${table(name, rows)}` : table(name, rows);
    }
    if (layout.size > 0) return sections(result, layout).join('\n');
  }
  return jsonText(withoutNulls(result));
}
