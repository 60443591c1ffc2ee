import type { ErrorCode } from '@project-status/core';

/** Failure kinds the CLI reports: every domain error code, plus its own two. */
export type FailureKind = ErrorCode | 'USAGE' | 'UNEXPECTED';

/** What the hint of a failure may refer to. */
export interface HintContext {
  /** The command words typed, e.g. `work update`. */
  command: string;
  details: Record<string, unknown>;
  /** The command that shows the entity's current state, when the command knows it. */
  show?: string;
  /** The flag (`--description`) or positional (`<title>`) a field path (`metadata.description`) is typed as, when the command has one. */
  flagOf?: (path: string) => string | undefined;
}

/** What a failure kind means at the shell, and what to do about it. */
export interface ExitCodeEntry {
  /** Process exit code. */
  exit: number;
  /** One line for the README and `--help`. */
  meaning: string;
  /** The next step, printed under the error. */
  next(ctx: HintContext): string;
}

const help = (command: string) => `project-status ${command ? `${command} ` : ''}--help`;

// Errors that one command resolves carry a structured hint, worded from the command table (hint-wording.ts);
// these are the next steps of the ones that do not.
const CONFLICT_NEXT: Record<string, string> = {
  duplicate: 'it already exists: use another name, or change the existing one',
};

/**
 * The one error-code → exit-code table of the CLI (the HTTP app has its
 * status table, the MCP server its tool errors). Scripts branch on these, so
 * they are stable; 64 is EX_USAGE from sysexits(3).
 */
export const EXIT_CODES: Readonly<Record<FailureKind, ExitCodeEntry>> = {
  UNEXPECTED: {
    exit: 1,
    meaning: 'unexpected failure (a bug: please report it)',
    next: () => 'this is a bug: please report it with the command you ran and this message',
  },
  VALIDATION_ERROR: {
    exit: 2,
    meaning: 'invalid input (bad flag value, bad JSON, broken rule); nothing was written',
    next: ({ command, details, flagOf }) => {
      if (!Array.isArray(details.issues) || details.issues.length === 0) return 'nothing was written; change what the message names and run the command again';
      // Name what to type: the issues speak in field paths (`metadata.description`), the shell in flags (`--description`).
      const flags = [...new Set((details.issues as { path?: unknown }[]).flatMap((i) => (typeof i.path === 'string' ? (flagOf?.(i.path) ?? []) : [])))];
      const which = flags.length > 0 ? ` (${flags.join(', ')})` : '';
      return `fix the value(s) above${which}; \`${help(command)}\` lists the flags and what they accept`;
    },
  },
  NOT_FOUND: {
    exit: 3,
    meaning: 'the work item, vendor or other entity does not exist',
    next: ({ details }) =>
      // A file path (import) was not found: name the place looked at, not entity ids.
      typeof details.resolved === 'string'
        ? `no file at ${details.resolved}; check the path (relative to the current folder, inside the project root)`
        : 'check the id or name: `project-status work list`, `vendor list` and `enhancement list` show what exists',
  },
  VERSION_CONFLICT: {
    exit: 4,
    meaning: 'it changed since you read it; nothing was written — re-read and retry',
    next: ({ show, details }) => {
      const current = typeof details.current_version === 'number' && details.current_version > 0 ? ` --version ${details.current_version}` : ' with the version it shows';
      return `re-run \`${show ?? 'the matching show command'}\` to see what changed, re-apply your change, and retry with${current}`;
    },
  },
  CONFLICT: {
    exit: 5,
    meaning: 'duplicate or state conflict (name taken, item already claimed); nothing was written',
    next: ({ details }) => CONFLICT_NEXT[String(details.reason)] ?? 'nothing was written; the details above say what is in the way',
  },
  DATABASE_ERROR: {
    exit: 6,
    meaning: 'the database failed or is unreachable (`health` too, after printing its report); retry, or check the database URL',
    next: ({ details }) =>
      details.reason === 'database_misconfigured'
        ? 'fix what the message names (the database URL, or the database or role on the server), then run `project-status init`; retrying as is will not help'
        : details.reason === 'database_busy'
          ? 'nothing was written: retry the command (another writer held the database for a moment)'
          : 'check `--database-url` / PROJECT_STATUS_DATABASE_URL and that the database is running, then retry; `project-status health` tests the connection',
  },
  USAGE: {
    exit: 64,
    meaning: 'unknown command or flag, missing argument',
    next: ({ command }) => `run \`${help(command)}\` for the commands, arguments and flags`,
  },
};

/** Exit code of a successful command. */
export const EXIT_OK = 0;
