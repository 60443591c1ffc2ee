import { entryFitsHint, type ErrorHint, type Operation } from '@project-status/core';
import { inputJsonSchema } from '../routes/operation-schemas.js';
import { clientFields, pathField } from '../routes/route-input.js';
import { inputSource, pathParams, type Route } from '../routes/route-table.js';

/**
 * An error's structured hint as a request: the first route of the table that
 * runs the hint's operation, whose fixed input agrees with the hint and whose
 * path, `If-Match` and client fields cover the rest. Undefined when no route
 * can say it. Derived from the route table and the catalog's schemas, like
 * the OpenAPI document.
 *
 * @example wordHint({ operation: 'update_work_item', input: { id, version: 2, delete: true, cascade: true }, purpose: 'delete the whole subtree' }, routes, ops)
 * // → 'delete the whole subtree: DELETE /work-items/<id>?cascade=true with If-Match: "2"'
 */
export function wordHint(hint: ErrorHint, table: readonly Route[], operations: Readonly<Record<string, Operation>>): string | undefined {
  for (const route of table) {
    const op = operations[route.operation];
    if (!op || !entryFitsHint(hint, route)) continue;
    const fixed = route.fixed ?? {};
    const params = new Map(pathParams(route.path).map((p) => [pathField(route, p), p]));
    const allowed = new Set(clientFields(route, inputJsonSchema(op)));
    const own: [string, unknown][] = [];
    let covered = true;
    for (const [field, value] of Object.entries(hint.input)) {
      if (field in fixed || params.has(field) || (field === 'version' && route.ifMatch)) continue;
      if (!allowed.has(field)) {
        covered = false;
        break;
      }
      own.push([field, value]);
    }
    if (!covered) continue;
    const path = route.path.replace(/\{([^}]+)\}/g, (_, p: string) => {
      const value = hint.input[pathField(route, p)];
      return value === undefined ? `{${p}}` : encodeURIComponent(String(value));
    });
    let request = `${route.method} ${path}`;
    if (own.length && inputSource(route) === 'query') request += `?${new URLSearchParams(own.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
    else if (own.length) request += ` with body ${JSON.stringify(Object.fromEntries(own))}`;
    if (route.ifMatch) request += ` with If-Match: ${hint.input.version === undefined ? 'the version you read' : `"${String(hint.input.version)}"`}`;
    return `${hint.purpose}: ${request}`;
  }
  return undefined;
}
