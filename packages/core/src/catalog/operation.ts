import type { z } from 'zod';
import { ValidationError } from '../errors/domain-error.js';
import { parseOrThrow } from '../errors/from-zod.js';
import type { ServiceEnv } from '../services/env.js';

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

/**
 * Finds the first string holding a NUL character: PostgreSQL cannot store one
 * in text or jsonb, so such input is refused up front on every engine alike.
 */
function findNul(value: unknown, path: string[] = [], seen = new Set<unknown>()): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') || '(input)' : null;
  if (!value || typeof value !== 'object' || seen.has(value)) return null;
  seen.add(value);
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key.replaceAll('\u0000', '\\0')].join('.');
    const found = findNul(inner, [...path, key], seen);
    if (found) return found;
  }
  return null;
}

/** Validates raw input against the operation's schema and runs its handler. */
export async function runOperation<I extends z.ZodType, R>(
  op: Operation<I, R>,
  rawInput: unknown,
  env: Omit<ServiceEnv, 'actor'> & { actor: string },
): Promise<R> {
  const nul = findNul(rawInput);
  if (nul) throw ValidationError.field(nul, 'must not contain NUL (\\u0000) characters');
  const input = parseOrThrow(op.input, rawInput ?? {});
  const actor = actorFromInput(input) ?? env.actor;
  return op.handler({ ...env, actor }, input);
}
