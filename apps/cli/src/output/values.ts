/** Reads a dotted path (`metadata.pr_number`) from a result row. */
export function pick(row: unknown, path: string): unknown {
  let v = row;
  for (const key of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** One value as a short line of text: arrays joined, linked entities by name or title, objects as compact JSON. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    return value
      .map((v) => (v && typeof v === 'object' ? String((v as Record<string, unknown>).name ?? (v as Record<string, unknown>).title ?? (v as Record<string, unknown>).id ?? JSON.stringify(v)) : formatValue(v)))
      .join(', ');
  }
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
