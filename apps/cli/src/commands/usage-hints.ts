import type { OperationInfo } from '../context.js';
import { UsageError } from '../errors/usage-error.js';
import { BUILT_IN_COMMANDS } from './built-in.js';
import type { CommandLine } from './command-line.js';
import { commandFlags, type FlagSpec } from './flags.js';
import { notBoolean } from './input.js';
import { commandTree, positionalUsage, type TreeNode } from './register.js';

/** Global flags (cli.ts), offered as suggestions for a mistyped flag. */
const GLOBAL_FLAGS = ['json', 'database-url', 'root', 'client-id', 'help'];
/** Global flags that take a value, so the word after them is not a command word. */
const VALUE_GLOBALS = new Set(['database-url', 'root', 'client-id']);

/** Where a command line lands in the command tree. */
interface Located {
  /** The command words recognised, e.g. `['work', 'show']`. */
  words: string[];
  node: TreeNode;
  /** A built-in command (`init`, `migrate`, `call`, `completion`) when that is where it landed. */
  builtIn?: (typeof BUILT_IN_COMMANDS)[number];
  /** The first word at a group level that is none of its commands (a typo, usually). */
  stray?: string;
}

/** The command tree with the built-in commands at the top. */
function fullTree(lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): TreeNode {
  // In the order of the top-level help: init and migrate, the table's commands, call and completion.
  const builtIns = (place: 'first' | 'last') => BUILT_IN_COMMANDS.filter((c) => c.place === place).map((c): [string, TreeNode] => [c.word, { children: new Map() }]);
  return { children: new Map([...builtIns('first'), ...commandTree(lines, operations).children, ...builtIns('last')]) };
}

/** Follows the words of `argv` down the tree, skipping flags and the values of the global flags. */
function locate(argv: readonly string[], root: TreeNode): Located {
  const words: string[] = [];
  let node = root;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    if (token === '--') break;
    if (token.startsWith('-')) {
      if (VALUE_GLOBALS.has(token.replace(/^--/, '')) && !token.includes('=')) i++;
      continue;
    }
    if (node.children.size === 0) break;
    const next = node.children.get(token);
    if (!next) return { words, node, stray: token };
    words.push(token);
    node = next;
  }
  const builtIn = words.length === 1 ? BUILT_IN_COMMANDS.find((c) => c.word === words[0]) : undefined;
  return { words, node, builtIn };
}

/** Optimal-string-alignment distance: edits, with a swap of two neighbours counting as one. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number) => d[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidates closest to a mistyped word: one or two edits away (one for
 * short words), or the only candidate it is the start of. Empty when nothing
 * is close enough to be a likely meaning.
 */
export function closest(word: string, candidates: readonly string[]): string[] {
  const typed = word.toLowerCase();
  const limit = typed.length <= 4 ? 1 : 2;
  let best = Number.POSITIVE_INFINITY;
  let found: string[] = [];
  for (const c of candidates) {
    const d = distance(typed, c.toLowerCase());
    if (d > limit || d > best) continue;
    if (d < best) found = [];
    best = d;
    found.push(c);
  }
  if (found.length === 0 && typed.length >= 3) {
    const prefixed = candidates.filter((c) => c.toLowerCase().startsWith(typed));
    if (prefixed.length === 1) found = prefixed;
  }
  return found;
}

const orList = (items: readonly string[]) => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`);

/** The boolean flags of the command a line lands on (its own and `--json`), by every name they answer to. */
function booleanFlags(at: Located, operations: Readonly<Record<string, OperationInfo>>): Map<string, { path: string; nullable: boolean }> {
  const names = new Map<string, { path: string; nullable: boolean }>([['json', { path: 'json', nullable: false }]]);
  const line = at.node.line;
  const op = line ? operations[line.operation] : undefined;
  if (line && op) {
    const options: FlagSpec[] = commandFlags(line, op).options.filter((o) => o.kind === 'boolean');
    for (const o of options) for (const name of [o.flag, ...o.aliases]) names.set(name, { path: o.path.join('.'), nullable: o.nullable });
  }
  return names;
}

/** The usage line of where a command line landed, e.g. `project-status work show <id>`. */
function usageOf(at: Located, operations: Readonly<Record<string, OperationInfo>>): { usage: string; args: string[] } {
  const line = at.node.line;
  const op = line ? operations[line.operation] : undefined;
  const args = line && op ? positionalUsage(commandFlags(line, op)).split(' ').filter(Boolean) : [...(at.builtIn?.args ?? [])];
  return { usage: ['project-status', ...at.words, ...args].join(' '), args };
}

/** `say which "work" command to run: create, update, …` for a group, or the top level. */
function groupChoice(at: Located): string {
  const key = at.words.join(' ');
  const what = key ? `"${key}" command` : 'command';
  return `say which ${what} to run: ${[...at.node.children.keys()].join(', ')}`;
}

/** A parse failure, explained for a person, with the command whose `--help` the hint should name. */
export interface ExplainedFailure {
  error: Error;
  command: string;
  /** The flag to fix, when one is to blame. */
  flag?: string;
}

/**
 * Turns a yargs parse failure into a message that says what to do: the
 * missing argument by name (`missing <id>`), the closest command to a typo
 * (`did you mean vendor?`), a word that follows a yes/no flag as a bad value
 * of that flag (a validation error, exit 2), surplus words as too many
 * arguments (with a hint to quote values with spaces). Anything else keeps
 * yargs' own message.
 */
export function explainParseError(message: string, argv: readonly string[], lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): ExplainedFailure {
  const at = locate(argv, fullTree(lines, operations));
  const command = at.words.join(' ');
  const usage = (text: string) => ({ error: new UsageError(text, command), command });

  const missing = /^Not enough non-option arguments: got (\d+), need at least (\d+)/.exec(message);
  if (missing) {
    if (at.node.children.size > 0) return usage(`missing <command>: ${groupChoice(at)}`);
    const { usage: line, args } = usageOf(at, operations);
    const absent = args.filter((a) => a.startsWith('<')).slice(Number(missing[1]));
    if (absent.length > 0) return usage(`missing ${absent.length === 1 ? 'argument' : 'arguments'} ${absent.join(' ')} (usage: ${line})`);
    return usage(message);
  }

  const unknownCommands = /^Unknown commands?: (.+)$/.exec(message);
  if (unknownCommands) {
    const unknown = new Set((unknownCommands[1] ?? '').split(', '));
    const booleans = booleanFlags(at, operations);
    for (let i = 0; i + 1 < argv.length; i++) {
      const flag = /^--([^=]+)$/.exec(argv[i] ?? '')?.[1];
      const next = argv[i + 1] ?? '';
      const spec = flag === undefined ? undefined : booleans.get(flag);
      if (flag !== undefined && spec && unknown.has(next)) return { error: notBoolean(flag, spec.path, next), command };
    }
    if (at.stray !== undefined) {
      const prefix = at.words.length ? `${command} ` : '';
      const suggestions = closest(at.stray, [...at.node.children.keys()]);
      const text = suggestions.length
        ? `Unknown command: ${prefix}${at.stray} (did you mean ${orList(suggestions.map((s) => `${prefix}${s}`))}?)`
        : `Unknown command: ${prefix}${at.stray}; ${groupChoice(at)}`;
      return usage(text);
    }
    const { usage: line } = usageOf(at, operations);
    const extra = [...unknown].map((w) => `"${w}"`).join(', ');
    return usage(`too many arguments: ${extra} (usage: ${line}; quote a value that contains spaces)`);
  }

  const unknownFlags = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknownFlags) {
    const typed = (unknownFlags[1] ?? '').split(', ');
    // yargs names a dashed flag twice (dry-runn, dryRunn); the dashed spelling is what was typed.
    const flag = typed.find((t) => t.includes('-')) ?? typed[0] ?? '';
    const line = at.node.line;
    const op = line ? operations[line.operation] : undefined;
    const names = [...(line && op ? commandFlags(line, op).options.flatMap((o) => [o.flag, ...o.aliases]) : []), ...GLOBAL_FLAGS];
    const suggestions = closest(flag, names);
    return usage(suggestions.length ? `${message} (did you mean ${orList(suggestions.map((s) => `--${s}`))}?)` : message);
  }
  return usage(message);
}

/**
 * A yes/no flag given `--flag=value` with a value other than true or false
 * (or `null`, where the flag takes it): yargs reads any such value as false,
 * which would silently write the opposite of what was meant. Returns the
 * validation error to report, if any.
 */
export function booleanValueError(argv: readonly string[], lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): ExplainedFailure | undefined {
  const given = argv.map((a) => /^--([^=]+)=(.*)$/s.exec(a)).filter((m): m is RegExpExecArray => m !== null);
  if (given.length === 0) return undefined;
  const at = locate(argv, fullTree(lines, operations));
  const booleans = booleanFlags(at, operations);
  for (const [, flag = '', value = ''] of given) {
    const spec = booleans.get(flag);
    if (spec && value !== 'true' && value !== 'false' && !(spec.nullable && value === 'null')) return { error: notBoolean(flag, spec.path, value), command: at.words.join(' '), flag: `--${flag}` };
  }
  return undefined;
}
