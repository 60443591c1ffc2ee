import type { z } from 'zod';
import { ValidationError } from '../errors/domain-error.js';
import { parseOrThrow } from '../errors/from-zod.js';
import { findUnfitJson, MAX_INPUT_CHARS, MAX_JSON_DEPTH } from '../primitives/json-bounds.js';
import { Actor } from '../primitives/schemas.js';
import type { ServiceEnv } from '../services/env.js';
import { resolveInputRefs } from '../services/refs.js';

/** Operation groups; the MCP server's `--toolsets` narrows by these. */
export const TOOLSETS = ['work', 'vendors', 'deployments', 'config', 'enhancements', 'reports', 'admin'] as const;
export type Toolset = (typeof TOOLSETS)[number];

/**
 * One operation of SPEC §4, defined once: every surface (MCP, CLI, HTTP, the
 * library) is generated from this.
 */
export interface Operation<I extends z.ZodType = z.ZodType, R = unknown> {
  /** The MCP tool name; CLI and HTTP use the same words. */
  name: string;
  toolset: Toolset;
  /** One line a model and a human can act on. */
  summary: string;
  /** When to use it, what it returns, how to handle its errors. */
  description: string;
  kind: 'read' | 'write';
  /** Write that removes or overwrites data (MCP destructiveHint). */
  destructive?: boolean;
  /** Repeating the call with the same input has no further effect (MCP idempotentHint). */
  idempotent?: boolean;
  input: I;
  /**
   * Top-level input fields holding work item references (a UUID, a short id
   * or a prefix of one, alone or in a list): resolved to UUIDs before the
   * handler runs, so every surface accepts short ids wherever an id goes.
   */
  refs?: readonly string[];
  output: z.ZodType;
  handler: (env: ServiceEnv, input: z.output<I>) => Promise<R>;
}

/** Keeps literal types of a catalog entry. */
export function defineOperation<I extends z.ZodType, R>(op: Operation<I, R>): Operation<I, R> {
  return op;
}

/** Input fields that name the acting client (they override the connection's client id). */
const ACTOR_FIELDS = ['created_by', 'updated_by', 'removed_by'] as const;

/** The actor a parsed input names, if any. */
export function actorFromInput(input: unknown): string | undefined {
  if (!input || typeof input !== 'object') return undefined;
  for (const field of ACTOR_FIELDS) {
    const value = (input as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return undefined;
}

/** Validates raw input against the operation's schema and runs its handler. */
export async function runOperation<I extends z.ZodType, R>(
  op: Operation<I, R>,
  rawInput: unknown,
  env: Omit<ServiceEnv, 'actor'> & { actor: string },
): Promise<R> {
  // Before the schema: NUL and lone surrogates anywhere (PostgreSQL refuses them, SQLite would
  // store invalid UTF-8), hostile nesting and size, checked once for every field and key.
  const unfit = findUnfitJson(rawInput, { maxDepth: MAX_JSON_DEPTH, maxChars: MAX_INPUT_CHARS, perMember: true, name: 'input' });
  if (unfit) throw ValidationError.field(unfit.path.join('.') || '(input)', unfit.message);
  let input = parseOrThrow(op.input, rawInput ?? {});
  if (op.refs && input && typeof input === 'object') input = (await resolveInputRefs(env.store, input as Record<string, unknown>, op.refs)) as typeof input;
  const named = actorFromInput(input);
  if (named === undefined) {
    // The connection's client id becomes created_by/updated_by and the history actor: held to the same rule as an actor field.
    const fromClient = Actor.safeParse(env.actor);
    if (!fromClient.success) throw ValidationError.field('actor', `the client id ${JSON.stringify(env.actor)} ${fromClient.error.issues[0]?.message ?? 'is invalid'}; configure a valid client id or name the actor in the input`);
  }
  const actor = named ?? env.actor;
  return op.handler({ ...env, actor }, input);
}
