import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors/error-table.js';

/** Paths reachable without the token: a load balancer's probe must not need a secret. */
export const PUBLIC_PATHS: ReadonlySet<string> = new Set(['/health']);

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/**
 * Requires `Authorization: Bearer <token>` on every route except
 * {@link PUBLIC_PATHS}. Tokens are compared through fixed-length digests in
 * constant time, so response timing reveals nothing about the secret.
 */
export function bearerAuth(token: string): MiddlewareHandler {
  const expected = digest(token);
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path) || c.req.method === 'OPTIONS') return next();
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const challenge = { 'WWW-Authenticate': 'Bearer realm="project-status"' };
    if (!match) throw new HttpError('UNAUTHORIZED', 'this server requires Authorization: Bearer <token>', {}, challenge);
    if (!timingSafeEqual(digest(match[1]!), expected)) {
      throw new HttpError('UNAUTHORIZED', 'the bearer token is wrong', {}, { 'WWW-Authenticate': 'Bearer realm="project-status", error="invalid_token"' });
    }
    return next();
  };
}
