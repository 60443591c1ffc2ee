import { Actor, decodeUtf8, isFallbackAnswer, servedFields, servedOfError, ValidationError, type ErrorHint, type Operation, type ProjectStatus, type ServedBy } from '@project-status/core';
import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { mountBoard } from './board/serve-board.js';
import { renderDocsPage } from './docs/docs-page.js';
import { HttpError, statusFor, toErrorBody } from './errors/error-table.js';
import { wordHint } from './errors/hint-wording.js';
import { buildOpenApiDocument, type OpenApiInfo } from './openapi/openapi-document.js';
import { inputJsonSchema } from './routes/operation-schemas.js';
import { serveEvents } from './routes/events.js';
import { buildInput, checkPercentEncoding, clientNames, inClientNames } from './routes/route-input.js';
import { responseHeaders, selectOutput, servedHeaders, valueAt, wantsMarkdown } from './routes/route-output.js';
import { activeRoutes, routes as defaultRoutes, type Route } from './routes/route-table.js';
import { bearerAuth } from './security/auth.js';
import { originGuard } from './security/origin-guard.js';
import { closeGently } from './security/close-gently.js';
import { headerText } from './header-text.js';

/** 1 MiB: far above any legitimate input (a legacy import names a file, it does not upload it). */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/** Options of {@link createHttpApp}. */
export interface HttpAppOptions {
  /** Actor for requests without `X-Client-Id` (and without created_by/updated_by). Default `http`. */
  clientId?: string;
  /** When set, every route except /health requires `Authorization: Bearer <token>`. */
  token?: string;
  /** The one browser origin allowed to call the API cross-origin; CORS is off without it. */
  corsOrigin?: string;
  /** Host names the server answers to (DNS-rebinding protection); any host when absent. */
  allowedHosts?: readonly string[];
  /** Request body cap in bytes; larger bodies get 413. Default {@link DEFAULT_MAX_BODY_BYTES}. */
  maxBodyBytes?: number;
  /** Receives one line per request, and the stack of any unexpected error. Silent when absent. */
  log?: (line: string) => void;
  /** Route table; the built-in one by default. Lines whose operation is not registered are skipped. */
  routes?: readonly Route[];
  /** Title and version shown in the OpenAPI document. */
  info?: Partial<OpenApiInfo>;
  /** Serve the board at `/` (see docs/board.md). Default true. */
  board?: boolean;
}

type Env = { Variables: { ifMatch: boolean; actor: string; bodyless: boolean } };

/** `/work-items/{id}` → `/work-items/:id` (Hono's syntax). */
function honoPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * True when the request is known to carry no body: HTTP/1.x through
 * `@hono/node-server` (which passes the Node request as `c.env.incoming`),
 * sent without Content-Length or Transfer-Encoding — every GET. Node's parser
 * reads no body for such a request (bytes after the headers are the next
 * request), so the body limit and the handler leave the body alone instead
 * of making the adapter build a web Request body for nothing, which cost
 * ~0.15 ms of every GET. HTTP/2 may send a body without a length, and
 * requests made any other way (`app.request()`) are read as before.
 */
function declaresNoBody(c: Context<Env>): boolean {
  const incoming = (c.env as { incoming?: Pick<IncomingMessage, 'headers' | 'httpVersionMajor'> } | undefined)?.incoming;
  if (!incoming?.headers || incoming.httpVersionMajor !== 1) return false;
  const { 'content-length': length, 'transfer-encoding': encoding } = incoming.headers;
  return encoding === undefined && (length === undefined || length === '0');
}

function pathPattern(path: string): RegExp {
  const segments = path.split('/').map((s) => (/^\{[^}]+\}$/.test(s) ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&')));
  return new RegExp(`^${segments.join('/')}$`);
}

/**
 * The HTTP API as a Hono app: one handler per route-table line, each calling
 * `ps.call` with the operation's name, so validation, errors and results are
 * the catalog's own. Serve it with `@hono/node-server` or test it in-process
 * with `app.request()`.
 *
 * @example
 * const ps = await openProjectStatus({ env: process.env });
 * const app = createHttpApp(ps, { clientId: 'dashboard' });
 * const res = await app.request('/work-items/ready');
 * console.log(await res.json());
 */
export function createHttpApp(ps: ProjectStatus, options: HttpAppOptions = {}): Hono<Env> {
  const app = new Hono<Env>();
  const table = activeRoutes(ps.operations, options.routes ?? defaultRoutes);
  const defaultActor = options.clientId ?? 'http';
  const log = options.log;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;

  const errorResponse = (c: Context<Env>, error: unknown): Response => {
    const { body, headers, expected } = toErrorBody(error);
    // The next step, when one request resolves the error, in this API's own routes and fields.
    const hint = expected ? (error as { hint?: ErrorHint }).hint : undefined;
    const next = hint ? wordHint(hint, table, ps.operations) : undefined;
    if (next) body.next = next;
    if (!expected && log) log(`unexpected error on ${c.req.method} ${c.req.path}: ${(error as Error)?.stack ?? String(error)}`);
    // SPEC §5: an error a fallback layer gave (a NOT_FOUND from the cache) carries the same headers as its answers (and details.served in the body).
    return c.json(body, statusFor(body.code, { ifMatch: c.get('ifMatch') }), { ...headers, ...servedHeaders(servedOfError(error)) });
  };

  app.use('*', async (c, next) => {
    c.set('bodyless', declaresNoBody(c));
    const started = performance.now();
    await next();
    const ms = (performance.now() - started).toFixed(1);
    log?.(`${c.req.method} ${c.req.path} ${c.res.status} ${ms}ms ${c.get('actor') ?? '-'}`);
  });
  app.use('*', originGuard({ corsOrigin: options.corsOrigin, allowedHosts: options.allowedHosts }));
  if (options.corsOrigin) {
    app.use(
      '*',
      cors({
        origin: options.corsOrigin,
        allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
        allowHeaders: ['Authorization', 'Content-Type', 'If-Match', 'X-Client-Id'],
        exposeHeaders: ['ETag', 'Location'],
        maxAge: 600,
      }),
    );
  }
  // Before the token check: the page holds no data, and asks for the token itself (docs/board.md).
  if (options.board !== false) mountBoard(app);
  if (options.token) app.use('*', bearerAuth(options.token));
  const limitBody = bodyLimit({
    maxSize: maxBodyBytes,
    onError: (c) => {
      // The rest of an oversize body is not worth reading: answer, then close without a reset (see closeGently).
      closeGently((c.env as { incoming?: IncomingMessage } | undefined)?.incoming);
      return errorResponse(c as Context<Env>, new HttpError('PAYLOAD_TOO_LARGE', `the request body exceeds the limit of ${maxBodyBytes} bytes`, { max_bytes: maxBodyBytes }, { Connection: 'close' }));
    },
  });
  app.use('*', (c, next) => (c.get('bodyless') ? next() : limitBody(c, next)));
  app.use('*', async (c, next) => {
    const raw = c.req.header('X-Client-Id');
    const header = raw === undefined ? undefined : headerText(raw);
    if (header === undefined) {
      c.set('actor', defaultActor);
    } else {
      const parsed = Actor.safeParse(header);
      if (!parsed.success) throw ValidationError.field('X-Client-Id', `must be 1–100 characters naming the calling client (received ${JSON.stringify(header)})`);
      c.set('actor', parsed.data);
    }
    return next();
  });

  for (const route of table) {
    const op = ps.operations[route.operation] as Operation;
    const schema = inputJsonSchema(op);
    app.on(route.method, honoPath(route.path), async (c) => {
      c.set('ifMatch', route.ifMatch === true);
      checkPercentEncoding(c.req.url);
      const query = c.req.queries() ?? {};
      const input = buildInput(route, schema, {
        params: c.req.param() as Record<string, string>,
        query,
        // Strict: Request.text() would store a Latin-1 byte as U+FFFD; a byte order mark is dropped.
        body: c.get('bodyless') ? '' : decodeUtf8(new Uint8Array(await c.req.arrayBuffer()), '(body)', 'the request body', 'send it as UTF-8 (JSON text is UTF-8, RFC 8259); nothing was written'),
        ifMatch: c.req.header('If-Match'),
      });
      let served: ServedBy | undefined;
      const output = await ps.call(route.operation, input, { actor: c.get('actor'), onServed: (s) => (served = s) }).catch((error: unknown) => {
        throw error instanceof ValidationError ? inClientNames(error, clientNames(route, { query })) : error;
      });
      const headers = { ...responseHeaders(route, output), ...(route.markdown ? { Vary: 'Accept' } : {}), ...servedHeaders(served) };
      const markdown = route.markdown ? valueAt(output, route.markdown) : undefined;
      if (typeof markdown === 'string' && wantsMarkdown(route, c.req.header('Accept'))) {
        return c.body(markdown, route.status ?? 200, { ...headers, 'Content-Type': 'text/markdown; charset=utf-8' });
      }
      const unavailable = route.unavailableUnless !== undefined && valueAt(output, route.unavailableUnless) === false;
      let body = selectOutput(route, output);
      // SPEC §5: a fallback answer carries where it came from in the body too (objects only: a bare list keeps its shape).
      if (isFallbackAnswer(served) && body !== null && typeof body === 'object' && !Array.isArray(body)) body = { ...(body as object), ...servedFields(served) };
      return c.json(body as object, unavailable ? 503 : (route.status ?? 200), headers);
    });
  }

  if (ps.operations.list_changes) app.get('/events', (c) => serveEvents(c, ps));

  let openapi: object | undefined;
  const document = () => (openapi ??= buildOpenApiDocument(ps.operations, table, options.info));
  app.get('/openapi.json', (c) => c.json(document()));
  app.get('/docs', (c) => c.html(renderDocsPage(document())));

  const patterns = table.map((route) => ({ route, pattern: pathPattern(route.path) }));
  app.notFound((c) => {
    const allowed = [...new Set(patterns.filter((p) => p.pattern.test(c.req.path)).map((p) => p.route.method))];
    if (allowed.length > 0) {
      return errorResponse(
        c,
        new HttpError('METHOD_NOT_ALLOWED', `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}`, { allowed }, { Allow: allowed.join(', ') }),
      );
    }
    return errorResponse(c, new HttpError('NOT_FOUND', `no route ${c.req.method} ${c.req.path}; the API is described at /openapi.json`, { method: c.req.method, path: c.req.path }));
  });
  app.onError((error, c) => errorResponse(c, error));
  return app;
}
