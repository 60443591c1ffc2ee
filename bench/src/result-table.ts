import type { Summary } from './stats.js';

/** The measured numbers of one row, with the verdicts against the targets. */
export interface RowResult {
  key: string;
  label: string;
  kind: 'read' | 'write';
  ours: Summary;
  raw: Summary;
  /** ours p50 / raw p50. */
  ratio: number;
  spec: { target: string; pass: boolean } | null;
  own: { target: string; pass: boolean } | null;
}

/** Our own targets (beyond SPEC §6): hot reads cost at most 3× the raw driver; a versioned update ≤ 1 ms p50 on SQLite. */
export const READ_RATIO_TARGET = 3;
export const SQLITE_UPDATE_P50_MS = 1;

/** Judges a row against SPEC §6 (p95) and our own targets. */
export function judge(
  row: { key: string; label: string; kind: 'read' | 'write'; spec?: { p95: number; text: string } },
  engine: 'sqlite' | 'postgres',
  ours: Summary,
  raw: Summary,
): RowResult {
  const ratio = ours.p50 / raw.p50;
  const spec = row.spec ? { target: `p95 ${row.spec.text}`, pass: ours.p95 < row.spec.p95 } : null;
  let own: RowResult['own'] = null;
  if (row.kind === 'read') own = { target: `p50 ≤ ${READ_RATIO_TARGET}× raw`, pass: ratio <= READ_RATIO_TARGET };
  if (row.key === 'update_work_item' && engine === 'sqlite') own = { target: `p50 ≤ ${SQLITE_UPDATE_P50_MS} ms`, pass: ours.p50 <= SQLITE_UPDATE_P50_MS };
  return { key: row.key, label: row.label, kind: row.kind, ours, raw, ratio, spec, own };
}

/** Milliseconds with about three significant digits. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value < 1) return value.toFixed(3);
  if (value < 10) return value.toFixed(2);
  if (value < 100) return value.toFixed(1);
  return value.toFixed(0);
}

const verdict = (v: { target: string; pass: boolean } | null) => (v ? `${v.target} **${v.pass ? 'PASS' : 'MISS'}**` : '—');

/**
 * A markdown table (it reads fine in a terminal and pastes into the README).
 *
 * @example
 * console.log(formatTable('SQLite, scale 1', rows));
 */
export function formatTable(title: string, rows: readonly RowResult[]): string {
  const head = ['operation', 'ours p50', 'p95', 'p99', 'raw p50', 'p95', 'p99', 'ours/raw p50', 'SPEC §6', 'ours'];
  const lines = [
    `#### ${title}`,
    '',
    `| ${head.join(' | ')} |`,
    `|${head.map((_, i) => (i === 0 || i >= 8 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) =>
      `| ${[r.label, ms(r.ours.p50), ms(r.ours.p95), ms(r.ours.p99), ms(r.raw.p50), ms(r.raw.p95), ms(r.raw.p99), `${r.ratio.toFixed(2)}×`, verdict(r.spec), verdict(r.own)].join(' | ')} |`,
    ),
    '',
    'Times in milliseconds.',
  ];
  return lines.join('\n');
}
