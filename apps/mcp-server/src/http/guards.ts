import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';

/** True for addresses only this machine can reach: 127.0.0.0/8, ::1 and `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/** `http://localhost:5173` → `http://localhost:5173`; anything unparsable → undefined. */
function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * DNS-rebinding protection: a browser page may call the server only from a
 * loopback origin or one listed explicitly. Requests without an `Origin`
 * header (every non-browser MCP client) are not affected.
 */
export function isAllowedOrigin(origin: string, allowed: readonly string[]): boolean {
  const normalized = normalizeOrigin(origin);
  if (!normalized) return false;
  const { protocol, hostname } = new URL(normalized);
  if ((protocol === 'http:' || protocol === 'https:') && isLoopbackHost(hostname)) return true;
  return allowed.some((a) => normalizeOrigin(a) === normalized);
}

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
