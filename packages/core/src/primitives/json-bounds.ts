/**
 * Input hygiene for JSON-like values: every string and key must be text both
 * engines can store, and every value must be small and shallow enough for the
 * database, the report and the renderers. Checked with an explicit stack, so
 * a hostile value nested 100 000 deep is refused rather than overflowing the
 * call stack of the check itself.
 */
import type { z } from 'zod';

/** Deepest nesting of objects and arrays a field's value may have (the value itself is level 1). */
export const MAX_JSON_DEPTH = 32;

/** Largest metadata object (one work item's, vendor's or deployment's), in characters of its JSON text. */
export const MAX_METADATA_CHARS = 100_000;

/** Largest whole operation input, in characters of its JSON text. */
export const MAX_INPUT_CHARS = 10_000_000;

/** One problem found in a value: where (path segments below the value) and what. */
export interface JsonIssue {
  path: string[];
  message: string;
}

export interface JsonBounds {
  /** Deepest nesting allowed, the checked value itself being level 1. */
  maxDepth: number;
  /** Largest size allowed, in characters of the value's JSON text. */
  maxChars: number;
  /**
   * Measure depth from the members of the value rather than the value itself:
   * for a whole operation input, each of whose fields gets `maxDepth` levels.
   */
  perMember?: boolean;
  /** What the size bound is of, for the message (`metadata`, `input`); `value` by default. */
  name?: string;
}

/** 100000 → "100 000", as the other messages write numbers. */
const spaced = (n: number) => n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** A UTF-16 surrogate without its partner: not a character, so neither UTF-8 nor PostgreSQL can hold it. */
export const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;

/** What is wrong with a string as stored text, or null. Shared by values and keys. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL (\\u0000) characters';
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    return `must be valid Unicode text: expected surrogates in pairs, received a lone surrogate ${hex(lone[0].charCodeAt(0))} at index ${lone.index}`;
  }
  return null;
}

/** A key as it can be printed in a path (NUL and lone surrogates made visible). */
function printableKey(key: string): string {
  return key.replace(new RegExp(`\\u0000|${LONE_SURROGATE.source}`, 'g'), (c) => hex(c.charCodeAt(0)));
}

/**
 * Why `__proto__` is refused as a key: a JavaScript object cannot hold it as
 * data (assigning it sets the prototype), so every copy on the way to the
 * store would drop it, silently.
 */
const PROTO_KEY = '"__proto__" is not allowed: JavaScript objects cannot keep it as data, so it would be dropped; use another name';

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string;
}

function pathOf(frame: Frame): string[] {
  const path: string[] = [];
  for (let at: Frame | null = frame; at?.parent; at = at.parent) path.unshift(printableKey(at.key));
  return path;
}

/**
 * Finds the first thing in `value` that cannot be stored as given: a string
 * or key with NUL or a lone surrogate, a `__proto__` key, a bigint, function or symbol, a number
 * that is not finite, nesting deeper than `maxDepth`, or a JSON text longer
 * than `maxChars`. Returns null when the value is fit.
 *
 * @example
 * findUnfitJson({ a: { b: 'x\ud800' } }, { maxDepth: 32, maxChars: 1000 });
 * // → { path: ['a', 'b'], message: 'must be valid Unicode text: … \\ud800 at index 1' }
 */
export function findUnfitJson(value: unknown, bounds: JsonBounds): JsonIssue | null {
  // Characters of the JSON text, counted as the walk goes (escapes aside, which only make it longer).
  let chars = 0;
  const stack: Frame[] = [{ value, depth: bounds.perMember ? -1 : 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      chars += v.length + 2;
      const problem = textProblem(v);
      if (problem) return { path: pathOf(frame), message: problem };
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { path: pathOf(frame), message: `must be a finite number, received ${String(v)}` };
      chars += String(v).length;
    } else if (typeof v === 'boolean' || v === null || v === undefined) {
      chars += 5;
    } else if (typeof v === 'object') {
      const depth = frame.depth + 1;
      if (depth > bounds.maxDepth) {
        const path = pathOf(frame);
        const shown = path.length > 4 ? [...path.slice(0, 3), '…'] : path;
        return { path: path.slice(0, 3), message: `must be nested at most ${bounds.maxDepth} levels deep, received deeper nesting (at ${shown.join('.')})` };
      }
      chars += 2;
      const entries = Array.isArray(v) ? v.map((inner, i) => [String(i), inner] as const) : Object.entries(v);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, inner] = entries[i]!;
        const child: Frame = { value: inner, depth, parent: frame, key };
        if (!Array.isArray(v)) {
          chars += key.length + 4;
          const problem = key === '__proto__' ? PROTO_KEY : textProblem(key);
          if (problem) return { path: pathOf(child), message: `key ${problem}` };
        }
        stack.push(child);
      }
    } else {
      return { path: pathOf(frame), message: `must be a JSON value (string, number, boolean, null, array or object), received a ${typeof v}` };
    }
    if (chars > bounds.maxChars) {
      // Named where the bound was crossed: usually the one huge string or list that caused it.
      return { path: pathOf(frame), message: `is too large: the ${bounds.name ?? 'value'} holding it must be at most ${spaced(bounds.maxChars)} characters as JSON, received more` };
    }
  }
  return null;
}

/**
 * `schema` plus the metadata bounds ({@link MAX_JSON_DEPTH} levels,
 * {@link MAX_METADATA_CHARS} characters): for free-form JSON objects, whose
 * extra keys no other check looks into. Runs on the parsed value, so it also
 * bounds metadata that grew by merging an update into what was stored.
 *
 * @example
 * const Metadata = boundedJson(z.record(z.string(), z.unknown()));
 */
export function boundedJson<S extends z.ZodType>(schema: S, bounds: JsonBounds = { maxDepth: MAX_JSON_DEPTH, maxChars: MAX_METADATA_CHARS, name: 'metadata' }): S {
  return schema.superRefine((value, ctx) => {
    const issue = findUnfitJson(value, bounds);
    if (issue) ctx.addIssue({ code: 'custom', input: value, path: issue.path, message: issue.message });
  });
}
