import { h } from './dom.js';

/**
 * Calls to the API this page came from. The token, when the server needs
 * one, is asked for once (a form, not a prompt in the URL), kept in this
 * tab's sessionStorage and sent only as `Authorization: Bearer`.
 */

const TOKEN_KEY = 'project-status.token';
const NAME_KEY = 'project-status.name';

/** An error answer of the API: its status and JSON body (`code`, `message`, `details`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Who this page acts as (`X-Client-Id`): the name typed in the header, else `board`. */
export function actor(): string {
  return localStorage.getItem(NAME_KEY)?.trim() || 'board';
}

export function setActor(name: string): void {
  if (name.trim()) localStorage.setItem(NAME_KEY, name.trim());
  else localStorage.removeItem(NAME_KEY);
}

let asking: Promise<void> | null = null;

/** Shows the token form once; concurrent 401s share it. */
export function askToken(message: string): Promise<void> {
  asking ??= new Promise<void>((resolve) => {
    const input = h('input', { id: 'token-input', type: 'password', autocomplete: 'current-password', required: true });
    const dialog = h(
      'dialog',
      { class: 'token-dialog', 'aria-labelledby': 'token-title' },
      h(
        'form',
        {
          onsubmit: (e: Event) => {
            e.preventDefault();
            sessionStorage.setItem(TOKEN_KEY, input.value.trim());
            dialog.close();
            dialog.remove();
            asking = null;
            resolve();
          },
        },
        h('h2', { id: 'token-title' }, 'This server needs a token'),
        h('p', null, message),
        h('label', { for: 'token-input' }, 'Bearer token'),
        input,
        h('button', { type: 'submit' }, 'Continue'),
      ),
    );
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

/**
 * Headers of a call. Reads send no `X-Client-Id` (only writes are recorded
 * in history), so without a token a read is a plain same-origin fetch and
 * can reuse the response the page preloaded (`serve-board.ts`).
 */
export function headers(extra: Record<string, string> = {}, write = true): Record<string, string> {
  const t = token();
  return { ...(write ? { 'X-Client-Id': actor() } : {}), ...(t ? { Authorization: `Bearer ${t}` } : {}), ...extra };
}

export interface CallOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  body?: unknown;
  /** The version the page holds, sent as `If-Match`. */
  version?: number;
  accept?: string;
}

/** One API call; answers the parsed JSON (or text) and the ETag version. */
export async function call<T>(method: string, path: string, options: CallOptions = {}): Promise<{ data: T; version?: number }> {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null && v !== '') url.searchParams.set(k, String(v));
  const extra: Record<string, string> = {};
  if (options.body !== undefined) extra['Content-Type'] = 'application/json';
  if (options.version !== undefined) extra['If-Match'] = `"${options.version}"`;
  if (options.accept) extra.Accept = options.accept;
  for (;;) {
    const res = await fetch(url, { method, headers: headers(extra, method !== 'GET'), body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    if (res.status === 401) {
      await askToken(token() ? 'The token was refused; enter the right one.' : 'Enter the token the server was started with (--token). It is kept for this tab only.');
      continue;
    }
    const etag = res.headers.get('ETag');
    const version = etag ? Number(etag.replace(/"/g, '')) : undefined;
    const isJson = (res.headers.get('Content-Type') ?? '').includes('json');
    const data = isJson ? await res.json() : await res.text();
    if (!res.ok) {
      const body = (isJson ? data : {}) as { code?: string; message?: string; details?: Record<string, unknown> };
      throw new ApiError(res.status, body.code ?? 'HTTP_ERROR', body.message ?? `${res.status} ${res.statusText}`, body.details ?? {});
    }
    return { data: data as T, version };
  }
}

export const get = <T>(path: string, query?: CallOptions['query']) => call<T>('GET', path, { query }).then((r) => r.data);

/** Pages through a list route until `max` rows or the end. */
export async function collect<T>(path: string, query: Record<string, string | number>, key: 'items' | 'deployments', max: number): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; out.length < max; ) {
    const page = await get<Record<string, unknown> & { total_count: number }>(path, { ...query, limit: 100, offset });
    const rows = (page[key] ?? page.items) as T[];
    out.push(...rows);
    offset += rows.length;
    if (rows.length < 100 || offset >= page.total_count) break;
  }
  return out;
}
