import { createHash, timingSafeEqual } from 'node:crypto';
import { isLoopbackHost } from '@project-status/core';

/** The `host[:port]` of a URL or Host header as a browser would compare it (default ports dropped); undefined when unparsable. */
function hostOf(urlOrHost: string): { protocol: string; host: string } | undefined {
  try {
    const url = new URL(urlOrHost.includes('://') ? urlOrHost : `http://${urlOrHost}`);
    return url.origin === 'null' ? undefined : { protocol: url.protocol, host: url.host };
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser `Origin` may call the server: the page must come from
 * the server itself (same host and port as the request's `Host`) or be
 * listed in `allowed`. Another port on localhost is another origin — a dev
 * server or any local web app — and is refused unless listed.
 * Requests without an `Origin` header (every non-browser MCP client) are not
 * checked here.
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[], hostHeader: string | undefined): boolean {
  const from = hostOf(origin);
  if (!from || (from.protocol !== 'http:' && from.protocol !== 'https:')) return false;
  if (hostHeader !== undefined && hostOf(hostHeader)?.host === from.host) return true;
  return allowed.some((a) => {
    const listed = hostOf(a);
    return listed !== undefined && listed.protocol === from.protocol && listed.host === from.host;
  });
}

export { isLoopbackHost };

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** Whether an `Authorization` header carries exactly `Bearer <token>`, compared in constant time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  if (!match?.[1]) return false;
  return timingSafeEqual(digest(match[1].trim()), digest(token));
}

/** Refusal to start: listening off-loopback without a token would expose the project to the network. */
export class UnsafeBindError extends Error {
  constructor(host: string) {
    super(`refusing to listen on ${host} without a bearer token: pass --token (or PROJECT_STATUS_MCP_TOKEN), or bind to 127.0.0.1`);
    this.name = 'UnsafeBindError';
  }
}
