import { z } from 'zod';
import type { Operation } from '@project-status/core';

/** A JSON Schema object as MCP carries it. */
export type JsonSchema = { type: 'object'; [key: string]: unknown };

/** What `tools/list` advertises for one operation. */
export interface ToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  /** Absent when the operation's result is not a JSON object (MCP requires an object root). */
  outputSchema?: JsonSchema;
  annotations: {
    title: string;
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
}

const VERSION_HINT =
  ' On a VERSION_CONFLICT error nothing was written: re-read the entity, re-apply your change and retry with current_version from the error details.';

/** Bounds zod adds to every integer; they say nothing to a model and cost tokens in every tools/list. */
const SAFE_INT = Number.MAX_SAFE_INTEGER;
/** The 32-bit column bound of versions and counts, and the offset cap: the same noise for a model. */
const NOISE_MAXIMA = new Set([2_147_483_647, 10_000_000]);

const isNullType = (n: unknown) => JSON.stringify(n) === '{"type":"null"}';

/**
 * `anyOf: [X, {type: "null"}]` (zod's nullable) as `X` with `type: [X.type, "null"]`:
 * the same schema in half the characters, when X has a single scalar type.
 */
function mergeNullable(node: Record<string, unknown>): Record<string, unknown> {
  const any = node.anyOf;
  if (!Array.isArray(any) || any.length !== 2 || Object.keys(node).length !== 1) return node;
  const [a, b] = any as Record<string, unknown>[];
  const other = isNullType(a) ? b : isNullType(b) ? a : undefined;
  if (!other || typeof other.type !== 'string' || 'anyOf' in other) return node;
  return { ...other, type: [other.type, 'null'] };
}

/**
 * Makes a generated schema lean for a model's context: no `$schema`, no regex
 * beside a `format` that already says the same (uuid, date-time), no
 * safe-integer or int32 bounds, no `minLength: 1`, no caps on names and list
 * lengths a model never reaches, no `additionalProperties: {}`
 * (allowed anyway), no `type` beside a string enum, nullable written as a type list, no
 * `propertyNames: {type: string}` (always true in JSON).
 * Output schemas also drop `additionalProperties: false`, so a field added to a
 * result later never breaks a client that validates against an older schema.
 */
function lean(node: unknown, output: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => lean(n, output));
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  const src = mergeNullable(node as Record<string, unknown>);
  for (const [key, value] of Object.entries(src)) {
    if (key === '$schema') continue;
    if (key === 'pattern' && typeof src.format === 'string') continue;
    if ((key === 'maximum' && (value === SAFE_INT || NOISE_MAXIMA.has(value as number))) || (key === 'minimum' && value === -SAFE_INT)) continue;
    // "Not empty" goes without saying for a name or a title; `{}` allows any value, as an absent key does.
    if (key === 'minLength' && value === 1) continue;
    // Caps on names (actors, labels, branches, refs: ≤ 100 characters) are never reached by a model's input;
    // the validation error says so if one is. Caps on free text (titles, notes, reasons) stay.
    if ((key === 'maxLength' && typeof value === 'number' && value <= 100) || (key === 'maxItems' && typeof value === 'number' && value >= 50)) continue;
    if (key === 'additionalProperties' && JSON.stringify(value) === '{}') continue;
    // An enum of strings says the type itself.
    if (key === 'type' && value === 'string' && Array.isArray(src.enum) && src.enum.every((v) => typeof v === 'string')) continue;
    if (key === 'propertyNames' && JSON.stringify(value) === '{"type":"string"}') continue;
    if (output && key === 'additionalProperties' && value === false) continue;
    out[key] = lean(value, output);
  }
  return out;
}

/** The JSON Schema of a zod schema as a client sends (input) or receives (output) it. */
export function toJsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // draft-07: what the SDK's own validator and most MCP clients read without extra configuration.
  return lean(z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }), io === 'output') as Record<string, unknown>;
}

const isObjectSchema = (s: Record<string, unknown>): s is JsonSchema => s.type === 'object';

/** `create_work_item` → `Create work item`. */
export function toolTitle(name: string): string {
  const words = name.split('_').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// Definitions depend only on the operation object; HTTP sessions each build a server, so compute once.
const cache = new WeakMap<Operation, ToolDefinition>();

/**
 * The MCP tool for one catalog operation: its description (summary, then when
 * to use it and how to handle a conflict), schemas generated from the core's
 * zod schemas, and annotations that follow from the operation's kind.
 */
export function toolDefinition(op: Operation): ToolDefinition {
  const cached = cache.get(op);
  if (cached) return cached;
  const input = toJsonSchema(op.input, 'input');
  const inputSchema: JsonSchema = isObjectSchema(input) ? input : { type: 'object', properties: {} };
  const output = toJsonSchema(op.output, 'output');
  const takesVersion = Object.prototype.hasOwnProperty.call(inputSchema.properties ?? {}, 'version');
  let description = `${op.summary} ${op.description}`.trim();
  if (op.kind === 'write' && takesVersion && !description.includes('VERSION_CONFLICT')) description += VERSION_HINT;
  const title = toolTitle(op.name);
  const read = op.kind === 'read';
  const definition: ToolDefinition = {
    name: op.name,
    title,
    description,
    inputSchema,
    ...(isObjectSchema(output) ? { outputSchema: output } : {}),
    annotations: {
      title,
      readOnlyHint: read,
      destructiveHint: !read && op.destructive === true,
      idempotentHint: read || op.idempotent === true,
      // The tools touch only this project's own store.
      openWorldHint: false,
    },
  };
  cache.set(op, definition);
  return definition;
}
