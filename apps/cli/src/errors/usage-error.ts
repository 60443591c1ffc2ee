/** A command line yargs (or the CLI itself) cannot make sense of: exit 64. */
export class UsageError extends Error {
  /** The command words the user typed, so the hint can point at the right `--help`. */
  readonly command: string;

  constructor(message: string, command = '') {
    super(message);
    this.name = 'UsageError';
    this.command = command;
  }
}
