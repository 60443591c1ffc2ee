/**
 * The program of the `project-status` binary: reads the configuration once,
 * wires the real catalog, storage and streams into {@link createCli}, and
 * exits with the command's code. Storage is imported only when a command
 * opens the store, so `--help` never loads a database driver.
 *
 * Bundled whole into `dist/program.cjs`, which the bin (`dist/main.cjs`, the
 * shared launcher of `tooling/tsup`) runs with a code cache; CommonJS has no
 * top-level await, hence `main()`.
 */
import { catalog } from '@project-status/core';
import { createRequire } from 'node:module';
import { createCli } from './cli.js';
import { loadConfig } from './config.js';
import { EXIT_CODES } from './errors/exit-codes.js';

/** Read at run time: importing package.json would inline the whole source manifest into the bundle. */
const pkg = createRequire(import.meta.url)('../package.json') as { version: string };

const parsed = loadConfig(process.env);
if (!parsed.ok) {
  process.stderr.write(`error: ${parsed.message}\nnext: fix or unset that environment variable\n`);
  process.exit(EXIT_CODES.USAGE.exit);
}

const cli = createCli({
  operations: catalog,
  open: async (options) => (await import('@project-status/storage')).openProjectStatus(options),
  config: parsed.config,
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  version: pkg.version,
  onInterrupt: (handler) => {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
});

async function main(): Promise<void> {
  const code = await cli.run(process.argv.slice(2));
  // Exiting at once spares a short-lived command from waiting on idle pool timers, but a pipe to a
  // busy reader may still hold output (a 200 kB `--json` was seen cut short under load): wait until
  // everything written so far has been handed to the OS, then exit.
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise<void>((resolve) => (stream.writableLength === 0 ? resolve() : stream.write('', () => resolve())))));
  process.exit(code);
}

void main();
