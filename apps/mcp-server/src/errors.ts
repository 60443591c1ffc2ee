import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { describeServedError, isDomainError, isFallbackAnswer, servedOfError, type ErrorBody, type ErrorCode, type ErrorHint } from '@project-status/core';
import { jsonText } from './tools/render.js';

/**
 * The one table from a domain error code to what the MCP surface adds: the
 * next step a model should take. The error JSON itself is the same on every
 * surface; this line is only for the model reading the tool result.
 */
export const ERROR_NEXT_STEP: Readonly<Record<ErrorCode, string>> = {
  VALIDATION_ERROR: 'Nothing was written. Fix the fields listed in details.issues and call again.',
  NOT_FOUND: 'Nothing was written. Check the id or name (the list_* and search_work_items tools find them).',
  VERSION_CONFLICT:
    'Nothing was written. Re-read the entity, re-apply your change to what you read, and retry with details.current_version.',
  CONFLICT: 'Nothing was written. details.reason says why; pick another name or item, or re-read the current state.',
  DATABASE_ERROR: 'The store did not answer. Retry shortly; health_check shows which store answers.',
};

/**
 * The wire body of a failure that is not a domain error (a bug): the same code
 * as HTTP's `INTERNAL_ERROR`. It is not retryable — a retry runs the same bug.
 */
export interface InternalErrorBody {
  code: 'INTERNAL_ERROR';
  message: string;
  details: Record<string, never>;
}

/** What a model should do after an INTERNAL_ERROR. */
export const INTERNAL_NEXT_STEP = 'The server failed unexpectedly (a bug; the server log has the details). Retrying the same call will fail the same way: tell the user, and carry on with other work.';

/** The database refused the connection (it does not exist, wrong credentials) or its URL cannot be used: no retry helps. */
const MISCONFIGURED_NEXT_STEP =
  'Nothing was written. The database URL or the server set-up is wrong (the message says what and where the URL came from). Retrying will not help; tell the user so they can fix it.';

/** A reachable database was busy for a moment (a lock, a deadlock, a serialization failure). */
const BUSY_NEXT_STEP = 'Nothing was written. The database was busy for a moment (a lock held by another writer, a deadlock): call again.';

/** A rule broke (a cycle, a depth limit) rather than a field: there is no issue list to point at. */
const RULE_NEXT_STEP = 'Nothing was written. The message says which rule the request breaks and details name the items involved; change the request so it holds and call again.';

/** An error's structured hint in this surface's terms: the tool and its arguments. */
export function wordHint(hint: ErrorHint): string {
  return `Nothing was written. To ${hint.purpose}, call ${hint.operation} with ${jsonText(hint.input)}.`;
}

/**
 * The next step after a failed call: the error's own hint when it carries
 * one, else the table's step for its code (a rule error without field issues
 * gets its own, since there is no details.issues to fix).
 */
export function nextStep(error: unknown, body: ErrorBody | InternalErrorBody): string {
  if (body.code === 'INTERNAL_ERROR') return INTERNAL_NEXT_STEP;
  const hint = isDomainError(error) ? error.hint : undefined;
  if (hint) return wordHint(hint);
  const issues = body.details.issues;
  if (body.code === 'VALIDATION_ERROR' && Array.isArray(issues) && issues.length === 0) return RULE_NEXT_STEP;
  if (body.code === 'DATABASE_ERROR' && body.details.reason === 'database_misconfigured') return MISCONFIGURED_NEXT_STEP;
  if (body.code === 'DATABASE_ERROR' && body.details.reason === 'database_busy') return BUSY_NEXT_STEP;
  return ERROR_NEXT_STEP[body.code];
}

/**
 * The wire body of any failure: a domain error's own JSON, or for anything
 * else an INTERNAL_ERROR body that leaks no stack or internal message. (It
 * once said DATABASE_ERROR, "may be retried": a model then retried a bug.)
 */
export function errorBody(error: unknown): ErrorBody | InternalErrorBody {
  if (isDomainError(error)) return error.toJSON();
  const name = error instanceof Error ? error.name : typeof error;
  return { code: 'INTERNAL_ERROR', message: `The server failed unexpectedly (${name}); this is a bug, not a retryable failure.`, details: {} };
}

/**
 * A failed call as an MCP tool result (`isError: true`): the error's JSON
 * (`{code, message, details}`, the same as HTTP and the CLI), then the next step.
 * Domain errors never reach the transport as protocol errors.
 */
export function errorResult(error: unknown): CallToolResult {
  const body = errorBody(error);
  // SPEC §5: an error a fallback layer gave (a NOT_FOUND from the cache) says so, as an answer does (details.served in the JSON too).
  const served = servedOfError(error);
  const step = nextStep(error, body);
  return {
    isError: true,
    content: [
      { type: 'text', text: jsonText(body) },
      { type: 'text', text: served && isFallbackAnswer(served) ? `${describeServedError(served, body.code)}\n${step}` : step },
    ],
  };
}
