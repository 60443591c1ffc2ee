import { describeServed, describeServedError, isFallbackAnswer, NotFoundError, servedOfError, ValidationError, type ServedBy } from '@project-status/core';
import type { CliDeps } from '../context.js';
import { EXIT_CODES, EXIT_OK } from '../errors/exit-codes.js';
import { wordHint } from '../errors/hint-wording.js';
import { classifyFailure, formatFailure } from '../errors/report-error.js';
import type { Palette } from '../output/color.js';
import { globalFlags, openStore } from '../store.js';
import type { CommandLine } from './command-line.js';
import { COMMAND_TABLE } from './table.js';
import type { CommandFlags } from './flags.js';
import { buildInput } from './input.js';

/** Everything one command run needs. */
export interface RunContext {
  deps: CliDeps;
  palette: Palette;
  /** Palette for stderr (its TTY-ness may differ from stdout's). */
  errPalette: Palette;
}

/**
 * The flag or positional of `flags` that types the field at `path` (`metadata.description` → `--description`,
 * `title` → `<title>`, `labels.0` → `--labels`): the one whose field path is the longest prefix of it.
 */
export function flagOfPath(flags: CommandFlags, path: string): string | undefined {
  let best: { name: string; length: number } | undefined;
  for (const [spec, positional] of [...flags.positionals.map((s) => [s, true] as const), ...flags.options.map((s) => [s, false] as const)]) {
    const field = spec.path.join('.');
    if ((path === field || path.startsWith(`${field}.`)) && field.length > (best?.length ?? -1)) best = { name: positional ? `<${spec.flag}>` : `--${spec.flag}`, length: field.length };
  }
  return best?.name;
}

/** Prints a failure on stderr and returns its exit code; with `flagOf` (field path → flag), a validation hint names the flags to fix. */
export function reportFailure(ctx: RunContext, error: unknown, command: string, json: boolean, show?: string, flagOf?: (path: string) => string | undefined): number {
  const lines = ctx.deps.commands ?? COMMAND_TABLE;
  const failure = classifyFailure(error, { command, show, flagOf, wordHint: (hint) => wordHint(hint, lines, ctx.deps.operations) });
  // SPEC §5: an error a fallback layer gave (a NOT_FOUND from the cache) gets the same notice as an answer (and details.served in --json).
  const served = servedOfError(error);
  if (served && isFallbackAnswer(served)) ctx.deps.stderr.write(`notice: ${describeServedError(served, failure.kind)}\n`);
  ctx.deps.stderr.write(formatFailure(failure, json, ctx.errPalette));
  return failure.exit;
}

/**
 * Runs one table line: argv → input, open the store, read the current
 * version when the user gave none (and say so), call the operation, print
 * the result (raw JSON with `--json`), close. Returns the exit code.
 */
export async function executeLine(ctx: RunContext, line: CommandLine, flags: CommandFlags, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps } = ctx;
  const command = line.words.join(' ');
  const json = argv.json === true;
  let show: string | undefined;
  let usedVersion: string | undefined;
  try {
    const globals = globalFlags(argv, deps);
    // Input errors (bad JSON, bad number) are reported before the database is touched.
    const input = buildInput(line, flags, argv, { cwd: deps.cwd ?? process.cwd() });
    const ps = await openStore(deps, globals, { ...(line.unavailableUnless ? { whenUnavailable: 'defer' } : {}), fallback: true });
    try {
      if (!ps.operations[line.operation]) throw new NotFoundError(`this database's Project Status has no operation "${line.operation}"`, { operation: line.operation });
      let served: ServedBy | undefined;
      const options = { actor: ps.clientId, onServed: (s: ServedBy) => (served = s) };
      if (line.currentVersion) {
        show = line.currentVersion.show(input);
        if (input.version === undefined) {
          const current = line.currentVersion.version(await ps.call(line.currentVersion.operation, line.currentVersion.input(input), options));
          if (current === undefined) throw ValidationError.field('version', 'the current version could not be read; pass --version', { flag: '--version' });
          input.version = current;
          // A person at a terminal is one writer: use what is there now, but never silently —
          // said with the result, so a failed update does not read as if it had used it.
          usedVersion = `using current version ${current} (pass --version N to insist on the version you read)\n`;
        }
      }
      const bar = line.progress ? (await import('../output/progress.js')).createProgressBar(deps.stderr) : undefined;
      let result: unknown;
      try {
        result = await ps.call(line.operation, input, { ...options, onProgress: bar ? (p) => bar.update(p) : undefined });
      } finally {
        bar?.finish();
      }
      // SPEC §5: one notice on stderr when a fallback answered; stdout (and --json) stay the answer alone.
      if (isFallbackAnswer(served)) deps.stderr.write(`notice: ${describeServed(served)}\n`);
      if (usedVersion) {
        if (json) deps.stderr.write(usedVersion);
        else deps.stdout.write(ctx.palette.dim(usedVersion));
      }
      if (json) deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const { renderResult } = await import('../output/render.js');
        deps.stdout.write(`${await renderResult(line.render ?? 'record', result, line, ctx.palette)}\n`);
      }
      // A probe reports an outage as its result; scripts still need to see it in the exit code.
      const down = line.unavailableUnless !== undefined && (result as Record<string, unknown> | null)?.[line.unavailableUnless] === false;
      return down ? EXIT_CODES.DATABASE_ERROR.exit : EXIT_OK;
    } finally {
      await ps.close();
    }
  } catch (error) {
    return reportFailure(ctx, error, command, json, show, (path) => flagOfPath(flags, path));
  }
}
