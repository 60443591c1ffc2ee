import type { JsonSchema } from '../routes/query-coercion.js';

/**
 * zod emits self-contained JSON Schemas whose shared parts sit under `$defs`
 * and are referenced as `#/$defs/Name` (or `#` for the root). Inside an
 * OpenAPI document those references would resolve against the document, not
 * the schema, so each schema's definitions are moved to
 * `components.schemas` under a prefixed name and the references rewritten.
 */
export class SchemaComponents {
  /** The document's `components.schemas`. */
  readonly schemas: Record<string, JsonSchema> = {};

  /** `schema` ready to embed: `$schema` dropped, `$defs` hoisted as `<prefix>_<Name>`. */
  embed(schema: JsonSchema, prefix: string): JsonSchema {
    const { $schema: _dialect, $defs, ...rest } = schema as JsonSchema & { $defs?: Record<string, JsonSchema> };
    const refersToRoot = JSON.stringify(rest).includes('"$ref":"#"');
    const rewrite = (node: unknown): unknown => {
      if (Array.isArray(node)) return node.map(rewrite);
      if (node === null || typeof node !== 'object') return node;
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          if (value === '#') out[key] = `#/components/schemas/${prefix}`;
          else if (value.startsWith('#/$defs/')) out[key] = `#/components/schemas/${prefix}_${value.slice('#/$defs/'.length)}`;
          else out[key] = value;
        } else {
          out[key] = rewrite(value);
        }
      }
      return out;
    };
    for (const [name, def] of Object.entries($defs ?? {})) this.schemas[`${prefix}_${name}`] = rewrite(def) as JsonSchema;
    const embedded = rewrite(rest) as JsonSchema;
    if (refersToRoot) {
      this.schemas[prefix] = embedded;
      return { $ref: `#/components/schemas/${prefix}` };
    }
    return embedded;
  }

  /** Registers `schema` as a named component and returns a reference to it. */
  register(name: string, schema: JsonSchema): JsonSchema {
    if (!(name in this.schemas)) {
      const embedded = this.embed(schema, name);
      // A self-referencing root was registered by embed() already.
      if (!(name in this.schemas)) this.schemas[name] = embedded;
    }
    return { $ref: `#/components/schemas/${name}` };
  }
}

/** The object schema restricted to `keys` (their `required` status kept). */
export function pickProperties(schema: JsonSchema, keys: readonly string[]): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  for (const key of keys) {
    const property = schema.properties?.[key];
    if (property) properties[key] = property;
  }
  const required = (schema.required ?? []).filter((k) => keys.includes(k));
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}
