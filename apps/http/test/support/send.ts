import type { Hono } from 'hono';

/** A response as the tests look at it. */
export interface Sent {
  status: number;
  headers: Headers;
  /** Parsed JSON body (undefined when the body is not JSON). */
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  text: string;
}

/** Options of {@link send}. */
export interface SendOptions {
  /** JSON-encoded as the body. */
  body?: unknown;
  /** Sent as the body verbatim. */
  raw?: string;
  headers?: Record<string, string>;
}

/** Sends one in-process request through the app (Hono's `app.request`). */
export async function send(app: Pick<Hono<any>, 'request'>, method: string, path: string, options: SendOptions = {}): Promise<Sent> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const headers: Record<string, string> = { ...(options.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...options.headers };
  const body = options.raw ?? (options.body !== undefined ? JSON.stringify(options.body) : undefined);
  const res = await app.request(path, { method, headers, body });
  const text = await res.text();
  const json = res.headers.get('content-type')?.includes('application/json') ? JSON.parse(text) : undefined;
  return { status: res.status, headers: res.headers, body: json, text };
}

/** Metadata a session work item needs. */
export const SESSION_METADATA = { token_budget: 5000, prompts_count: 0, yaml_frontmatter: { schema_version: '1' } };

/** A valid 40-character commit hash made from a digit. */
export const commit = (digit: number) => String(digit).repeat(40);
