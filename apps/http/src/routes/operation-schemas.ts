import type { Operation } from '@project-status/core';
import { z } from 'zod';
import type { JsonSchema } from './query-coercion.js';

/**
 * JSON Schemas of an operation's zod input and output, made once per schema
 * object. They are derived from the catalog (never typed twice) and feed both
 * query-string coercion and the OpenAPI document.
 */
const cache = new WeakMap<z.ZodType, { input?: JsonSchema; output?: JsonSchema }>();

function convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  let entry = cache.get(schema);
  if (!entry) {
    entry = {};
    cache.set(schema, entry);
  }
  // `unrepresentable: 'any'` keeps a schema with a transform or a custom check
  // documentable; zod itself still enforces it at run time.
  entry[io] ??= z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return entry[io]!;
}

/** The JSON Schema a client's input must satisfy (defaults make fields optional). */
export function inputJsonSchema(op: Operation): JsonSchema {
  return convert(op.input, 'input');
}

/** The JSON Schema of what the operation returns. */
export function outputJsonSchema(op: Operation): JsonSchema {
  return convert(op.output, 'output');
}
