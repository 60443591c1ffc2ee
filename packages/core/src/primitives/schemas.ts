import { z } from 'zod';
import { lazySchema } from './lazy-schema.js';

/**
 * A UUID (v7 is what we generate; any RFC 9562 UUID is accepted), in either
 * letter case, canonicalised to lower case: ids are stored and compared as
 * lower-case text, so `0190B6E4-…` must reach the store as `0190b6e4-…`.
 */
export const Uuid = lazySchema(() => z.uuid({ error: 'must be a UUID such as 0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f' }).toLowerCase());

/** ISO-8601 timestamp; always returned in UTC (`...Z`). */
export const IsoTimestamp = lazySchema(() => z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z' }));

const EARLIEST_TIMESTAMP = Date.parse('0001-01-01T00:00:00Z');
const LATEST_TIMESTAMP = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Timestamps an input may carry: PostgreSQL has no year 0 and JavaScript dates
 * end in year 275760, so anything outside years 1–9999 (in UTC, after the
 * offset is applied) is refused here instead of by the database.
 */
export const InputTimestamp = lazySchema(() => IsoTimestamp.refine(
  (value) => {
    const at = Date.parse(value);
    // A malformed value already has its issue from the format check.
    return Number.isNaN(at) || (at >= EARLIEST_TIMESTAMP && at <= LATEST_TIMESTAMP);
  },
  { error: (issue) => `must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z (in UTC), received ${String(issue.input)}` },
));

/** Control characters: C0 (tab and line breaks included), DEL, C1, and the Unicode line and paragraph separators. */
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/**
 * `schema` refusing control characters: for single-line fields (titles, names,
 * branch names, labels, actors), which tables and one-line renderings show as
 * they are. Leading and trailing whitespace is trimmed before this check.
 */
export function singleLine(schema: z.ZodString): z.ZodString {
  return schema.refine((value) => !CONTROL_CHARACTER.test(value), {
    error: (issue) => {
      const text = String(issue.input);
      const at = text.search(CONTROL_CHARACTER);
      const unit = `\\u${text.charCodeAt(at).toString(16).padStart(4, '0')}`;
      return `must be a single line without control characters, received ${unit} at index ${at}`;
    },
  });
}

/** The client or person acting (`claude-code`, `cli`, `alice`). */
export const Actor = lazySchema(() => singleLine(z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters')));

/** A full git commit hash. */
export const CommitHash = lazySchema(() => z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lowercase hexadecimal characters (a full git commit hash)'));

/** A calendar quarter, `YYYY-Q1` … `YYYY-Q4`. */
export const Quarter = lazySchema(() => z.string().regex(/^\d{4}-Q[1-4]$/, 'must look like 2026-Q1 (year, dash, Q1–Q4)'));

/** Expected version for optimistic locking. */
/** Largest value a 32-bit integer column holds (PostgreSQL `int`). */
export const MAX_INT32 = 2_147_483_647;

export const ExpectedVersion = lazySchema(() => z.int().min(1, 'versions start at 1').max(MAX_INT32));

/** A page request. */
export const Limit = lazySchema(() => z.int().min(1).max(100).default(50));
export const Offset = lazySchema(() => z.int().min(0).max(10_000_000).default(0));

/** A short free-text label. */
export const Label = lazySchema(() => singleLine(z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')));

/** `summary` rows by default, `full` entities on request. */
export const Detail = lazySchema(() => z.enum(['summary', 'full']).default('summary'));

/** Fields every mutable entity carries. */
export const Audit = lazySchema(() => ({
  version: z.int().min(1),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  created_by: z.string(),
  updated_by: z.string(),
}));
