/**
 * Stand-in for `node:assert` inside the bundled yargs (see tsup.config.ts):
 * yargs imports it only for two internal sanity checks, and loading Node's
 * assert module (its error class, colour and diff helpers) cost a few
 * milliseconds of every cold start.
 */
export function strictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (actual !== expected) throw new Error(message ?? `expected ${String(actual)} to be ${String(expected)}`);
}

export function notStrictEqual(actual: unknown, expected: unknown, message?: string): void {
  if (actual === expected) throw new Error(message ?? `expected a value other than ${String(expected)}`);
}
