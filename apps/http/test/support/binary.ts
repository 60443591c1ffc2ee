import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The built binary, as `npm i -g` would install it. */
export const MAIN = fileURLToPath(new URL('../../dist/main.js', import.meta.url));

/** Throws when the binary has not been built (the root `pnpm test` builds first). */
export function requireBuiltBinary(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (pnpm turbo run build, or pnpm test at the root)`);
}

/** A running binary and everything it wrote to stderr so far. */
export interface Running {
  child: ChildProcessWithoutNullStreams;
  stderr: () => string;
  base: string;
}

/** Every server started through {@link startServer}; tests stop them with {@link stopAll} after each test. */
const started: Running[] = [];

/** Spawns the binary with only what it needs: no PROJECT_STATUS_* leaks in from the developer's shell. */
export function runBinary(args: string[], env: Record<string, string> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [MAIN, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: 'pipe' });
}

/** Starts the server on a free port and resolves once it logs where it listens. */
export async function startServer(args: string[], env: Record<string, string> = {}): Promise<Running> {
  const child = runBinary(['--port', '0', ...args], env);
  let err = '';
  child.stderr.setEncoding('utf8');
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line within 15 s; stderr:\n${err}`)), 15_000);
    child.stderr.on('data', (chunk: string) => {
      err += chunk;
      const match = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code} before listening; stderr:\n${err}`)));
  });
  const running = { child, stderr: () => err, base };
  started.push(running);
  return running;
}

/** Stops one server with SIGTERM; resolves with its exit code. */
export function stop(running: Running): Promise<number | null> {
  return new Promise((resolve) => {
    if (running.child.exitCode !== null) return resolve(running.child.exitCode);
    running.child.on('exit', (code) => resolve(code));
    running.child.kill('SIGTERM');
  });
}

/** Stops every server started so far (call it in `afterEach`). */
export async function stopAll(): Promise<void> {
  for (const running of started.splice(0)) await stop(running);
}
