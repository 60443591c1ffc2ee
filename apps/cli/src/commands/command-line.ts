import type { z } from 'zod';

/** How a result is shown to a human (`--json` always prints the raw result). */
export type RenderKind = 'record' | 'list' | 'work-tree' | 'history' | 'markdown' | 'import';

/**
 * How to learn the current version when an update is run without
 * `--version`: a person at a terminal is one writer, so the CLI reads the
 * version, uses it, and says so. The update itself is still version-checked.
 */
export interface VersionSource {
  /** Read operation that returns the entity. */
  operation: string;
  /** Its input, from the update's input. */
  input(update: Record<string, unknown>): Record<string, unknown>;
  /** The version inside its result (undefined when the result has none). */
  version(result: unknown): number | undefined;
  /** The command a user re-runs to see the current state, for error hints. */
  show(update: Record<string, unknown>): string;
}

/**
 * Friendly flags for fields inside a JSON input field: `--token-budget 5000`
 * instead of `--metadata '{"token_budget":5000}'`. Flags come from the
 * schemas' properties (never typed twice); a name that clashes with a
 * top-level flag is left to the top-level flag.
 */
export interface ExpandSpec {
  /** The input field holding the object (e.g. `metadata`). */
  field: string;
  /** Schemas to take the properties from, labelled for help (e.g. per item type); default: the field's own properties. */
  from?: Readonly<Record<string, z.ZodType>>;
  /**
   * The operation merges the object into the stored one (JSON Merge Patch):
   * every friendly flag then also takes `null`, which removes its key, so
   * `--blocked-reason null` sends `{ blocked_reason: null }`.
   */
  mergePatch?: boolean;
  /**
   * With `mergePatch`: the schemas of the stored object, labelled like `from`
   * (default: `from`). A key that every one of them requires cannot be
   * removed, so its help does not offer `null` (the operation refuses it with
   * its own message).
   */
  stored?: Readonly<Record<string, z.ZodType>>;
}

/**
 * One line of the command table: command words, positionals and flag aliases
 * mapped onto one catalog operation. Wiring one more operation is one more
 * line; description, flags and their help come from the catalog entry.
 */
export interface CommandLine {
  /** Command words, e.g. `['work', 'deps', 'add']`. */
  words: readonly string[];
  /** Catalog operation name (the MCP tool name). */
  operation: string;
  /** One line for a command that runs only part of its operation (`work delete`); default: the operation's summary. */
  summary?: string;
  /** Input fields taken from positional arguments, in order (all required). */
  positionals?: readonly string[];
  /** Extra flag names → input field (e.g. `type` → `item_type`, `label` → `labels`). */
  aliases?: Readonly<Record<string, string>>;
  /** Input set by the command itself (e.g. `work delete` → `{ delete: true }`); those fields get no flag. */
  fixed?: Readonly<Record<string, unknown>>;
  /** Input fields that get no flag (the command sets them some other way). */
  hidden?: readonly string[];
  /** When set, only these input fields get flags (besides the positionals). */
  only?: readonly string[];
  /** Friendly flags for a nested JSON field. */
  expand?: ExpandSpec;
  /** Reads the current version when `--version` is not given. */
  currentVersion?: VersionSource;
  /** Human rendering; `record` by default. */
  render?: RenderKind;
  /** Columns for `list` rendering (dotted paths into a row). */
  columns?: readonly string[];
  /**
   * Input fields holding a file path. The operation takes them relative to the
   * project root; on a command line a relative path means the shell's current
   * folder, so the CLI makes them absolute first (the operation still refuses
   * a path outside the project root).
   */
  paths?: readonly string[];
  /** Shows a progress bar on a TTY through `onProgress`. */
  progress?: boolean;
  /**
   * A probe: the store is opened even while the database is down (the result
   * then reports the outage and its cause), and the command exits with
   * DATABASE_ERROR's code when this boolean field of the result is false.
   */
  unavailableUnless?: string;
  /** `[command, what it does]`; one is generated from the positionals when absent. */
  examples?: readonly (readonly [string, string])[];
}
