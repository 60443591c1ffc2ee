/**
 * Metadata objects come back from the two engines with their keys in
 * different orders: SQLite's `json` keeps the order they were written in,
 * PostgreSQL's `jsonb` stores them shortest first. Text made from them (the
 * report) would then differ by engine — a diff in the committed report after
 * a move to PostgreSQL, and a different report for the same data. Text is
 * written from a copy in one order instead: the `first` keys in the order
 * given, then the rest by code point; nested objects (not arrays' order) the
 * same way, by code point.
 */
export function inKeyOrder<T>(value: T, first: readonly string[] = []): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => inKeyOrder(v)) as T;
  const source = value as Record<string, unknown>;
  const rank = (key: string) => {
    const at = first.indexOf(key);
    return at < 0 ? first.length : at;
  };
  const keys = Object.keys(source).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = inKeyOrder(source[key]);
  return out as T;
}

/**
 * Equal JSON values, object key order aside (the same data read back from
 * either engine compares equal): what counts as a changed field.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((v, i) => sameJson(v, (b as unknown[])[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
