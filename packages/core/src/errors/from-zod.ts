import type { z } from 'zod';
import { ValidationError, type FieldIssue } from './domain-error.js';

/** Turns zod issues into a {@link ValidationError} whose message names every field. */
export function validationErrorFromZod(error: z.ZodError, prefix?: string): ValidationError {
  const issues: FieldIssue[] = error.issues.map((issue) => {
    const parts = [...(prefix ? [prefix] : []), ...issue.path.map(String)];
    return { path: parts.join('.') || '(input)', message: issue.message };
  });
  const summary = issues
    .slice(0, 5)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
  const more = issues.length > 5 ? ` (+${issues.length - 5} more)` : '';
  return new ValidationError(`Invalid input — ${summary}${more}`, issues);
}

/**
 * Parse options for every input parse: a field that is missing reads
 * "required" instead of zod's "Invalid input: expected string, received
 * undefined". A per-parse map, not `z.config`, so a host's own zod is untouched.
 */
export const PARSE_PARAMS = {
  error: (issue: { code?: string; input?: unknown }) => (issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined),
} as const;

/** Parses `value` with `schema` or throws a {@link ValidationError}. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const result = schema.safeParse(value, PARSE_PARAMS);
  if (!result.success) throw validationErrorFromZod(result.error, prefix);
  return result.data;
}
