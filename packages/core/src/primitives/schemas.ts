import { z } from 'zod';

/** A UUID (v7 is what we generate; any RFC 9562 UUID is accepted). */
export const Uuid = z.uuid({ error: 'must be a UUID such as 0190b6e4-7c3a-7b2e-9f41-2a3b4c5d6e7f' });

/** ISO-8601 timestamp; always returned in UTC (`...Z`). */
export const IsoTimestamp = z.iso.datetime({ offset: true, error: 'must be an ISO-8601 timestamp such as 2026-01-31T12:00:00Z' });

/** The client or person acting (`claude-code`, `cli`, `alice`). */
export const Actor = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A full git commit hash. */
export const CommitHash = z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lowercase hexadecimal characters (a full git commit hash)');

/** A calendar quarter, `YYYY-Q1` … `YYYY-Q4`. */
export const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'must look like 2026-Q1 (year, dash, Q1–Q4)');

/** Expected version for optimistic locking. */
/** Largest value a 32-bit integer column holds (PostgreSQL `int`). */
export const MAX_INT32 = 2_147_483_647;

export const ExpectedVersion = z.int().min(1, 'versions start at 1').max(MAX_INT32);

/** A page request. */
export const Limit = z.int().min(1).max(100).default(50);
export const Offset = z.int().min(0).max(10_000_000).default(0);

/** A short free-text label. */
export const Label = z.string().trim().min(1).max(50);

/** `summary` rows by default, `full` entities on request. */
export const Detail = z.enum(['summary', 'full']).default('summary');

/** Fields every mutable entity carries. */
export const Audit = {
  version: z.int().min(1),
  created_at: IsoTimestamp,
  updated_at: IsoTimestamp,
  created_by: z.string(),
  updated_by: z.string(),
};
