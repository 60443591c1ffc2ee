import type { OperationInfo } from '../context.js';
import type { Argv } from 'yargs';
import { EXIT_CODES } from '../errors/exit-codes.js';
import type { CommandLine } from './command-line.js';
import { executeLine, type RunContext } from './execute.js';
import { commandFlags, type CommandFlags, type FlagSpec } from './flags.js';
import { GROUPS } from './table.js';
import { formatExamples, helpWidth } from '../output/help-examples.js';

/** Sets the action the parsed command will run (handlers only record it; `run` awaits it). */
export type SetAction = (action: () => Promise<number>) => void;

/** A command word: a table line (leaf) or a group of further words. */
export interface TreeNode {
  line?: CommandLine;
  children: Map<string, TreeNode>;
}

/** Table lines whose operation exists, as a tree of command words. */
export function commandTree(lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): TreeNode {
  const root: TreeNode = { children: new Map() };
  for (const line of lines) {
    if (!operations[line.operation]) continue;
    let node = root;
    for (const word of line.words) {
      let next = node.children.get(word);
      if (!next) node.children.set(word, (next = { children: new Map() }));
      node = next;
    }
    node.line = line;
  }
  return root;
}

/** The short exit-code legend under every command's help. */
export function exitCodeLegend(): string {
  return `Exit codes: 0 ok, ${Object.entries(EXIT_CODES)
    .sort(([, a], [, b]) => a.exit - b.exit)
    .map(([kind, e]) => `${e.exit} ${kind.toLowerCase().replace(/_error$/, '').replace(/_/g, ' ')}`)
    .join(', ')}.`;
}

/** `<id>` or `[id]` for each positional. */
export function positionalUsage(flags: CommandFlags): string {
  return flags.positionals.map((p) => (p.required ? `<${p.flag}>` : `[${p.flag}]`)).join(' ');
}

/**
 * The same as {@link positionalUsage} from the table line alone: a positional
 * is always required and named after its field (`commandFlags`). Registering
 * a group's commands then derives no flags: each derivation is a
 * `z.toJSONSchema`, and `work ready` paid for every `work` command with an
 * `<id>` before.
 */
export function lineUsage(line: CommandLine): string {
  return (line.positionals ?? []).map((field) => `<${field}>`).join(' ');
}

function defaultExample(line: CommandLine, flags: CommandFlags): [string, string] {
  return [`project-status ${[...line.words, ...flags.positionals.map((p) => `<${p.flag}>`)].join(' ')}`, ''];
}

/**
 * yargs type of a flag. A yes/no flag that also takes `null` gets none: a
 * yargs boolean never takes the word after it, so `--flag null` would be a
 * stray command word; untyped, a bare `--flag` is still true and `--no-flag`
 * false, and buildInput reads the word.
 */
function yargsType(spec: FlagSpec): 'boolean' | 'string' | undefined {
  if (spec.kind !== 'boolean') return 'string';
  return spec.nullable ? undefined : 'boolean';
}

function option(y: Argv, spec: FlagSpec): Argv {
  return y.option(spec.flag, {
    type: yargsType(spec),
    describe: spec.help,
    alias: spec.aliases.length ? spec.aliases : undefined,
  });
}

function registerLeaf(y: Argv, word: string, line: CommandLine, ctx: RunContext, setAction: SetAction, helpText: boolean): Argv {
  const op = ctx.deps.operations[line.operation] as OperationInfo;
  // Flags are derived (z.toJSONSchema) only for the command actually run or asked about.
  let flags: CommandFlags | undefined;
  const lazyFlags = () => (flags ??= commandFlags(line, op));
  const usageArgs = line.positionals?.length ? ` ${lineUsage(line)}` : '';
  const summary = line.summary ?? op.summary;
  return y.command(
    `${word}${usageArgs}`,
    summary,
    (sub) => {
      const f = lazyFlags();
      let b = sub.usage(`project-status ${line.words.join(' ')}${usageArgs}\n\n${summary}\n\n${op.description}`);
      for (const p of f.positionals) b = b.positional(p.flag, { type: 'string', describe: p.help });
      for (const o of f.options) b = option(b, o);
      // Examples and the exit-code legend are only ever printed by --help; laying them out cost a cold start time.
      if (!helpText) return b;
      b = b.epilog(formatExamples(line.examples ?? [defaultExample(line, f)], helpWidth(ctx.deps.stdout.columns)));
      if (line.currentVersion) b = b.epilog(`Without --version the current version is read first and used (the output says which).\n${exitCodeLegend()}`);
      else b = b.epilog(exitCodeLegend());
      return b;
    },
    (argv) => setAction(() => executeLine(ctx, line, lazyFlags(), argv as Record<string, unknown>)),
  );
}

function registerNode(y: Argv, path: string[], word: string, node: TreeNode, ctx: RunContext, setAction: SetAction, helpText: boolean): Argv {
  if (node.children.size === 0 && node.line) return registerLeaf(y, word, node.line, ctx, setAction, helpText);
  const key = [...path, word].join(' ');
  return y.command(`${word} <command>`, GROUPS[key] ?? `${key} commands`, (sub) => {
    let b = sub.usage(`project-status ${key} <command>\n\n${GROUPS[key] ?? ''}`);
    for (const [childWord, child] of node.children) b = registerNode(b, [...path, word], childWord, child, ctx, setAction, helpText);
    return b.demandCommand(1, `say which "${key}" command to run: ${[...node.children.keys()].join(', ')}`);
  });
}

/**
 * Registers every table line whose operation exists as a yargs command,
 * grouped by noun. `helpText` false (no `--help` on the command line, see
 * {@link wantsHelp}) leaves out what only help prints.
 */
export function registerTable(y: Argv, lines: readonly CommandLine[], ctx: RunContext, setAction: SetAction, helpText = true): Argv {
  let b = y;
  for (const [word, node] of commandTree(lines, ctx.deps.operations).children) b = registerNode(b, [], word, node, ctx, setAction, helpText);
  return b;
}

/** Whether a command line may print help (`--help`, `-h`, `help`): only then is a command's help text laid out. */
export function wantsHelp(argv: readonly string[]): boolean {
  return argv.some((a) => a === '--help' || a === '-h' || a === 'help' || a.startsWith('--help='));
}

/** The table lines that are live (their operation exists), in table order. */
export function liveLines(lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): CommandLine[] {
  return lines.filter((l) => operations[l.operation]);
}
