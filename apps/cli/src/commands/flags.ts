import { MAX_INT32 } from '@project-status/core';
import { z } from 'zod';
import type { OperationInfo } from '../context.js';
import type { CommandLine } from './command-line.js';

/** The subset of JSON Schema that zod 4's `z.toJSONSchema` emits for our inputs. */
interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  format?: string;
  pattern?: string;
}

/** How a flag's text becomes an input value. */
export type FlagKind = 'string' | 'integer' | 'number' | 'boolean' | 'json' | 'list';

/** One flag or positional, derived from the operation's input schema. */
export interface FlagSpec {
  /** Flag name without dashes (kebab-case of the field). */
  flag: string;
  /** Where the value goes in the input (`['metadata', 'token_budget']`). */
  path: readonly string[];
  kind: FlagKind;
  /** For `list`: how each item is read. */
  item?: Exclude<FlagKind, 'list' | 'boolean'>;
  nullable: boolean;
  required: boolean;
  /** Help text: what the schema says about the field. */
  help: string;
  /** Extra names for the flag (from the command line's aliases). */
  aliases: string[];
}

/** The flags and positionals of one command. */
export interface CommandFlags {
  positionals: FlagSpec[];
  options: FlagSpec[];
}

/** Help of a path field (see `CommandLine.paths`): the schema's wording is relative to the project root, the CLI's to the shell. */
const PATH_HELP = 'a file path, relative to the current folder (or absolute); it must be inside the project root';

/** Upper bounds at or above this are "no real limit" (zod's int32/safe-integer ranges) and are not shown. */
const UNBOUNDED = MAX_INT32;

/** Marks (in the CLI only) a field the operation resolves as a work item reference (`Operation.refs`). */
const WORK_ITEM_REF = 'work-item-ref';

/** `node` marked as a work item reference (a list: its items). */
function asRef(node: JsonSchema): JsonSchema {
  const { node: inner, nullable } = unwrap(node);
  const marked = inner.type === 'array' ? { ...inner, items: { ...(inner.items ?? {}), format: WORK_ITEM_REF } } : { ...inner, format: WORK_ITEM_REF };
  return nullable ? { anyOf: [marked, { type: 'null' }], description: node.description } : marked;
}

/** `item_type` → `item-type`. */
export function kebab(field: string): string {
  return field.replace(/_/g, '-');
}

function unwrap(node: JsonSchema): { node: JsonSchema; nullable: boolean } {
  // zod writes a nullable plain string as `type: ["string", "null"]`.
  const types = (node as { type?: unknown }).type;
  if (Array.isArray(types) && types.includes('null') && types.length === 2) {
    return { node: { ...node, type: types.find((t) => t !== 'null') as string }, nullable: true };
  }
  if (!node.anyOf) return { node, nullable: false };
  const rest = node.anyOf.filter((s) => s.type !== 'null');
  const nullable = rest.length < node.anyOf.length;
  // A union of several shapes (e.g. string | number) is passed through as text.
  return { node: rest.length === 1 && rest[0] ? { ...rest[0], description: node.description ?? rest[0].description, default: node.default ?? rest[0].default } : { type: 'string', description: node.description }, nullable };
}

function kindOf(node: JsonSchema): FlagKind {
  switch (node.type) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'array':
      return 'list';
    default:
      return 'json';
  }
}

function range(node: JsonSchema, unit = ''): string | undefined {
  const min = node.minimum;
  const max = node.maximum !== undefined && node.maximum < UNBOUNDED ? node.maximum : undefined;
  if (min !== undefined && max !== undefined) return `${min}–${max}${unit}`;
  if (min !== undefined) return `≥ ${min}${unit}`;
  if (max !== undefined) return `≤ ${max}${unit}`;
  return undefined;
}

function describeValue(node: JsonSchema, kind: FlagKind): string[] {
  const parts: string[] = [];
  if (node.enum) parts.push(`one of: ${node.enum.join(', ')}`);
  else if (node.format === 'uuid') parts.push('a UUID');
  else if (node.format === WORK_ITEM_REF) parts.push('a work item id: UUID, short id, or a prefix of it');
  else if (node.format === 'date-time') parts.push('ISO-8601 time, e.g. 2026-01-31T12:00:00Z');
  else if (node.pattern === '^[0-9a-f]{40}$') parts.push('full 40-hex commit hash');
  else if (node.pattern && node.pattern.length <= 24) parts.push(`matching ${node.pattern}`);
  if (kind === 'integer' || kind === 'number') {
    const r = range(node);
    parts.push(r ? `${kind} ${r}` : kind);
  }
  if (kind === 'string' && node.maxLength !== undefined && !node.enum && !node.format) parts.push(`up to ${node.maxLength} chars`);
  if (kind === 'json') parts.push('JSON object');
  return parts;
}

/**
 * What `null` does to a friendly flag of an object the operation merges (see
 * `ExpandSpec.mergePatch`): it removes the key, or it is passed on for the
 * operation to refuse because the stored object requires the key.
 */
type MergeNull = 'removes' | 'refused';

/** Builds the spec of one field from its JSON Schema node. */
function specFor(path: readonly string[], raw: JsonSchema, required: boolean, label?: string, mergeNull?: MergeNull): FlagSpec {
  const unwrapped = unwrap(raw);
  const node = unwrapped.node;
  // On a merged object `null` is a value of every key (it removes the key), whatever the key's own type.
  const nullable = unwrapped.nullable || mergeNull !== undefined;
  const kind = kindOf(node);
  const parts: string[] = [];
  if (label) parts.push(label);
  // Joined with "; ", so a description's own full stop would read ".;".
  if (node.description) parts.push(node.description.replace(/\.$/, ''));
  let item: FlagSpec['item'];
  if (kind === 'list') {
    const inner = unwrap(node.items ?? {}).node;
    const innerKind = kindOf(inner);
    item = innerKind === 'list' || innerKind === 'boolean' ? 'json' : innerKind;
    parts.push(...describeValue(inner, item).map((p) => `each ${p}`), 'repeat the flag for several');
  } else {
    parts.push(...describeValue(node, kind));
  }
  // Such a yes/no flag is read as a word (see register.ts), so its help says which words.
  if (kind === 'boolean' && nullable) parts.push('true or false');
  if (mergeNull === 'removes') parts.push('"null" removes it');
  else if (unwrapped.nullable) parts.push('"null" clears it');
  if (node.default !== undefined && !(Array.isArray(node.default) && node.default.length === 0)) parts.push(`default ${JSON.stringify(node.default)}`);
  if (required) parts.push('required');
  return { flag: kebab(path[path.length - 1] ?? ''), path, kind, item, nullable, required, help: parts.join('; '), aliases: [] };
}

const schemaCache = new WeakMap<z.ZodType, JsonSchema>();

/** The input JSON Schema of a zod schema, as a client would send it. */
export function inputJsonSchema(schema: z.ZodType): JsonSchema {
  let js = schemaCache.get(schema);
  if (!js) {
    js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    schemaCache.set(schema, js);
  }
  return js;
}

/** Friendly flags for the properties inside an expanded JSON field. */
function expandedSpecs(line: CommandLine, own: JsonSchema, taken: Set<string>): FlagSpec[] {
  if (!line.expand) return [];
  const { field, from } = line.expand;
  const sources: [string, JsonSchema][] = from
    ? Object.entries(from).map(([label, schema]) => [label, inputJsonSchema(schema)])
    : [[field, unwrap(own.properties?.[field] ?? {}).node]];
  const byKey = new Map<string, { node: JsonSchema; labels: string[] }>();
  for (const [label, schema] of sources) {
    for (const [key, node] of Object.entries(schema.properties ?? {})) {
      const entry = byKey.get(key) ?? { node, labels: [] };
      entry.labels.push(label);
      byKey.set(key, entry);
    }
  }
  const requiredKeys = line.expand.mergePatch ? keysAlwaysRequired(line.expand.stored ? Object.values(line.expand.stored).map(inputJsonSchema) : sources.map(([, schema]) => schema)) : undefined;
  const specs: FlagSpec[] = [];
  for (const [key, { node, labels }] of byKey) {
    // The top-level flag of the same name wins (e.g. a vendor's extractor_version).
    if (taken.has(kebab(key))) continue;
    const where = from ? `${field}.${key} (${labels.join(', ')})` : `${field}.${key}`;
    const mergeNull: MergeNull | undefined = requiredKeys ? (requiredKeys.has(key) ? 'refused' : 'removes') : undefined;
    specs.push(specFor([field, key], node, false, where, mergeNull));
  }
  return specs;
}

/**
 * The keys a merge can never remove: required by every stored schema that
 * has them (a session's `token_budget`). A key some type may lack (a
 * project's `target_quarter`) or fills with a default (its
 * `constitutional_principles`) can be removed.
 */
function keysAlwaysRequired(stored: readonly JsonSchema[]): Set<string> {
  const keys = new Set<string>();
  const optional = new Set<string>();
  for (const schema of stored) {
    const required = new Set(schema.required ?? []);
    for (const key of Object.keys(schema.properties ?? {})) (required.has(key) ? keys : optional).add(key);
  }
  for (const key of optional) keys.delete(key);
  return keys;
}

/**
 * Derives the positionals and flags of a command from its operation's input
 * schema: one flag per field (kebab-case), friendly flags for an expanded
 * JSON field, and the line's aliases. Nothing here is typed twice.
 */
export function commandFlags(line: CommandLine, op: OperationInfo): CommandFlags {
  const js = inputJsonSchema(op.input);
  const props = js.properties ?? {};
  const required = new Set(js.required ?? []);
  const fixed = new Set(Object.keys(line.fixed ?? {}));
  const hidden = new Set(line.hidden ?? []);
  const positionalFields = new Set(line.positionals ?? []);
  const pathFields = new Set(line.paths ?? []);
  const refs = new Set(op.refs ?? []);
  const node = (field: string): JsonSchema =>
    pathFields.has(field) ? { ...props[field], description: PATH_HELP } : refs.has(field) ? asRef(props[field] ?? {}) : (props[field] ?? {});
  // A positional is always required: a field the command takes by position is what the command is about.
  // yargs marks them [required] itself, so the help text does not repeat it.
  const positionals = (line.positionals ?? []).map((field) => {
    const spec = specFor([field], node(field), false);
    return { ...spec, flag: field, required: true };
  });
  const options: FlagSpec[] = [];
  for (const field of Object.keys(props)) {
    if (fixed.has(field) || hidden.has(field) || positionalFields.has(field)) continue;
    if (line.only && !line.only.includes(field)) continue;
    if (field === 'version' && line.currentVersion) {
      // The CLI reads the current version when the flag is absent (and says so), so it is optional here.
      const spec = specFor([field], node(field), false);
      options.push({ ...spec, help: `${spec.help}; the version you read — without it the current version is read, used and reported` });
    } else {
      options.push(specFor([field], node(field), required.has(field)));
    }
  }
  const taken = new Set(options.map((o) => o.flag));
  options.push(...expandedSpecs(line, js, taken));
  for (const [alias, field] of Object.entries(line.aliases ?? {})) {
    const target = options.find((o) => o.path.length === 1 && o.path[0] === field);
    if (target && alias !== target.flag) target.aliases.push(alias);
  }
  return { positionals, options };
}
