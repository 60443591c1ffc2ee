import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { z } from 'zod';
import { lazySchema, ValidationError, validationErrorFromZod } from '@project-status/core';
import type { DatabaseTarget } from '../orm/config.js';
import { checkSchemaName, splitSchemaFromUrl } from './schema.js';

/** Folder beside the project that holds the database, cache and config. */
export const STATE_DIR = '.project-status';

/** `.project-status/config.json` */
export const ProjectConfigFile = lazySchema(() => z.strictObject({
  databaseUrl: z.string().min(1).optional(),
  clientId: z.string().min(1).max(100).optional(),
}));
export type ProjectConfigFile = z.infer<typeof ProjectConfigFile>;

/**
 * The project root: the nearest folder upwards (from `start`) holding `.git`
 * or `.project-status`, else `start` itself.
 */
export function findProjectRoot(start: string): string {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git')) || existsSync(join(dir, STATE_DIR))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start);
    dir = parent;
  }
}

/** Reads `.project-status/config.json` under `root`, if present. */
export function readConfigFile(root: string): ProjectConfigFile {
  const file = join(root, STATE_DIR, 'config.json');
  if (!existsSync(file)) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw ValidationError.field('config.json', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = ProjectConfigFile.safeParse(raw);
  if (!parsed.success) throw validationErrorFromZod(parsed.error, 'config.json');
  return parsed.data;
}

/** `scheme://` at the start of a value: a URL, not a path. */
const URL_SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Turns a database URL (or a path) into a target. A URL whose scheme is
 * neither PostgreSQL's nor SQLite's is refused: taken as a path it would
 * quietly create a private SQLite file (`./mysql:/host/db`) where the user
 * meant a shared server.
 */
export function parseDatabaseUrl(url: string, root: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) return { engine: 'postgres', ...splitSchemaFromUrl(url) };
  if (url === ':memory:') return { engine: 'sqlite', file: ':memory:' };
  const scheme = URL_SCHEME.exec(url)?.[1]?.toLowerCase();
  if (scheme && scheme !== 'sqlite' && scheme !== 'file') {
    throw ValidationError.field(
      'databaseUrl',
      `"${scheme}://" is not a database this tool can use; use postgres://user@host:5432/db (or postgresql://) for PostgreSQL, or sqlite:path/to/file.db for SQLite`,
      { scheme },
    );
  }
  const path = url.replace(/^sqlite:(\/\/)?/i, '').replace(/^file:(\/\/)?/i, '');
  if (!path) throw ValidationError.field('databaseUrl', `"${url}" names no database; use postgres://… or sqlite:path/to/file.db`);
  return { engine: 'sqlite', file: isAbsolute(path) ? path : resolve(root, path) };
}

export interface ResolveOptions {
  /** Explicit URL (`--database-url`); wins over everything. */
  databaseUrl?: string;
  /** Project root; found from `cwd` when absent. */
  root?: string;
  cwd?: string;
  /** Environment to read `PROJECT_STATUS_DATABASE_URL` from (default: none — apps pass theirs). */
  env?: Record<string, string | undefined>;
  /**
   * PostgreSQL only: the schema our tables, functions and migrations table
   * live in (created if missing); wins over `?schema=` in the URL. Default:
   * the server's `search_path` (usually `public`). Ignored for SQLite.
   */
  schema?: string;
}

export interface ResolvedTarget {
  root: string;
  target: DatabaseTarget;
  /** Where the choice came from, for `health_check` and error messages. */
  origin: 'option' | 'env' | 'config-file' | 'default' | 'host';
  configFile: ProjectConfigFile;
}

/** Option → `PROJECT_STATUS_DATABASE_URL` → config.json → `.project-status/status.db` under the root. */
export function resolveTarget(options: ResolveOptions = {}): ResolvedTarget {
  const resolved = resolveUrl(options);
  if (options.schema !== undefined && resolved.target.engine === 'postgres') resolved.target.schema = checkSchemaName(options.schema, 'schema');
  return resolved;
}

function resolveUrl(options: ResolveOptions): ResolvedTarget {
  const root = options.root ? resolve(options.root) : findProjectRoot(options.cwd ?? process.cwd());
  const configFile = readConfigFile(root);
  const fromEnv = options.env?.PROJECT_STATUS_DATABASE_URL;
  if (options.databaseUrl) return { root, target: parseDatabaseUrl(options.databaseUrl, root), origin: 'option', configFile };
  if (fromEnv) return { root, target: parseDatabaseUrl(fromEnv, root), origin: 'env', configFile };
  if (configFile.databaseUrl) return { root, target: parseDatabaseUrl(configFile.databaseUrl, root), origin: 'config-file', configFile };
  return { root, target: { engine: 'sqlite', file: join(root, STATE_DIR, 'status.db') }, origin: 'default', configFile };
}
