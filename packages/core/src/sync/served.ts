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
