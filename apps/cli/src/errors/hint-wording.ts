import { entryFitsHint, type ErrorHint } from '@project-status/core';
import type { OperationInfo } from '../context.js';
import type { CommandLine } from '../commands/command-line.js';
import { commandFlags } from '../commands/flags.js';

/** A value as one shell word: quoted when it holds anything a shell would split or expand. */
function shellWord(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * An error's structured hint as a command line: the first command of the
 * table that runs the hint's operation, whose fixed input agrees with the
 * hint and whose positionals and flags cover the rest of it. Flags and
 * positionals come from the table and the operation's schema, as in `--help`,
 * so the hint names the same flags a user sees there. Undefined when no
 * command can say it (the caller then falls back to its generic next step).
 *
 * @example wordHint({ operation: 'update_work_item', input: { id, delete: true, cascade: true }, purpose: 'delete the whole subtree' }, …)
 * // → 'delete the whole subtree: `project-status work delete <id> --cascade`'
 */
export function wordHint(hint: ErrorHint, lines: readonly CommandLine[], operations: Readonly<Record<string, OperationInfo>>): string | undefined {
  for (const line of lines) {
    const op = operations[line.operation];
    if (!op || !entryFitsHint(hint, line)) continue;
    const fixed = line.fixed ?? {};
    const { positionals, options } = commandFlags(line, op);
    const words = ['project-status', ...line.words];
    for (const p of positionals) {
      const value = hint.input[p.path[0] ?? ''];
      words.push(value === undefined ? `<${p.flag}>` : shellWord(value));
    }
    let covered = true;
    for (const [field, value] of Object.entries(hint.input)) {
      if (field in fixed || positionals.some((p) => p.path[0] === field)) continue;
      const option = options.find((o) => o.path.length === 1 && o.path[0] === field);
      if (!option) {
        covered = false;
        break;
      }
      // The table's own short name (`--parent`, `--deleted`) is what its examples use.
      const flag = `--${option.aliases[0] ?? option.flag}`;
      if (value === true && option.kind === 'boolean' && !option.nullable) words.push(flag);
      else words.push(flag, shellWord(value));
    }
    if (covered) return `${hint.purpose}: \`${words.join(' ')}\``;
  }
  return undefined;
}
