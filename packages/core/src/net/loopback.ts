/**
 * DNS-rebinding protection shared by the two HTTP servers (the API and MCP
 * over HTTP). A web page can make a browser send requests to 127.0.0.1 by
 * pointing its own host name there; the browser then sends that foreign
 * name in `Host`. A server on loopback without a token must therefore answer
 * only to the names it was bound as. Pure string work, no I/O.
 */

/** `[::1]` → `::1`, `LocalHost.` → `localhost`. */
function bareHost(host: string): string {
  return host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

const IPV4_LOOPBACK = /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

/**
 * True for addresses only this machine can reach: 127.0.0.0/8 (also as an
 * IPv4-mapped IPv6 address), `::1`, `localhost` and `*.localhost`.
 *
 * @example
 * isLoopbackHost('[::1]'); // true
 * isLoopbackHost('0.0.0.0'); // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = bareHost(host);
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  return IPV4_LOOPBACK.test(h.startsWith('::ffff:') ? h.slice(7) : h);
}

/**
 * The host names (without port) a server bound to `bindHost` answers to:
 * the loopback names and the bound name itself. Undefined when it is bound
 * beyond loopback, where a bearer token guards it instead and the names it
 * is reached by (proxies, DNS) cannot be known.
 *
 * @example
 * allowedHostNames('127.0.0.1'); // ['localhost', '127.0.0.1', '::1']
 */
export function allowedHostNames(bindHost: string): string[] | undefined {
  if (!isLoopbackHost(bindHost)) return undefined;
  return [...new Set(['localhost', '127.0.0.1', '::1', bareHost(bindHost)])];
}

/**
 * Whether a `Host` header names one of `allowed` (as returned by
 * {@link allowedHostNames}); its port is not compared, since port forwarding
 * may change it. A missing or unparsable header is refused.
 *
 * @example
 * hostAllowed('localhost:3717', allowedHostNames('127.0.0.1')!); // true
 * hostAllowed('evil.example:3717', allowedHostNames('127.0.0.1')!); // false
 */
export function hostAllowed(hostHeader: string | undefined, allowed: readonly string[]): boolean {
  // Only host[:port]; anything URL-like (userinfo, path) is not a Host a browser sends.
  if (!hostHeader || /[@/\\?#\s]/.test(hostHeader.trim())) return false;
  let name: string;
  try {
    name = bareHost(new URL(`http://${hostHeader.trim()}`).hostname);
  } catch {
    return false;
  }
  return allowed.some((a) => bareHost(a) === name);
}
