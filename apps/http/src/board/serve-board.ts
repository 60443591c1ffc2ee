import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Context, Env, Hono } from 'hono';

/**
 * The board: a page and two bundled files (`board.js`, `board.css`, built
 * from `apps/http/board/` into `dist/board/`), served by the API itself so it
 * works offline and shares the API's origin — same-origin calls need no
 * CORS, and the Origin guard treats the page like any other client.
 *
 * The page carries no data and no secret, so it is served without the token;
 * every call it makes goes through the API's routes and their checks.
 */

/** Paths of the board itself: public, like `/health`. */
export const BOARD_PATHS: ReadonlySet<string> = new Set(['/', '/board/board.js', '/board/board.css']);

/**
 * Strict: scripts and styles only from this origin (no inline code, no
 * eval), data only from this origin, no frames, no forms posting elsewhere.
 * User text can therefore never run, even if an escaping bug let markup in.
 */
export const BOARD_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': BOARD_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

interface Asset {
  body: Uint8Array;
  gzip: Uint8Array;
  type: string;
  etag: string;
}

/** The folder holding the built board: next to the bundle in `dist/`, or `dist/board` seen from `src/`. */
function assetDir(): string | undefined {
  for (const candidate of ['./board/', '../../dist/board/', '../dist/board/']) {
    const dir = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(`${dir}board.js`)) return dir;
  }
  return undefined;
}

function asset(body: string | Uint8Array, type: string): Asset {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  return { body: bytes, gzip: gzipSync(bytes, { level: 9 }), type, etag: `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 22)}"` };
}

/**
 * What the board asks for first when opened without filters (`board/src/board.ts`
 * builds the same URLs): preloaded by the page so the server answers them
 * while the browser is still fetching and parsing the bundle.
 */
export const FIRST_REQUESTS: readonly string[] = [
  '/work-items/ready?detail=full&limit=25',
  '/work-items?detail=full&status=active&held=true&limit=25&offset=0',
  '/work-items?detail=full&status=blocked&limit=25&offset=0',
  '/work-items?detail=full&status=completed&limit=25&offset=0',
];

/** The page: a shell the script fills; `noscript` says what is missing. */
function page(version: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Project Status</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/board/board.css?v=${version}">
<script src="/board/board.js?v=${version}" defer></script>
${FIRST_REQUESTS.map((href) => `<link rel="preload" as="fetch" crossorigin="anonymous" href="${href.replaceAll('&', '&amp;')}">`).join('\n')}
</head>
<body>
<noscript>The board needs JavaScript. The API itself is described at <a href="/docs">/docs</a>.</noscript>
<div id="app"></div>
</body>
</html>
`;
}

function loadAssets(): Map<string, Asset> | undefined {
  const dir = assetDir();
  if (!dir) return undefined;
  const js = asset(readFileSync(`${dir}board.js`), 'text/javascript; charset=utf-8');
  const css = asset(readFileSync(`${dir}board.css`), 'text/css; charset=utf-8');
  const version = createHash('sha256').update(js.etag + css.etag).digest('hex').slice(0, 12);
  return new Map([
    ['/', asset(page(version), 'text/html; charset=utf-8')],
    ['/board/board.js', js],
    ['/board/board.css', css],
  ]);
}

function send<E extends Env>(c: Context<E>, item: Asset, immutable: boolean): Response {
  const headers: Record<string, string> = {
    ...SECURITY_HEADERS,
    'Content-Type': item.type,
    ETag: item.etag,
    Vary: 'Accept-Encoding',
    // The page names its assets by content version, so they may be kept; the page itself is revalidated.
    'Cache-Control': immutable && c.req.query('v') ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  if (c.req.header('If-None-Match') === item.etag) return c.body(null, 304, headers);
  const gzip = /\bgzip\b/.test(c.req.header('Accept-Encoding') ?? '');
  if (gzip) headers['Content-Encoding'] = 'gzip';
  return c.body((gzip ? item.gzip : item.body) as Uint8Array<ArrayBuffer>, 200, headers);
}

/**
 * Adds `GET /`, `/board/board.js` and `/board/board.css` to `app`. Without a
 * build (`dist/board` missing) `/` answers 503 saying how to build it.
 */
export function mountBoard<E extends Env>(app: Hono<E>): void {
  let assets: Map<string, Asset> | undefined | null = null;
  const get = () => (assets === null ? (assets = loadAssets()) : assets);
  for (const path of BOARD_PATHS) {
    app.get(path, (c) => {
      const found = get()?.get(path);
      if (!found) return c.text('The board is not built: run `pnpm --filter @project-status/http build`.', 503, SECURITY_HEADERS);
      return send(c, found, path !== '/');
    });
  }
}
