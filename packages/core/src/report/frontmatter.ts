import { MAX_JSON_DEPTH } from '../primitives/json-bounds.js';
import type { YamlModule } from '../yaml.js';

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const PLAIN_STRING = /^[A-Za-z_][A-Za-z0-9_ ./-]*$/;
/** Plain scalars YAML 1.1 or 1.2 would read as something other than a string. */
const RESERVED = /^(true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(value: unknown): string | null {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  // Plain when it cannot be mistaken for another type or YAML syntax; otherwise a JSON string, which is a valid YAML double-quoted scalar.
  return PLAIN_STRING.test(value) && !RESERVED.test(value) && !value.endsWith(' ') ? value : JSON.stringify(value);
}

/**
 * YAML for a session's frontmatter. Frontmatter is nearly always a flat map
 * of scalars; those are written directly (the `yaml` package's stringify
 * costs ~50 µs a block, which is 200 ms for the 4 000 sessions of a 100×
 * project). Anything nested falls back to `yaml.stringify`. Either way the
 * `yaml` parser reads back the same values.
 */
export function frontmatterYaml(fm: Record<string, unknown>, stringify: YamlModule['stringify']): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(fm)) {
    const text = PLAIN_KEY.test(key) ? scalar(value) : null;
    // Every string on one line, JSON-escaped: block scalars lose trailing whitespace and would put the user's lines in the file.
    if (text === null) return stringify(fm, { lineWidth: 0, blockQuote: false, doubleQuotedAsJSON: true }).trimEnd();
    lines.push(`${key}: ${text}`);
  }
  return lines.join('\n');
}

/**
 * Deepest nesting the report writes for a frontmatter: what session metadata
 * may hold ({@link MAX_JSON_DEPTH} levels, the metadata object itself being
 * one), so a cut report still imports. Deeper values are replaced by
 * {@link TRUNCATED_NOTE}.
 */
export const MAX_RENDER_DEPTH = MAX_JSON_DEPTH - 1;
export const TRUNCATED_NOTE = `[not shown: nested deeper than the ${MAX_JSON_DEPTH}-level metadata limit]`;

/**
 * A copy of `value` cut at {@link MAX_RENDER_DEPTH} levels, built without
 * recursion so a value nested thousands deep (stored before input limits
 * existed) cannot overflow the stack; `truncated` says whether anything was cut.
 * Values within the limit come back as they are (the same object).
 */
export function truncateDeep(value: unknown, max = MAX_RENDER_DEPTH): { value: unknown; truncated: boolean } {
  if (nestingDepth(value, max + 1) <= max) return { value, truncated: false };
  const root: { v: unknown } = { v: undefined };
  const stack: { from: unknown; into: Record<string, unknown> | unknown[]; key: string | number; depth: number }[] = [{ from: value, into: root as unknown as Record<string, unknown>, key: 'v', depth: 0 }];
  while (stack.length) {
    const { from, into, key, depth } = stack.pop()!;
    let copy: unknown = from;
    if (from !== null && typeof from === 'object') {
      if (depth >= max) copy = TRUNCATED_NOTE;
      else if (Array.isArray(from)) {
        const arr: unknown[] = new Array<unknown>(from.length);
        from.forEach((child, i) => stack.push({ from: child, into: arr, key: i, depth: depth + 1 }));
        copy = arr;
      } else {
        const obj: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(from)) stack.push({ from: child, into: obj, key: k, depth: depth + 1 });
        copy = obj;
      }
    }
    (into as Record<string | number, unknown>)[key] = copy;
  }
  return { value: root.v, truncated: true };
}

/** How deep `value` nests (a scalar is 0), counting no further than `stopAt`; iterative. */
export function nestingDepth(value: unknown, stopAt = Infinity): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d + 1 > deepest) deepest = d + 1;
    if (deepest >= stopAt) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
}
