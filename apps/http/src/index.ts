/**
 * @project-status/http — the Project Status HTTP API: REST routes over the
 * operation catalog, with ETag/If-Match optimistic locking, OpenAPI 3.1 and a
 * self-contained docs page.
 *
 * @example
 * import { serve } from '@hono/node-server';
 * import { openProjectStatus } from '@project-status/storage';
 * import { createHttpApp } from '@project-status/http';
 *
 * const ps = await openProjectStatus({ clientId: 'dashboard' });
 * serve({ fetch: createHttpApp(ps).fetch, port: 3700, hostname: '127.0.0.1' });
 */
export { createHttpApp, DEFAULT_MAX_BODY_BYTES, type HttpAppOptions } from './app.js';
export { routes, activeRoutes, pathParams, inputSource, type Route, type HttpMethod } from './routes/route-table.js';
export { buildInput, parseIfMatch, type RawRequest } from './routes/route-input.js';
export { coerceQuery, coerceScalar, type JsonSchema } from './routes/query-coercion.js';
export { ERROR_STATUS, statusFor, toErrorBody, HttpError, type HttpErrorBody, type HttpErrorCode, type ProtocolErrorCode } from './errors/error-table.js';
export { buildOpenApiDocument, type OpenApiDocument, type OpenApiInfo } from './openapi/openapi-document.js';
export { renderDocsPage } from './docs/docs-page.js';
export { renderRouteList, replaceRouteList, ROUTE_LIST_START, ROUTE_LIST_END } from './docs/route-list.js';
export { PUBLIC_PATHS } from './security/auth.js';
