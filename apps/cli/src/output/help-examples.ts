/** Width of help text: the terminal's, capped so lines stay readable; 100 when not a terminal. */
export function helpWidth(columns: number | undefined): number {
  return Math.min(110, columns ?? 100);
}

/** The shell words of a command line, quoted parts kept whole (`--title "a b"` is two words). */
export function shellTokens(command: string): string[] {
  return command.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? [];
}

/**
 * The examples of a command's help, as an epilog block: each description as
 * a `#` comment line, then the command, broken between shell words with a
 * ` \` continuation where it would pass `width` — never inside a word, so
 * every line can be pasted into a shell as it is. (yargs' own example
 * column is half the width and breaks long words, e.g. JSON, anywhere.)
 *
 * @example formatExamples([['project-status work ready', 'what can be done now']], 100)
 * // → 'Examples:\n  # what can be done now\n  project-status work ready\n'
 */
export function formatExamples(examples: readonly (readonly [string, string])[], width: number): string {
  const lines = ['Examples:'];
  for (const [command, what] of examples) {
    lines.push(`  # ${what}`);
    let current = '  ';
    for (const token of shellTokens(command)) {
      const sep = current.trim() ? ' ' : '';
      // Room for the " \" continuation at the end of a broken line.
      if (current.trim() && current.length + sep.length + token.length + 2 > width) {
        lines.push(`${current} \\`);
        current = `      ${token}`;
      } else {
        current += sep + token;
      }
    }
    lines.push(current);
  }
  return `${lines.join('\n')}\n`;
}
