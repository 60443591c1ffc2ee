import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A TCP port that tests can turn into a database outage and back: while
 * down, nothing listens on it (connecting is refused, as with a stopped
 * server); while up, it forwards every connection to `target`. The shared
 * test server is never stopped or reconfigured.
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

/** A free port on 127.0.0.1 (bound and released at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
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
  const port = await freePort();
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  return {
    port,
    rewrite(url: string) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async up() {
      if (server) return;
      server = createServer((client) => {
        const upstream = connect(target.port, target.host);
        track(client);
        track(upstream);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
        client.pipe(upstream).pipe(client);
      });
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(port, '127.0.0.1', () => resolve());
      });
    },
    async down() {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
