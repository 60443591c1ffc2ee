import { isAbsolute, resolve } from 'node:path';
import { numberTextHint, parseNumberText, ValidationError } from '@project-status/core';
import type { CommandLine } from './command-line.js';
import type { CommandFlags, FlagSpec } from './flags.js';

function label(spec: FlagSpec, positional: boolean): string {
  return positional ? `<${spec.flag}>` : `--${spec.flag}`;
}

function fail(spec: FlagSpec, positional: boolean, message: string): never {
  throw ValidationError.field(spec.path.join('.'), `${label(spec, positional)} ${message}`, { flag: label(spec, positional) });
}

/** The error of a yes/no flag given a word other than true or false. */
export function notBoolean(flag: string, path: string, value: string): ValidationError {
  return ValidationError.field(path, `--${flag} takes true or false, or no value for true (--no-${flag} for false); got "${value}"`, { flag: `--${flag}`, accepted: ['true', 'false'], received: value });
}

/**
 * A yes/no flag that also takes `null` reaches here as yargs read it: true
 * (no value), false (`--no-…`), or the word after it.
 */
function yesNoOrNull(spec: FlagSpec, raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  const text = String(raw);
  if (text === 'true' || text === 'false') return text === 'true';
  if (text === 'null') return null;
  throw notBoolean(spec.flag, spec.path.join('.'), text);
}

function scalar(spec: FlagSpec, positional: boolean, kind: FlagSpec['kind'], raw: unknown): unknown {
  if (kind === 'boolean') return spec.nullable ? yesNoOrNull(spec, raw) : raw;
  const text = String(raw);
  if (spec.nullable && text === 'null') return null;
  switch (kind) {
    // Numbers are written as the HTTP query string takes them (parseNumberText): `3`, `-2`, `1.5`; never `3.0` or `1e1`.
    case 'integer':
    case 'number': {
      const n = parseNumberText(text, kind);
      if (n === null) fail(spec, positional, `expects ${kind === 'integer' ? 'a whole number' : 'a number'}, got "${text}": ${numberTextHint(kind)}`);
      return n;
    }
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        return fail(spec, positional, `is not valid JSON (${(error as Error).message}); quote it for the shell, e.g. '{"key":"value"}'`);
      }
    default:
      return text;
  }
}

/** Turns one flag's raw yargs value into the input value its schema expects. */
function convert(spec: FlagSpec, positional: boolean, raw: unknown): unknown {
  if (spec.kind === 'list') {
    const values = Array.isArray(raw) ? raw : [raw];
    if (spec.nullable && values.length === 1 && values[0] === 'null') return null;
    const items = values.map((v) => scalar(spec, positional, spec.item ?? 'string', v));
    // A list of JSON objects may also come as one JSON array (`--items "$(cat plan.json)"`).
    return spec.item === 'json' ? items.flatMap((v) => (Array.isArray(v) ? v : [v])) : items;
  }
  if (Array.isArray(raw)) fail(spec, positional, `was given ${raw.length} times; give it once`);
  return scalar(spec, positional, spec.kind, raw);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown, spec: FlagSpec): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  const current = target[head];
  if (current !== undefined && (current === null || typeof current !== 'object' || Array.isArray(current))) {
    fail(spec, false, `cannot be combined with a --${head} that is not a JSON object`);
  }
  const child = { ...((current as Record<string, unknown> | undefined) ?? {}) };
  setPath(child, rest, value, spec);
  target[head] = child;
}

/** Options of {@link buildInput}. */
export interface BuildInputOptions {
  /** The shell's current folder: relative values of the line's `paths` fields are resolved against it. */
  cwd?: string;
}

/**
 * Maps parsed command-line arguments onto the operation's raw input: fixed
 * values, positionals, flags (converted by their schema type, JSON parsed
 * with an error that names the flag), friendly nested flags merged into their
 * JSON field, file paths made absolute from `cwd`. Only what the user gave
 * is set; the operation's schema validates the rest.
 */
export function buildInput(line: CommandLine, flags: CommandFlags, argv: Readonly<Record<string, unknown>>, options: BuildInputOptions = {}): Record<string, unknown> {
  const input: Record<string, unknown> = { ...(line.fixed ?? {}) };
  for (const spec of flags.positionals) {
    const raw = argv[spec.flag];
    if (raw !== undefined) setPath(input, spec.path, convert(spec, true, raw), spec);
  }
  // Top-level flags first, so friendly nested flags merge into (and win over) a JSON field.
  const ordered = [...flags.options].sort((a, b) => a.path.length - b.path.length);
  for (const spec of ordered) {
    const raw = argv[spec.flag];
    if (raw !== undefined) setPath(input, spec.path, convert(spec, false, raw), spec);
  }
  for (const field of line.paths ?? []) {
    const value = input[field];
    // Blank values are left for the schema to reject with its own message.
    if (options.cwd !== undefined && typeof value === 'string' && value.trim() !== '' && !isAbsolute(value)) input[field] = resolve(options.cwd, value);
  }
  return input;
}
