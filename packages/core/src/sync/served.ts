import type { ServedBy } from '../ports/store.js';

/** Whether an answer needs saying where it came from: a fallback layer answered, or there are warnings. */
export function isFallbackAnswer(served: ServedBy | undefined): served is ServedBy {
  return served !== undefined && (served.data_source === 'cache' || served.data_source === 'git' || served.data_source === 'markdown' || served.warnings.length > 0 || served.queued === true);
}

/** `12 s`, `4 min`, `3 h`, `2 d`. */
function age(seconds: number): string {
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}

/**
 * The one line every surface shows beside a fallback answer (MCP text, CLI
 * stderr notice), e.g. `served from cache (4 min old; database_unavailable);
 * write queued for sync at outbox position 3`.
 */
export function describeServed(served: ServedBy): string {
  const facts = [...(served.age_seconds !== null ? [`${age(served.age_seconds)} old`] : []), ...served.warnings.filter((w) => w !== 'queued_for_sync')];
  let line = `served from ${served.data_source}${facts.length > 0 ? ` (${facts.join('; ')})` : ''}`;
  if (served.queued) line += `; write queued for sync at outbox position ${served.outbox_position ?? '?'}`;
  return line;
}

/** The answer's own fields for structured results (MCP structured content, HTTP bodies). */
export function servedFields(served: ServedBy): Record<string, unknown> {
  return {
    data_source: served.data_source,
    warnings: served.warnings,
    age_seconds: served.age_seconds,
    ...(served.queued ? { queued: true, outbox_position: served.outbox_position } : {}),
  };
}

/**
 * Where a failed call's refusal came from, when a fallback layer gave it (a
 * NOT_FOUND from the cache): the `details.served` the outage fallback sets on
 * the error. Every surface says so beside the error, as it does for an answer.
 */
export function servedOfError(error: unknown): ServedBy | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const details = (error as { details?: unknown }).details;
  const served = details !== null && typeof details === 'object' ? (details as { served?: unknown }).served : undefined;
  if (served === null || typeof served !== 'object') return undefined;
  const s = served as Partial<ServedBy>;
  if (typeof s.data_source !== 'string' || !Array.isArray(s.warnings)) return undefined;
  return {
    data_source: s.data_source,
    warnings: s.warnings.filter((w): w is string => typeof w === 'string'),
    age_seconds: typeof s.age_seconds === 'number' ? s.age_seconds : null,
    ...(s.queued ? { queued: true, outbox_position: s.outbox_position } : {}),
  };
}

/**
 * The notice beside an error a fallback layer gave: the served line, and for
 * a NOT_FOUND what it does not prove (the copy may not hold the newest changes).
 */
export function describeServedError(served: ServedBy, code: string): string {
  const line = describeServed(served);
  if (code !== 'NOT_FOUND') return line;
  return `${line}: not found in this copy, which may miss the newest changes; it may exist on the server, so do not re-create it before the database answers`;
}
