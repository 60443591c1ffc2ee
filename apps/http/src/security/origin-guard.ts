import { hostAllowed } from '@project-status/core';
import type { MiddlewareHandler } from 'hono';
import { HttpError } from '../errors/error-table.js';

/** What {@link originGuard} lets through. */
export interface OriginGuardOptions {
  /** The one cross-origin caller allowed (`--cors-origin`), e.g. `http://localhost:5173`. */
  corsOrigin?: string;
  /**
   * Host names the server answers to. A server on loopback passes the
   * loopback names, so a web page whose own host name was re-pointed at
   * 127.0.0.1 (DNS rebinding) is refused.
   */
  allowedHosts?: readonly string[];
}

/**
 * Refuses requests a browser made on behalf of a foreign page. A browser sends
 * `Origin` on cross-origin requests (and on same-origin writes); without this
 * check any web page could POST to a server on 127.0.0.1, since a text/plain
 * POST needs no CORS preflight. Requests without `Origin` (curl, services)
 * pass; same-origin requests (the /docs page) pass.
 */
export function originGuard(options: OriginGuardOptions): MiddlewareHandler {
  const hosts = options.allowedHosts;
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (hosts && !hostAllowed(c.req.header('Host') ?? url.host, hosts)) {
      throw new HttpError('FORBIDDEN', `host "${url.hostname}" is not one this server answers to (${hosts.join(', ')})`, { host: url.hostname });
    }
    const origin = c.req.header('Origin');
    if (origin !== undefined && origin !== url.origin && origin !== options.corsOrigin) {
      throw new HttpError('FORBIDDEN', `requests from origin ${origin} are not allowed${options.corsOrigin ? ` (only ${options.corsOrigin})` : '; start the server with --cors-origin to allow one'}`, { origin });
    }
    return next();
  };
}
