import { ValidationError } from '@project-status/core';
import yargs, { type Argv } from 'yargs';
import { ENV_VARS } from './config.js';
import type { CliDeps } from './context.js';
import { EXIT_CODES, EXIT_OK } from './errors/exit-codes.js';
import { builtIn } from './commands/built-in.js';
import { reportFailure, type RunContext } from './commands/execute.js';
import { exitCodeLegend, registerTable, wantsHelp } from './commands/register.js';
import { COMMAND_TABLE } from './commands/table.js';
import { booleanValueError, explainParseError } from './commands/usage-hints.js';
import { skipHelpCache } from './commands/help-cache.js';
import { createPalette } from './output/color.js';
import { formatExamples, helpWidth } from './output/help-examples.js';

/** A CLI ready to run argument vectors. */
export interface Cli {
  /** Runs one command line (without `node` and the script) and resolves to its exit code. */
  run(argv: readonly string[]): Promise<number>;
}

function topEpilog(): string {
  const codes = Object.values(EXIT_CODES)
    .sort((a, b) => a.exit - b.exit)
    .map((e) => `  ${String(e.exit).padStart(2)}  ${e.meaning}`);
  const width = Math.max(...ENV_VARS.map((v) => v.name.length));
  const env = ENV_VARS.map((v) => `  ${v.name.padEnd(width)}  ${v.help}`);
  return ['Exit codes:', '   0  success', ...codes, '', 'Environment:', ...env, '', 'Every command takes --json for scripts: stdout is then exactly the operation result.', 'After -- every word is an argument, even one starting with "-": work note <id> -- "- done".'].join('\n');
}

function globalOptions(y: Argv, deps: CliDeps): Argv {
  return y
    .option('json', { type: 'boolean', describe: 'print the raw result as JSON (errors as JSON on stderr)' })
    .option('database-url', { type: 'string', describe: 'postgres://… or a SQLite file (default: $PROJECT_STATUS_DATABASE_URL, then .project-status/config.json, then .project-status/status.db). A SQLite file named here, in the environment or in config.json must exist (init creates it); only the default .project-status/status.db is created on first use' })
    .option('root', { type: 'string', describe: 'project root (default: nearest folder upwards with .git or .project-status)' })
    .option('client-id', {
      type: 'string',
      describe: `who is acting, recorded in history (default: ${deps.config.clientId === undefined ? '' : `"${deps.config.clientId}" from `}$PROJECT_STATUS_CLIENT_ID, then "clientId" in .project-status/config.json, then "cli")`,
    })
    .group(['json', 'database-url', 'root', 'client-id', 'help'], 'Global options:');
}

/** Marks a word that came after `--`; no typed word starts with NUL. */
const OPERAND = '\u0000operand:';

/**
 * POSIX operands: every word after the first `--` is an argument, even one
 * that starts with "-" (`work note 7kq2mx -- "- finished parser"`). yargs
 * only files such words under `argv['--']` and never lets them fill a
 * command's `<text>` or `<name>`, so each is handed to yargs as a stand-in
 * that cannot look like a flag and put back (see {@link restoreOperands})
 * before the command runs. `options` is the part before `--`: the words that
 * may be flags (`--json`, `--help`).
 */
function splitOperands(argv: readonly string[]): { options: readonly string[]; words: string[]; operands: readonly string[] } {
  const at = argv.indexOf('--');
  if (at < 0) return { options: argv, words: [...argv], operands: [] };
  const operands = argv.slice(at + 1);
  return { options: argv.slice(0, at), words: [...argv.slice(0, at), ...operands.map((_, i) => `${OPERAND}${i}`)], operands };
}

/** `value` with every stand-in of {@link splitOperands} replaced by its word (in place for parsed arguments). */
function restoreOperands<T>(value: T, operands: readonly string[]): T {
  const one = (v: unknown): unknown => (typeof v === 'string' && v.startsWith(OPERAND) ? (operands[Number(v.slice(OPERAND.length))] ?? v) : v);
  if (typeof value === 'string') return value.replaceAll(/\u0000operand:(\d+)/g, (m, i: string) => operands[Number(i)] ?? m) as T;
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    for (const [key, v] of Object.entries(record)) record[key] = Array.isArray(v) ? v.map(one) : one(v);
  }
  return value;
}

/**
 * Builds the `project-status` command line over a Project Status: one
 * command per line of the command table (descriptions and flags from the
 * catalog), plus `init`, `migrate`, `watch`, `call` and `completion`.
 *
 * @example
 * const cli = createCli({ operations: catalog, open: openProjectStatus, config, stdout: process.stdout, stderr: process.stderr });
 * process.exitCode = await cli.run(process.argv.slice(2));
 */
export function createCli(deps: CliDeps): Cli {
  const stdoutColor = deps.config.color ?? deps.stdout.isTTY === true;
  const stderrColor = deps.config.color ?? deps.stderr.isTTY === true;
  const ctx: RunContext = { deps, palette: createPalette(stdoutColor), errPalette: createPalette(stderrColor) };
  const lines = deps.commands ?? COMMAND_TABLE;

  return {
    async run(argv) {
      if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
        deps.stdout.write(`${deps.version ?? '0.0.0'}\n`);
        return EXIT_OK;
      }
      const { options, words, operands } = splitOperands(argv);
      let action: (() => Promise<number>) | undefined;
      const setAction = (a: () => Promise<number>) => {
        action = a;
      };
      let y: Argv = yargs()
        .scriptName('project-status')
        .usage('project-status <command>\n\nA shared, queryable, conflict-safe record of a software project: work items, dependencies, vendors, deployments, configuration.')
        .parserConfiguration({ 'parse-numbers': false, 'parse-positional-numbers': false, 'strip-aliased': false })
        .strict()
        .strictCommands()
        .version(false)
        .showHelpOnFail(false)
        .exitProcess(false)
        .wrap(helpWidth(deps.stdout.columns))
        .option('version', { type: 'boolean', global: false, describe: 'print the CLI version' })
        .epilog(topEpilog()) as unknown as Argv;
      // Runs after positionals are filled and validated, before a handler records its action.
      if (operands.length) y = y.middleware((a) => void restoreOperands(a, operands));
      y = globalOptions(skipHelpCache(y), deps);
      y = y.command(
        'init',
        builtIn('init').summary,
        (b) =>
          b
            .epilog(formatExamples([['project-status init', 'set up .project-status/status.db in this project'], ['project-status init --database-url sqlite:data/status.db', 'create a SQLite database at a path of your choice (other commands refuse a path that does not exist)'], ['project-status init --database-url postgres://user@host/db', 'check a shared PostgreSQL database']], helpWidth(deps.stdout.columns)))
            .epilog(exitCodeLegend()),
        (a) => setAction(async () => (await import('./commands/init.js')).runInit(ctx, a as Record<string, unknown>)),
      );
      y = y.command(
        'migrate',
        builtIn('migrate').summary,
        (b) =>
          b
            .usage(`project-status migrate\n\n${builtIn('migrate').summary}.\n\nOpens the database that --database-url, PROJECT_STATUS_DATABASE_URL or .project-status/config.json name (else .project-status/status.db, created if missing; a SQLite file named explicitly must exist — init creates one), applies the checked-in migrations it lacks, and prints which it applied — or that the schema is up to date — and where the data lives. Run it on deploy, or before pointing several clients at an upgraded PostgreSQL database.`)
            .epilog(formatExamples([['project-status migrate', 'bring the local database up to date'], ['project-status migrate --database-url postgres://user@host/db --json', 'the same for a shared PostgreSQL, as JSON for a script']], helpWidth(deps.stdout.columns)))
            .epilog(exitCodeLegend()),
        (a) => setAction(async () => (await import('./commands/migrate.js')).runMigrate(ctx, a as Record<string, unknown>)),
      );
      y = registerTable(y, lines, ctx, setAction, wantsHelp(options));
      y = y.command(
        'watch',
        builtIn('watch').summary,
        (b) =>
          b
            .option('type', { type: 'string', array: true, describe: 'only these entity types (work_item, dependency, vendor, deployment, configuration, enhancement); repeat or comma-separate' })
            .option('id', { type: 'string', array: true, describe: 'only these entity ids; repeat or comma-separate' })
            .option('after', { type: 'string', describe: 'resume after this change (the seq of the last line you saw); default: from now' })
            .example('project-status watch --type work_item', 'every work item change from now on')
            .example('project-status watch --json --after 120', 'JSON Lines from change 121 on, for a script')
            .epilog(exitCodeLegend()),
        (a) => setAction(async () => (await import('./commands/watch.js')).runWatch(ctx, a as Record<string, unknown>)),
      );
      y = y.command(
        'call <operation> [input]',
        'Run any operation by its catalog name with a JSON input (the same names as the MCP tools)',
        (b) =>
          b
            .positional('operation', { type: 'string', describe: `one of: ${Object.keys(deps.operations).join(', ')}` })
            .positional('input', { type: 'string', describe: 'JSON object with the operation input (default {})' })
            .epilog(formatExamples([[`project-status call list_ready_work '{"limit":5}'`, 'what any MCP client would call']], helpWidth(deps.stdout.columns)))
            .epilog(exitCodeLegend()),
        (a) => setAction(async () => (await import('./commands/call.js')).runCall(ctx, a as Record<string, unknown>)),
      );
      y = y.completion('completion', 'Print a bash/zsh completion script (add `source <(project-status completion)` to your shell rc)').demandCommand(1, 'say which command to run').help();

      // The callback form keeps yargs from printing or exiting. It runs once per parse, except for
      // shell completion, where nested command levels each call it (only one with output).
      let parseError: Error | undefined;
      const outputs: string[] = [];
      y.parse(words, {}, (err, _parsed, out) => {
        parseError ??= err ?? undefined;
        if (out && !outputs.includes(out)) outputs.push(out);
      });
      const output = outputs.join('\n');
      const json = options.includes('--json');
      if (parseError) {
        const failure = explainParseError(restoreOperands(parseError.message, operands), options, lines, deps.operations);
        return reportFailure(ctx, failure.error, failure.command, json);
      }
      // Checked before the command runs, so nothing is written.
      const badBoolean = action ? booleanValueError(options, lines, deps.operations) : undefined;
      if (badBoolean) return reportFailure(ctx, badBoolean.error, badBoolean.command, json, undefined, () => badBoolean.flag);
      // Node decodes the command line lossily: bytes that are not UTF-8 (a Latin-1 "é") arrive as U+FFFD and would be stored so.
      const lossy = action ? argv.findIndex((a) => a.includes('\uFFFD')) : -1;
      if (lossy !== -1) {
        const shown = argv[lossy]!.length > 60 ? `${argv[lossy]!.slice(0, 59)}…` : argv[lossy]!;
        const error = ValidationError.field(
          '(argument)',
          `argument ${lossy + 1} ("${shown}") holds U+FFFD (�), which is what the system makes of bytes that are not UTF-8 — text typed or pasted in Latin-1 or Windows-1252, say; nothing was written. Use a UTF-8 locale (e.g. LANG=C.UTF-8) or convert the text (iconv -t utf-8); a deliberate U+FFFD can be written as "\\ufffd" in \`project-status call\` JSON`,
          { argument: lossy + 1 },
        );
        return reportFailure(ctx, error, '', json);
      }
      if (action) return action();
      if (output) deps.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
      return EXIT_OK;
    },
  };
}
