import type { Palette } from './color.js';
import { displayWidth, truncateToWidth } from './display-width.js';

/** One column of a table: its header and how to read a cell from a row. */
export interface Column<Row> {
  header: string;
  cell(row: Row): string;
  /** Longer cells (in terminal columns) are cut with an ellipsis, between characters, so a row stays on one line. */
  max?: number;
}

function fit(text: string, max: number | undefined): string {
  const flat = text.replace(/\s+/g, ' ');
  return max ? truncateToWidth(flat, max) : flat;
}

/**
 * Renders rows as an aligned plain-text table (two spaces between columns,
 * dim header). The last column is not padded, so there is no trailing space.
 *
 * @example
 * renderTable([{ a: 'x' }], [{ header: 'A', cell: (r) => r.a }], palette);
 */
export function renderTable<Row>(rows: readonly Row[], columns: readonly Column<Row>[], palette: Palette): string {
  const cells = rows.map((row) => columns.map((c) => fit(c.cell(row), c.max)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : v + ' '.repeat(Math.max(0, (widths[i] ?? 0) - displayWidth(v)))))
      .join('  ')
      .trimEnd();
  const header = palette.dim(line(columns.map((c) => c.header.toUpperCase())));
  return [header, ...cells.map(line)].join('\n');
}

/** Key/value lines with aligned values, for one record. */
export function renderPairs(pairs: readonly (readonly [string, string])[], palette: Palette): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${palette.dim(k.padEnd(width))}  ${v}`).join('\n');
}
