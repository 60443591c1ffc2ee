import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';

/** How long a connection refused for its body may still deliver the rest of it before it is cut. */
export const LINGER_MS = 5000;

/**
 * Closes the connection after the current response without resetting it.
 *
 * A body over the limit is refused before the client has finished sending
 * it (a chunked upload announces no length). Node ends a `Connection: close`
 * response by closing the socket at once; the client's next chunks then hit
 * a closed socket, the kernel answers with a reset, and the client reports
 * "connection reset" without ever reading the 413 waiting in its buffer.
 * Instead the server half-closes (the response and FIN go out), keeps
 * reading and discarding what the client still sends, and closes fully once
 * the client has closed its side too — or after {@link LINGER_MS} at most, so a client that
 * never stops cannot hold the connection.
 *
 * Only for HTTP/1 requests served through `@hono/node-server` (`incoming`);
 * anything else is left alone.
 */
export function closeGently(incoming: IncomingMessage | undefined): void {
  const socket = incoming?.socket as (Socket & { destroySoon?: () => void }) | undefined;
  if (!incoming || !socket || incoming.httpVersionMajor !== 1 || socket.destroyed) return;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  // What Node calls once a `Connection: close` response is written: half-close instead of destroying.
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
  };
  incoming.resume();
}
