import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/**
 * Starts `node args…` and resolves with the first line of `stream` that
 * `match` turns into a base URL. The stream keeps being drained afterwards
 * (the HTTP server logs every request to stderr; an unread pipe would stall it).
 */
export async function startServer(args: string[], stream: 'stdout' | 'stderr', match: (line: string) => string | null): Promise<{ base: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', stream === 'stdout' ? 'pipe' : 'ignore', stream === 'stderr' ? 'pipe' : 'ignore'] });
  const lines = createInterface({ input: child[stream]! });
  const seen: string[] = [];
  const base = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code} before listening:\n${seen.join('\n')}`)));
    lines.on('line', (line) => {
      if (seen.length < 20) seen.push(line);
      const url = match(line);
      if (url) resolve(url);
    });
  });
  return { base, child };
}

/** Stops a server started by {@link startServer} and waits for it to exit. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}
