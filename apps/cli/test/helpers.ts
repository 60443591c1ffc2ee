import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { createTestDatabase, POSTGRES_REQUIRED, postgresUnavailableReason, type TestDatabase } from '@project-status/storage/testing';

/** The built binary, exactly what `npm i -g` would put on the PATH. */
export const CLI = fileURLToPath(new URL('../dist/main.cjs', import.meta.url));

if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`pnpm turbo run build --filter @project-status/cli\` first`);

/** What one spawned command did. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `project-status …` as a child process with a clean environment (no
 * PROJECT_STATUS_* or colour variables leak in from the test runner).
 */
export function run(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Promise<RunResult> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env };
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env, encoding: 'utf8', timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A project directory and the flags that point the CLI at one engine's fresh database. */
export interface Project {
  engine: 'sqlite' | 'postgres';
  /** The project root (a temp directory, removed by `drop`). */
  dir: string;
  /** Global flags every command of the project gets (`--database-url` for PostgreSQL). */
  flags: string[];
  /** Runs a command in the project. */
  cli(...args: string[]): Promise<RunResult>;
  /** Runs a command with `--json`, expects exit 0 and returns the parsed stdout. */
  json<T = Record<string, unknown>>(...args: string[]): Promise<T>;
  drop(): Promise<void>;
}

/**
 * A fresh project: SQLite in a temp directory by default (the CLI creates
 * `.project-status/status.db` itself), or a brand-new PostgreSQL database
 * passed with `--database-url`.
 */
export async function createProject(engine: 'sqlite' | 'postgres', label: string): Promise<Project> {
  let db: TestDatabase | undefined;
  let dir: string;
  const flags: string[] = [];
  if (engine === 'postgres') {
    db = await createTestDatabase('postgres', label);
    dir = db.root;
    flags.push('--database-url', db.url);
  } else {
    dir = mkdtempSync(join(tmpdir(), 'ps-cli-'));
  }
  const cli = (...args: string[]) => run([...args, ...flags], { cwd: dir });
  return {
    engine,
    dir,
    flags,
    cli,
    async json<T>(...args: string[]) {
      const r = await cli(...args, '--json');
      if (r.code !== 0) throw new Error(`project-status ${args.join(' ').slice(0, 300)} exited ${r.code}: ${r.stderr.slice(0, 2000)}`);
      return JSON.parse(r.stdout) as T;
    },
    async drop() {
      if (db) await db.drop();
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

const pgReason = await postgresUnavailableReason();

/**
 * A suite bound to one engine. The PostgreSQL suite is skipped (with the
 * reason printed) when PostgreSQL is unreachable — except under CI, where it
 * must fail instead. Suites live in one file per engine so vitest runs the
 * engines in parallel.
 */
export function describeEngine(engine: 'sqlite' | 'postgres', name: string, body: () => void): void {
  const skip = engine === 'postgres' && pgReason !== null && !POSTGRES_REQUIRED;
  if (skip) console.warn(`[skip] ${name} [postgres]: ${pgReason}`);
  // Every step spawns node processes (a PostgreSQL open loads MikroORM): on a busy machine a
  // step can take several seconds, so the suites get more time than the in-process default.
  (skip ? describe.skip : describe)(`${name} [${engine}]`, { timeout: 120_000 }, body);
}

/** Parses the `--json` error object a failing command writes to stderr. */
export function jsonError(r: RunResult): { code: string; message: string; details: Record<string, unknown>; exit_code: number; next: string } {
  return (JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { error: ReturnType<typeof jsonError> }).error;
}
