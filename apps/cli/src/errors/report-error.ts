import { isDomainError, type ErrorHint } from '@project-status/core';
import type { Palette } from '../output/color.js';
import { EXIT_CODES, type FailureKind } from './exit-codes.js';
import { UsageError } from './usage-error.js';

/** A failure, classified and ready to print. */
export interface Failure {
  kind: FailureKind;
  exit: number;
  message: string;
  details: Record<string, unknown>;
  next: string;
}

/**
 * Classifies any thrown value through the exit-code table. A domain error's
 * structured hint, worded as a command by `wordHint`, is the next step when
 * there is one; otherwise the table's next step for the kind.
 */
export function classifyFailure(error: unknown, ctx: { command: string; show?: string; flagOf?: (path: string) => string | undefined; wordHint?: (hint: ErrorHint) => string | undefined }): Failure {
  let kind: FailureKind = 'UNEXPECTED';
  let message = error instanceof Error ? error.message : String(error);
  let details: Record<string, unknown> = {};
  if (isDomainError(error)) {
    kind = error.code;
    message = error.message;
    details = error.details;
  } else if (error instanceof UsageError) {
    kind = 'USAGE';
  }
  const entry = EXIT_CODES[kind];
  const hinted = isDomainError(error) && error.hint ? ctx.wordHint?.(error.hint) : undefined;
  return { kind, exit: entry.exit, message, details, next: hinted ?? entry.next({ command: ctx.command, details, show: ctx.show, flagOf: ctx.flagOf }) };
}

/**
 * The text written to stderr: `--json` gets one JSON object (the error body
 * of every surface plus `exit_code` and `next`); a person gets the message,
 * field issues one per line, and the next step.
 */
export function formatFailure(failure: Failure, json: boolean, palette: Palette): string {
  if (json) {
    return `${JSON.stringify({ error: { code: failure.kind, message: failure.message, details: failure.details, exit_code: failure.exit, next: failure.next } })}\n`;
  }
  const lines = [`${palette.red('error')}: ${failure.message}`];
  const issues = Array.isArray(failure.details.issues) ? (failure.details.issues as { path?: string; message?: string }[]) : [];
  // The message already lists up to five issues; list them all when there are more.
  if (issues.length > 5) for (const i of issues) lines.push(`  ${i.path ?? ''}: ${i.message ?? ''}`);
  lines.push(`${palette.dim('next')}: ${failure.next}`);
  return `${lines.join('\n')}\n`;
}
