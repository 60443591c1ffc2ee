import { z } from 'zod';
import { PARSE_PARAMS, validationErrorFromZod } from '../errors/from-zod.js';

/** A JSON object as metadata is stored. */
export type JsonObject = Record<string, unknown>;

/** What applying a merge patch gives: the merged object and the keys the patch removed. */
export interface MergePatchResult {
  value: JsonObject;
  /** Path of every member the patch set to `null`, e.g. `['blocked_reason']` or `['format_support', 'ocr']`. */
  removed: string[][];
}

/** How deep a patch reaches. */
export interface MergePatchOptions {
  /**
   * Keys whose object values are merged member by member (nulls removing
   * members) instead of replaced whole. Any other value in the patch,
   * objects included, replaces the current one as given.
   */
  mergeNested?: readonly string[];
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mergeLevel(target: JsonObject, patch: JsonObject, nested: ReadonlySet<string>, at: string[], removed: string[][]): JsonObject {
  const out: JsonObject = { ...target };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete out[key];
      removed.push([...at, key]);
    } else if (nested.has(key) && isObject(value)) {
      // RFC 7386: a patch object over a non-object target merges into an empty object.
      out[key] = mergeLevel(isObject(out[key]) ? out[key] : {}, value, new Set(), [...at, key], removed);
    } else {
      out[key] = value;
    }
  }
  return out;
}

/**
 * Applies a JSON Merge Patch (RFC 7386) to an object: a member set to `null`
 * removes that key, an absent member keeps it, any other value replaces it.
 * Only the keys named in `mergeNested` are merged one level further; deeper
 * objects are replaced whole, as metadata updates always did. The target is
 * not modified.
 *
 * @example
 * applyMergePatch({ estimated_hours: 3, blocked_reason: 'waiting' }, { blocked_reason: null, actual_hours: 1 });
 * // → { value: { estimated_hours: 3, actual_hours: 1 }, removed: [['blocked_reason']] }
 */
export function applyMergePatch(target: JsonObject, patch: JsonObject, options: MergePatchOptions = {}): MergePatchResult {
  const removed: string[][] = [];
  const value = mergeLevel(target, patch, new Set(options.mergeNested ?? []), [], removed);
  return { value, removed };
}

/**
 * Checks merged metadata against its schema and returns the parsed value, or
 * throws a VALIDATION_ERROR. A problem at a key the patch removed is reported
 * as "required and cannot be removed", so the caller learns that its `null`
 * was the cause, not a missing value it never sent.
 *
 * @param owner - who requires the key, for the message (e.g. `a session`).
 */
export function parseMergedMetadata<S extends z.ZodType>(schema: S, merged: MergePatchResult, owner: string): z.output<S> {
  const result = schema.safeParse(merged.value, PARSE_PARAMS);
  if (result.success) return result.data;
  const removed = new Set(merged.removed.map((path) => path.join('.')));
  const issues = result.error.issues.map((issue) =>
    removed.has(issue.path.map(String).join('.'))
      ? { ...issue, message: `${owner} requires this key, so it cannot be removed (null in a metadata update removes a key)` }
      : issue,
  );
  throw validationErrorFromZod(new z.ZodError(issues), 'metadata');
}
