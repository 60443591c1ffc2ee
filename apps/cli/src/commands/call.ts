import { describeServed, isFallbackAnswer, ValidationError, type ServedBy } from '@project-status/core';
import { globalFlags, openStore } from '../store.js';
import type { CommandLine } from './command-line.js';
import { reportFailure, type RunContext } from './execute.js';

/**
 * `project-status call <operation> [input]`: any operation in
 * `ps.operations` by name with a JSON input — the escape hatch for
 * operations that have no command of their own yet, and the MCP view of the
 * CLI.
 */
export async function runCall(ctx: RunContext, argv: Readonly<Record<string, unknown>>): Promise<number> {
  const { deps } = ctx;
  const json = argv.json === true;
  try {
    const flags = globalFlags(argv, deps);
    const raw = typeof argv.input === 'string' ? argv.input : '{}';
    let input: unknown;
    try {
      input = JSON.parse(raw);
    } catch (error) {
      throw ValidationError.field('input', `<input> is not valid JSON (${(error as Error).message})`, { flag: '<input>' });
    }
    const ps = await openStore(deps, flags, { fallback: true });
    try {
      const name = String(argv.operation);
      let served: ServedBy | undefined;
      const result = await ps.call(name, input, { actor: ps.clientId, onServed: (s) => (served = s) });
      if (isFallbackAnswer(served)) deps.stderr.write(`notice: ${describeServed(served)}\n`);
      if (json) deps.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const { renderResult } = await import('../output/render.js');
        const hasRows = result !== null && typeof result === 'object' && Object.values(result).some(Array.isArray);
        const line: CommandLine = { words: ['call'], operation: name };
        deps.stdout.write(`${await renderResult(hasRows ? 'list' : 'record', result, line, ctx.palette)}\n`);
      }
      return 0;
    } finally {
      await ps.close();
    }
  } catch (error) {
    return reportFailure(ctx, error, 'call', json);
  }
}
