import { randomUUID } from 'node:crypto';
import { createServer as createNodeServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { allowedHostNames, decodeUtf8, hostAllowed } from '@project-status/core';
import { bearerMatches, isAllowedOrigin, isLoopbackHost, UnsafeBindError } from './guards.js';
import { DEFAULT_MAX_SESSIONS, DEFAULT_MAX_SESSIONS_PER_CLIENT, DEFAULT_SESSION_IDLE_TIMEOUT_MS, SessionTable } from './sessions.js';

/** The path MCP clients post to. */
export const MCP_PATH = '/mcp';

/** Options of {@link startHttpServer}. */
export interface HttpServerOptions {
  host: string;
  port: number;
  /** Bearer token every request must carry; mandatory when `host` is not loopback. */
  token?: string;
  /** Browser origins allowed besides loopback ones. */
  allowedOrigins?: readonly string[];
  maxBodyBytes: number;
  /** A fresh MCP server for each session (they share the same store). */
  createServer: () => Server;
  log?: (message: string) => void;
  /** Close a session after this many milliseconds without a request or open stream (default {@link DEFAULT_SESSION_IDLE_TIMEOUT_MS}). */
  sessionIdleTimeoutMs?: number;
  /** Open sessions at most (default {@link DEFAULT_MAX_SESSIONS}); when full, the least recently used idle one makes room. */
  maxSessions?: number;
  /** Open sessions of one remote address at most (default {@link DEFAULT_MAX_SESSIONS_PER_CLIENT}); beyond it, its own least recently used one makes room. */
  maxSessionsPerClient?: number;
  /** Milliseconds clock for session expiry (default `Date.now`); tests pass a controllable one. */
  now?: () => number;
}

/** A listening Streamable HTTP endpoint. */
export interface RunningHttpServer {
  /** e.g. `http://127.0.0.1:3717/mcp` */
  url: string;
  port: number;
  /** Sessions open now. */
  readonly sessions: number;
  /** Sessions with a request or stream open now (never expired or evicted while idle ones exist). */
  readonly sessionsInUse: number;
  /** Closes the sessions idle past the timeout now (a timer does it too); returns how many. */
  sweep(): number;
  close(): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const rpcError = (code: number, message: string) => ({ jsonrpc: '2.0', error: { code, message }, id: null });

type BodyResult = { ok: true; value: unknown } | { ok: false; status: 413 | 400; message: string };

/** Reads and parses a JSON body, stopping as soon as it exceeds `max` bytes. */
async function readJsonBody(req: IncomingMessage, max: number): Promise<BodyResult> {
  const tooLarge = { ok: false, status: 413, message: `request body exceeds ${max} bytes` } as const;
  if (Number(req.headers['content-length'] ?? 0) > max) return tooLarge;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > max) return tooLarge;
    chunks.push(chunk);
  }
  let text: string;
  try {
    // Strict: toString('utf8') would read a Latin-1 byte as U+FFFD and store it.
    text = decodeUtf8(Buffer.concat(chunks), '(body)', 'request body', 'send it as UTF-8; nothing was done');
  } catch (error) {
    return { ok: false, status: 400, message: (error as Error).message.replace(/^\(body\): /, '') };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, status: 400, message: `request body is not JSON: ${(error as Error).message}` };
  }
}

const startsSession = (body: unknown): boolean => (Array.isArray(body) ? body.some(isInitializeRequest) : isInitializeRequest(body));

/**
 * Serves MCP over Streamable HTTP at `/mcp`, one session per `initialize`.
 * Guards run before the SDK sees a request: Origin (DNS rebinding), bearer
 * token, body size.
 *
 * @example
 * const http = await startHttpServer({ host: '127.0.0.1', port: 0, maxBodyBytes: 1 << 20, createServer: () => createMcpServer(ps) });
 * console.error(`listening on ${http.url}`);
 */
export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  if (!options.token && !isLoopbackHost(options.host)) throw new UnsafeBindError(options.host);
  const log = options.log ?? (() => undefined);
  const hosts = options.token ? undefined : allowedHostNames(options.host);
  const sessions = new SessionTable<StreamableHTTPServerTransport>(
    {
      idleTimeoutMs: options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS,
      maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
      maxSessionsPerClient: options.maxSessionsPerClient ?? DEFAULT_MAX_SESSIONS_PER_CLIENT,
      now: options.now ?? Date.now,
    },
    // Expired or evicted: its client gets 404 on its next request and, as the protocol says, starts a new session.
    (transport) => void transport.close().catch(() => undefined),
  );

  /** Runs one request of a session, counting it as in use until its response (or stream) ends. */
  function serve(id: string, transport: StreamableHTTPServerTransport, req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const done = sessions.use(id);
    res.once('close', done);
    return transport.handleRequest(req, res, body).finally(() => {
      if (res.writableEnded) done();
    });
  }

  async function openSession(req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> {
    const id = randomUUID();
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({ sessionIdGenerator: () => id });
    const admitted = sessions.admit(id, req.socket.remoteAddress ?? 'unknown', transport);
    if (!admitted.ok) return sendJson(res, 503, rpcError(-32000, admitted.message), { 'retry-after': '5' });
    const server = options.createServer();
    transport.onclose = () => {
      sessions.remove(id);
      void server.close().catch(() => undefined);
    };
    try {
      await server.connect(transport);
      await serve(id, transport, req, res, body);
    } finally {
      // An initialize the SDK refused (or that failed) opened nothing: free its slot at once.
      if (transport.sessionId === undefined) {
        sessions.remove(id);
        await transport.close().catch(() => undefined);
      }
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== MCP_PATH) return sendJson(res, 404, { error: `not found; MCP is served at ${MCP_PATH}` });
    // DNS rebinding: without a token, answer only to the names the server was bound as.
    if (hosts && !hostAllowed(req.headers.host, hosts)) {
      return sendJson(res, 403, rpcError(-32000, `host ${JSON.stringify(req.headers.host ?? '')} is not one this server answers to (${hosts.join(', ')})`));
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !isAllowedOrigin(origin, options.allowedOrigins ?? [], req.headers.host)) {
      return sendJson(res, 403, rpcError(-32000, `origin ${origin} is not allowed (only this server's own origin and those listed); start the server with --allowed-origins ${origin} to allow it`));
    }
    if (options.token && !bearerMatches(req.headers.authorization, options.token)) {
      return sendJson(res, 401, rpcError(-32001, 'missing or wrong bearer token'), { 'www-authenticate': 'Bearer' });
    }
    let body: unknown;
    if (req.method === 'POST') {
      const read = await readJsonBody(req, options.maxBodyBytes);
      if (!read.ok) {
        // Close the connection: the rest of an oversize body is not worth reading.
        return sendJson(res, read.status, rpcError(read.status === 413 ? -32600 : -32700, read.message), read.status === 413 ? { connection: 'close' } : {});
      }
      body = read.value;
    }
    const sessionId = req.headers['mcp-session-id'];
    const existing = typeof sessionId === 'string' ? sessions.get(sessionId) : undefined;
    if (existing) return serve(sessionId as string, existing, req, res, body);
    if (sessionId !== undefined) return sendJson(res, 404, rpcError(-32001, 'session not found; send initialize to start a new one'));
    if (req.method === 'POST' && startsSession(body)) return openSession(req, res, body);
    return sendJson(res, 400, rpcError(-32000, 'no session: send an initialize request first, then pass the mcp-session-id header'));
  }

  const http = createNodeServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      log(`HTTP request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendJson(res, 500, rpcError(-32603, 'internal server error'));
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => {
      http.off('error', reject);
      resolve();
    });
  });
  // Sessions of clients that vanished without DELETE expire even when nobody opens a new one.
  const sweeper = setInterval(() => sessions.sweep(), Math.min(options.sessionIdleTimeoutMs ?? DEFAULT_SESSION_IDLE_TIMEOUT_MS, 60_000));
  sweeper.unref();
  const { port } = http.address() as AddressInfo;
  const hostInUrl = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${hostInUrl}:${port}${MCP_PATH}`,
    port,
    get sessions() {
      return sessions.size;
    },
    get sessionsInUse() {
      return sessions.inUse;
    },
    sweep: () => sessions.sweep(),
    async close() {
      clearInterval(sweeper);
      await Promise.all(sessions.drain().map((t) => t.close().catch(() => undefined)));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
