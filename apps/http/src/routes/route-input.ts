import { ValidationError } from '@project-status/core';
import { HttpError } from '../errors/error-table.js';
import { coerceQuery, type JsonSchema } from './query-coercion.js';
import { inputSource, pathParams, type Route } from './route-table.js';

/** What the HTTP layer hands over to build an operation's input. */
export interface RawRequest {
  /** Decoded path parameters by name. */
  params: Record<string, string>;
  /** Query parameters, each possibly repeated. */
  query: Record<string, string[]>;
  /** The raw request body ('' when none). */
  body: string;
  /** The `If-Match` header, if sent. */
  ifMatch: string | undefined;
}

/** The input field a path parameter fills on this route. */
export function pathField(route: Route, param: string): string {
  return route.pathFields?.[param] ?? param;
}

/**
 * Input fields this route fills itself (path, fixed values, If-Match), with
 * where each comes from, so a client sending one of them gets a clear error.
 */
export function routeOwnedFields(route: Route): Map<string, string> {
  const owned = new Map<string, string>();
  for (const param of pathParams(route.path)) owned.set(pathField(route, param), `the path parameter {${param}}`);
  for (const key of Object.keys(route.fixed ?? {})) owned.set(key, `this route (${route.method} ${route.path})`);
  if (route.ifMatch) owned.set('version', 'the If-Match header');
  return owned;
}

/** The fields a client may send on this route, or undefined for "every input field not owned by the route". */
export function clientFields(route: Route, inputSchema: JsonSchema): string[] {
  const owned = routeOwnedFields(route);
  const all = route.fields ?? Object.keys(inputSchema.properties ?? {});
  return all.filter((f) => !owned.has(f));
}

/**
 * Reads `If-Match: "<version>"`. A bare number is accepted too, for people
 * typing curl commands; `*`, weak tags and lists are refused because a write
 * must name the exact version it was based on.
 */
export function parseIfMatch(header: string | undefined, route: Route): number {
  if (header === undefined || header.trim() === '') {
    throw new HttpError(
      'PRECONDITION_REQUIRED',
      `${route.method} ${route.path} needs an If-Match header with the version you read, e.g. If-Match: "3" (the ETag of the GET response)`,
      { header: 'If-Match' },
    );
  }
  const match = /^\s*(?:"(\d{1,15})"|(\d{1,15}))\s*$/.exec(header);
  if (!match) {
    throw ValidationError.field('If-Match', `must be one quoted version number such as "3" (received ${JSON.stringify(header)}); "*", weak tags and lists are not accepted`);
  }
  return Number(match[1] ?? match[2]);
}

/**
 * Refuses a path or query value whose percent-encoding is not UTF-8
 * (`?close_reason=Caf%E9`, a Latin-1 `é`): Hono keeps such a value as the raw
 * text `Caf%E9`, which would then be stored as if the client had meant it.
 */
export function checkPercentEncoding(url: string): void {
  const { pathname, search } = new URL(url);
  const bad = (text: string) => {
    try {
      decodeURIComponent(text);
      return false;
    } catch {
      return true;
    }
  };
  if (bad(pathname)) throw ValidationError.field('(path)', `the path ${pathname} holds percent-encoding that is malformed or not UTF-8 (like %E9 for a Latin-1 "é"); encode it as UTF-8 (%C3%A9)`);
  for (const pair of search.slice(1).split('&')) {
    const eq = pair.indexOf('=');
    const name = eq === -1 ? pair : pair.slice(0, eq);
    if (!bad(pair.replace(/\+/g, ' '))) continue;
    const shown = bad(name) ? name : decodeURIComponent(name);
    throw ValidationError.field(shown, `the query parameter ${JSON.stringify(shown)} holds percent-encoding that is malformed or not UTF-8 (received ${JSON.stringify(pair.slice(eq + 1))}, like %E9 for a Latin-1 "é"); encode it as UTF-8 (%C3%A9); nothing was written`);
  }
}

function parseBody(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw ValidationError.field('(body)', `the request body is not valid JSON: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ValidationError.field('(body)', `the request body must be a JSON object, received ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Assembles an operation's raw input from a request: the client's fields
 * (query string or JSON body, as the route says), then the path parameters,
 * the route's fixed values and the If-Match version. Validation itself is
 * left to the catalog schema in `ps.call`; this only refuses input the route
 * cannot place (a field the route owns, one it does not accept, input in
 * the wrong part of the request).
 */
export function buildInput(route: Route, inputSchema: JsonSchema, req: RawRequest): Record<string, unknown> {
  const version = route.ifMatch ? parseIfMatch(req.ifMatch, route) : undefined;
  const source = inputSource(route);
  let given: Record<string, unknown>;
  if (source === 'query') {
    if (req.body.trim() !== '') throw ValidationError.field('(body)', `${route.method} ${route.path} takes its input in the query string; send no body`);
    given = coerceQuery(req.query, inputSchema, route.queryAliases);
    // A required field the client knows by another name is reported by that name (`q`, not `query`).
    for (const [name, field] of Object.entries(route.queryAliases ?? {})) {
      if (given[field] === undefined && inputSchema.required?.includes(field)) throw ValidationError.field(name, `is required on ${route.method} ${route.path}`);
    }
  } else {
    const stray = Object.keys(req.query);
    if (stray.length > 0) {
      throw ValidationError.field(stray[0]!, `${route.method} ${route.path} takes its input in the JSON body, not the query string (received ?${stray.join('&')})`);
    }
    given = parseBody(req.body);
  }

  const owned = routeOwnedFields(route);
  const accepted = route.fields ? new Set(route.fields) : undefined;
  for (const key of Object.keys(given)) {
    const from = owned.get(key);
    if (from) throw ValidationError.field(key, `is set by ${from} on ${route.method} ${route.path}; do not send it ${source === 'query' ? 'in the query string' : 'in the body'}`);
    if (accepted && !accepted.has(key)) {
      throw ValidationError.field(key, `is not accepted on ${route.method} ${route.path}; it takes ${[...accepted].join(', ') || 'no fields'}`);
    }
  }

  const input: Record<string, unknown> = { ...given };
  for (const param of pathParams(route.path)) input[pathField(route, param)] = req.params[param];
  Object.assign(input, route.fixed ?? {});
  if (version !== undefined) input.version = version;
  return input;
}

/**
 * The names the client used for input fields the route renames: a query alias
 * it sent (`q` for `query`), a path parameter filling another field (`{id}`
 * for `source_id`), `If-Match` for `version`. Keyed by the operation's field.
 */
export function clientNames(route: Route, req: Pick<RawRequest, 'query'>): Map<string, string> {
  const names = new Map<string, string>();
  for (const [name, field] of Object.entries(route.queryAliases ?? {})) {
    if (req.query[name] !== undefined && req.query[field] === undefined) names.set(field, name);
  }
  for (const param of pathParams(route.path)) {
    const field = pathField(route, param);
    if (field !== param) names.set(field, param);
  }
  if (route.ifMatch) names.set('version', 'If-Match');
  return names;
}

/**
 * Reports a validation error of the operation by the names the client used
 * (see {@link clientNames}): `q: say what to search for`, not `query: …`.
 * Changes the error in place (its hint and details stay) and returns it.
 */
export function inClientNames(error: ValidationError, names: ReadonlyMap<string, string>): ValidationError {
  if (names.size === 0) return error;
  const rename = (path: string) => {
    for (const [field, name] of names) {
      if (path === field || path.startsWith(`${field}.`) || path.startsWith(`${field}[`)) return name + path.slice(field.length);
    }
    return path;
  };
  for (const issue of error.issues) issue.path = rename(issue.path);
  // The message names fields as "<path>: …" after its start, "— " or "; ".
  error.message = error.message.replace(/(^|— |; )([A-Za-z_][\w.[\]-]*)(?=: )/g, (_, lead: string, path: string) => lead + rename(path));
  return error;
}

