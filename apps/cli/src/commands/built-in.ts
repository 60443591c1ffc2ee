/** A command of the CLI itself, not a line of the command table. */
export interface BuiltInCommand {
  /** Its word. */
  word: string;
  /** Its positionals, `<required>` or `[optional]`. */
  args: readonly string[];
  /** What the README's operation column says: `—` (none), `any`, or the operation it follows (`` `list_changes` ``). */
  operation: string;
  /** One line for the README reference (and `--help`, where the command has no longer one). */
  summary: string;
  /** Where the README lists it: before or after the table's commands. */
  place: 'first' | 'last';
}

/** `init`, `migrate`, `watch`, `call` and `completion`: their words, arguments and one-line summaries, in one place. */
export const BUILT_IN_COMMANDS: readonly BuiltInCommand[] = [
  { word: 'init', args: [], operation: '—', summary: 'Create the SQLite database (the default one, or the file --database-url names) or check the configured PostgreSQL, and show where the data lives', place: 'first' },
  { word: 'migrate', args: [], operation: '—', summary: 'Apply pending schema migrations to the configured database and say which, and where (every command also applies them on open)', place: 'first' },
  { word: 'watch', args: [], operation: '`list_changes`', summary: 'Stream committed changes as they happen, one line each (JSON Lines with --json), until interrupted; --after N resumes', place: 'last' },
  { word: 'call', args: ['<operation>', '[input]'], operation: 'any', summary: 'Run any operation by its catalog name with a JSON input', place: 'last' },
  { word: 'completion', args: [], operation: '—', summary: 'Print a bash/zsh completion script', place: 'last' },
];

/** The built-in command of that word (the README and `--help` read their summary from here). */
export function builtIn(word: string): BuiltInCommand {
  const command = BUILT_IN_COMMANDS.find((c) => c.word === word);
  if (!command) throw new Error(`no built-in command "${word}"`);
  return command;
}
