/**
 * @project-status/cli — the `project-status` command line: a thin adapter
 * that maps a command table onto the Project Status operation catalog, with
 * human output by default, `--json` for scripts and one exit code per error kind.
 *
 * @example
 * import { catalog } from '@project-status/core';
 * import { openProjectStatus } from '@project-status/storage';
 * import { createCli, loadConfig } from '@project-status/cli';
 *
 * const parsed = loadConfig(process.env);
 * if (parsed.ok) {
 *   const cli = createCli({ operations: catalog, open: openProjectStatus, config: parsed.config, stdout: process.stdout, stderr: process.stderr });
 *   process.exitCode = await cli.run(['work', 'ready', '--json']);
 * }
 */
export { createCli, type Cli } from './cli.js';
export type { CliDeps, CliStream, GlobalFlags, OperationInfo } from './context.js';
export { loadConfig, ENV_VARS, type CliConfig, type ConfigResult } from './config.js';
export { EXIT_CODES, EXIT_OK, type ExitCodeEntry, type FailureKind, type HintContext } from './errors/exit-codes.js';
export { COMMAND_TABLE, GROUPS } from './commands/table.js';
export { VERSION_SOURCES } from './commands/version-sources.js';
export type { CommandLine, ExpandSpec, RenderKind, VersionSource } from './commands/command-line.js';
export { commandFlags, kebab, type CommandFlags, type FlagKind, type FlagSpec } from './commands/flags.js';
export { buildInput, type BuildInputOptions } from './commands/input.js';
export { renderReference, replaceReference, REFERENCE_START, REFERENCE_END } from './docs/reference.js';
