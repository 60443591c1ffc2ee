import type { ServedBy } from '@project-status/core';
import type { Route } from './route-table.js';

/** The value at a dotted path (`item.version`) of an operation's output. */
export function valueAt(value: unknown, dotted: string): unknown {
  let current = value;
  for (const key of dotted.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The route's view of an operation's output (`select`), or the output itself. */
export function selectOutput(route: Route, output: unknown): unknown {
  if (route.select === undefined || output === null || typeof output !== 'object') return output;
  const record = output as Record<string, unknown>;
  if (typeof route.select === 'string') return record[route.select];
  return Object.fromEntries(route.select.map((key) => [key, record[key]]));
}

/**
 * True when a route with a markdown view should send it: the Accept header
 * names `text/markdown` (or `text/*`) before any JSON type. No Accept, or
 * JSON first, keeps the JSON answer.
 */
export function wantsMarkdown(route: Route, accept: string | undefined): boolean {
  if (!route.markdown || !accept) return false;
  for (const part of accept.split(',')) {
    const type = part.split(';')[0]!.trim().toLowerCase();
    if (type === 'text/markdown' || type === 'text/*') return !/;\s*q=0(\.0*)?\s*(;|$)/.test(part);
    if (type === 'application/json' || type === '*/*') return false;
  }
  return false;
}

/** Response headers the route derives from the output: `ETag` for a single versioned entity, `Location` for a created one. */
export function responseHeaders(route: Route, output: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (route.etag) {
    const version = valueAt(output, route.etag);
    if (typeof version === 'number') headers.ETag = `"${version}"`;
  }
  if (route.location) {
    let complete = true;
    const location = route.location.replace(/\{([^}]+)\}/g, (_, key: string) => {
      const v = valueAt(output, key);
      if (typeof v !== 'string' && typeof v !== 'number') complete = false;
      return encodeURIComponent(String(v));
    });
    if (complete) headers.Location = location;
  }
  return headers;
}

/**
 * SPEC §5: which layer answered, on every response whose operation reached
 * the store — `X-Data-Source` (postgres, sqlite, cache, git, markdown),
 * `X-Data-Warnings` (comma-separated) and `X-Data-Age` (seconds) when a
 * fallback answered.
 */
export function servedHeaders(served: ServedBy | undefined): Record<string, string> {
  if (!served) return {};
  return {
    'X-Data-Source': served.data_source,
    ...(served.warnings.length > 0 ? { 'X-Data-Warnings': served.warnings.join(',') } : {}),
    ...(served.age_seconds !== null ? { 'X-Data-Age': String(served.age_seconds) } : {}),
  };
}
