import { createOutageProxy } from './outage-proxy.js';

/**
 * A TCP port that tests can turn into a database outage and back: while
 * down, nothing listens on it (connecting is refused, as with a stopped
 * server); while up, it forwards every connection to `target`. The shared
 * test server is never stopped or reconfigured. The two-state face of
 * {@link createOutageProxy} (which can also hang and reset).
 */
export interface TcpForwarder {
  /** The port clients connect to. */
  readonly port: number;
  /** `url` with its host and port replaced by the forwarder's. */
  rewrite(url: string): string;
  /** Starts forwarding (listening) on the port. */
  up(): Promise<void>;
  /** Stops listening and cuts every forwarded connection. */
  down(): Promise<void>;
}

/**
 * Creates a forwarder to `target` (`host:port` of the real database), down
 * at first: an URL rewritten through it points at a port nothing listens on.
 *
 * @example
 * const proxy = await createTcpForwarder({ host: '127.0.0.1', port: 5432 });
 * const url = proxy.rewrite(db.url); // unreachable until proxy.up()
 */
export async function createTcpForwarder(target: { host: string; port: number }): Promise<TcpForwarder> {
  const proxy = await createOutageProxy(target, 'refuse');
  return {
    port: proxy.port,
    rewrite: (url) => proxy.rewrite(url),
    up: () => proxy.set('up'),
    down: () => proxy.set('refuse'),
  };
}
