import { existsSync, realpathSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ValidationError, type ProjectFiles } from '@project-status/core';

/** The nearest existing ancestor's real path, so symlinks cannot smuggle a path out of the root. */
function realOrParent(path: string): string {
  let p = path;
  const rest: string[] = [];
  while (!existsSync(p)) {
    const parent = dirname(p);
    if (parent === p) break;
    rest.unshift(p.slice(parent.length + 1));
    p = parent;
  }
  return resolve(realpathSync(p), ...rest);
}

/** {@link ProjectFiles} on the local file system, confined to `root`. */
export function createProjectFiles(root: string): ProjectFiles {
  const realRoot = realpathSync(resolve(root));
  const confine = (path: string): string => {
    if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) throw ValidationError.field('path', 'must be a non-empty file path');
    const target = realOrParent(isAbsolute(path) ? resolve(path) : resolve(realRoot, path));
    const rel = relative(realRoot, target);
    if (rel === '') throw ValidationError.field('path', `"${path}" is the project root folder ${realRoot}, not a file; give the path of a file inside it`, { root: realRoot });
    if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) {
      throw ValidationError.field('path', `"${path}" is outside the project root ${realRoot}; give a path inside it`, { root: realRoot });
    }
    return target;
  };
  return {
    root: realRoot,
    resolve: confine,
    exists: async (path) => existsSync(confine(path)),
    readText: async (path) => readFile(confine(path), 'utf8'),
    async writeTextAtomic(path, content) {
      const target = confine(path);
      await mkdir(dirname(target), { recursive: true });
      const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
      try {
        await writeFile(tmp, content, 'utf8');
        await rename(tmp, target);
      } catch (error) {
        await rm(tmp, { force: true });
        throw error;
      }
    },
  };
}
