import { numberTextHint, parseNumberText, ValidationError } from '@project-status/core';

/**
 * Query strings carry only text, but the catalog schemas expect numbers,
 * booleans and nulls. Rather than a coercion per route, the JSON Schema the
 * catalog's zod input produces says, per field, which JSON types it accepts;
 * a text value is turned into the first of those it spells, and the zod
 * schema (in `ps.call`) then judges the result like any other input.
 */

/** The subset of JSON Schema this module reads. */
export interface JsonSchema {
  type?: string | string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  [key: string]: unknown;
}

/** Every JSON type a (sub)schema accepts; empty when it accepts anything. */
export function acceptedTypes(schema: JsonSchema | undefined): Set<string> {
  const types = new Set<string>();
  if (!schema) return types;
  if (typeof schema.type === 'string') types.add(schema.type);
  if (Array.isArray(schema.type)) for (const t of schema.type) types.add(t);
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) {
    for (const t of acceptedTypes(branch)) types.add(t);
  }
  return types;
}

/** One text value turned into the JSON type the field accepts, or left as text. */
export function coerceScalar(text: string, schema: JsonSchema | undefined): unknown {
  const types = acceptedTypes(schema);
  if (types.has('null') && text === 'null') return null;
  // A field that takes text keeps it: "123" stays a string for a name or id.
  if (types.has('string')) return text;
  if (types.has('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  // Written as the CLI takes it (see parseNumberText): `3`, `-2`, `1.5` for a number field; never `3.0` or `1e1`.
  const number = types.has('number') ? parseNumberText(text, 'number') : types.has('integer') ? parseNumberText(text, 'integer') : null;
  return number ?? text;
}

function arrayItems(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  if (schema.items) return schema.items;
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    const found = arrayItems(branch);
    if (found) return found;
  }
  return undefined;
}

/**
 * The value of query parameter `name` for a field of `schema`: as
 * {@link coerceScalar}, but a field that takes only numbers or booleans and
 * gets some other word is refused here, naming the parameter as the client
 * wrote it (`?limit=abc` → "limit: must be a number").
 */
function coerceParameter(name: string, text: string, schema: JsonSchema | undefined): unknown {
  const value = coerceScalar(text, schema);
  const types = acceptedTypes(schema);
  if (typeof value === 'string' && types.size > 0 && !types.has('string')) {
    const numeric = types.has('number') ? 'number' : types.has('integer') ? 'integer' : null;
    const wanted = numeric === 'number' ? 'a number' : numeric === 'integer' ? 'a whole number' : types.has('boolean') ? 'true or false' : [...types].join(' or ');
    const how = numeric ? `: ${numberTextHint(numeric)}` : '';
    throw ValidationError.field(name, `must be ${wanted}${types.has('null') ? ' or null' : ''} (received ${JSON.stringify(text)})${how}`);
  }
  return value;
}

/**
 * Turns query parameters (each possibly repeated) into input fields typed as
 * the operation's input schema says. Array fields take repeated parameters
 * (`?label=a&label=b`); any other field given twice is an error, because
 * silently keeping one of two values would hide a client bug.
 */
export function coerceQuery(query: Record<string, string[]>, inputSchema: JsonSchema, aliases: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(query)) {
    const field = aliases[name] ?? name;
    if (field in out) throw ValidationError.field(field, `given more than once (as "${name}" and as another name)`);
    const property = inputSchema.properties?.[field];
    if (acceptedTypes(property).has('array')) {
      const items = arrayItems(property);
      out[field] = values.map((v) => coerceParameter(name, v, items));
    } else if (values.length > 1) {
      throw ValidationError.field(field, `given ${values.length} times in the query string; give it once`);
    } else {
      out[field] = coerceParameter(name, values[0] ?? '', property);
    }
  }
  return out;
}
