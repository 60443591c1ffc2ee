import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { STATE_DIR } from '../open/config.js';

/** Kept out of git: the database and cache change constantly and are rebuilt from the store. */
const STATE_GITIGNORE = '# Project Status: the local database and cache are not for git.\nstatus.db*\ncache.db*\n';

/**
 * Writes `.project-status/.gitignore` (database and cache files) when the
 * folder exists and has none yet, so `git status` never offers the binary
 * database for a commit. An existing `.gitignore` is left as the user made it.
 * Returns whether it wrote one.
 *
 * @example
 * keepStateOutOfGit('/path/to/project');
 */
export function keepStateOutOfGit(root: string): boolean {
  const dir = join(root, STATE_DIR);
  const file = join(dir, '.gitignore');
  if (!existsSync(dir) || existsSync(file)) return false;
  writeFileSync(file, STATE_GITIGNORE);
  return true;
}

/** True when `file` is the project's own local database folder (`<root>/.project-status/…`). */
export function isInStateDir(root: string, file: string): boolean {
  return dirname(resolve(file)) === resolve(root, STATE_DIR);
}
