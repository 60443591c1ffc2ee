import { createServer, connect, type Server, type Socket } from 'node:net';

/** What an {@link OutageProxy} does with connections. */
export type OutageMode = 'up' | 'refuse' | 'hang' | 'reset';

/**
 * A TCP proxy between a store and its database that can fail the way real
 * outages do (issue 12's tests): `refuse` (nothing listens: ECONNREFUSED),
 * `hang` (connections are accepted and existing ones stay open, but no byte
 * goes through: a frozen server or network), `reset` (every connection is
 * reset at once, open ones too). `up` forwards. The shared database server
 * itself is never touched.
 */
export interface OutageProxy {
  readonly port: number;
  readonly mode: OutageMode;
  /** `url` with host and port replaced by the proxy's. */
  rewrite(url: string): string;
  set(mode: OutageMode): Promise<void>;
  close(): Promise<void>;
}

/** A free port on 127.0.0.1 (bound and released at once), for a proxy or a throwaway server. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * @example
 * const proxy = await createOutageProxy({ host: '127.0.0.1', port: 5432 }, 'up');
 * await proxy.set('hang'); // statements now wait until their timeout
 */
export async function createOutageProxy(target: { host: string; port: number }, initial: OutageMode = 'up'): Promise<OutageProxy> {
  const port = await freePort();
  let mode: OutageMode = 'refuse';
  let server: Server | undefined;
  const pairs = new Set<{ client: Socket; upstream: Socket }>();

  const listen = async () => {
    if (server) return;
    const s = createServer((client) => {
      client.on('error', () => undefined);
      if (mode === 'reset') return void client.resetAndDestroy();
      if (mode === 'hang') {
        // Accepted, then silence; kept so that leaving `hang` can cut it.
        const pair = { client, upstream: client };
        pairs.add(pair);
        client.once('close', () => pairs.delete(pair));
        return;
      }
      const upstream = connect(target.port, target.host);
      const pair = { client, upstream };
      pairs.add(pair);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      const drop = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.once('close', drop);
      upstream.once('close', drop);
      client.pipe(upstream).pipe(client);
    });
    server = s;
    await new Promise<void>((resolve, reject) => {
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => resolve());
    });
  };

  const unlisten = async () => {
    const s = server;
    server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  const proxy: OutageProxy = {
    port,
    get mode() {
      return mode;
    },
    rewrite(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    async set(next) {
      const previous = mode;
      mode = next;
      if (next === 'hang') {
        // Open connections freeze: nothing more flows either way.
        for (const { client, upstream } of pairs) {
          client.unpipe();
          upstream.unpipe();
          client.pause();
          upstream.pause();
        }
      } else if (next !== 'up' || previous === 'hang') {
        for (const { client, upstream } of [...pairs]) {
          if (next === 'reset') client.resetAndDestroy();
          else client.destroy();
          upstream.destroy();
        }
        pairs.clear();
      }
      if (next === 'refuse') await unlisten();
      else await listen();
    },
    async close() {
      await proxy.set('refuse');
    },
  };
  await proxy.set(initial);
  return proxy;
}
