import type { Operation } from '@project-status/core';
import type { OpenOptions, ProjectStatusHandle } from '@project-status/storage';
import type { CommandLine } from './commands/command-line.js';
import type { CliConfig } from './config.js';

/**
 * What the CLI reads from a catalog entry: its name, its one-line and long
 * descriptions and its input schema (it runs operations through `ps.call`,
 * never through the handler), so any catalog fits without a cast.
 */
export type OperationInfo = Pick<Operation, 'name' | 'summary' | 'description' | 'input' | 'refs'>;

/** An output stream: process.stdout/stderr, or a buffer in tests. */
export interface CliStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/**
 * What the CLI needs from the outside world. `main.ts` wires the real ones;
 * nothing else in the app reaches for globals.
 */
export interface CliDeps {
  /** Operations commands may map to (the core catalog); `ps.operations` decides at run time. */
  operations: Readonly<Record<string, OperationInfo>>;
  /** Opens the store (storage's `openProjectStatus`), called only by commands that need data. */
  open(options: OpenOptions): Promise<ProjectStatusHandle>;
  config: CliConfig;
  stdout: CliStream;
  stderr: CliStream;
  /** The shell's current folder: where the project root is searched from, and what relative file paths on the command line mean (default: the process's cwd). */
  cwd?: string;
  /** The command table (default: the built-in one). */
  commands?: readonly CommandLine[];
  /** Shown by `--version`. */
  version?: string;
  /** Calls `handler` on Ctrl-C / SIGTERM (how `watch` ends cleanly); returns a function that stops listening. */
  onInterrupt?(handler: () => void): () => void;
}

/** Global flags every command accepts. */
export interface GlobalFlags {
  json: boolean;
  databaseUrl: string | undefined;
  root: string | undefined;
  /** `--client-id`, else `PROJECT_STATUS_CLIENT_ID`; `undefined` lets config.json, then `cli`, decide (`openStore` passes `cli` as the default). */
  clientId: string | undefined;
}
