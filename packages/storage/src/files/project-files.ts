import { existsSync, realpathSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { ValidationError, decodeUtf8, type ProjectFiles } from '@project-status/core';

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

/**
 * Flushes a folder's entries (a rename) to disk. Some platforms cannot open a
 * folder for syncing (Windows: EPERM/EISDIR); there the rename is as durable
 * as the OS makes it.
 */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    if (!['EPERM', 'EISDIR', 'EINVAL', 'EACCES'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `content` to `target` so that a crash leaves either the old file or
 * the new one, never a torn or empty one: the temp file's data is fsynced
 * before the rename (else the rename can reach the disk before the data), and
 * the folder after it (else the rename itself can be lost).
 */
async function writeDurably(target: string, content: string): Promise<void> {
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const tmp = `${target}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, target);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  await syncFolder(dir);
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
    // Strict: a lossy read would turn a Latin-1 byte into U+FFFD, and every caller writes what it read back (import, report notes, AGENTS.md).
    readText: async (path) => {
      const target = confine(path);
      return decodeUtf8(await readFile(target), 'path', path === target ? `"${path}"` : `"${path}" (${target})`, 'save it as UTF-8 (e.g. iconv -f latin1 -t utf-8) and try again; nothing was read from it or written');
    },
    writeTextAtomic: (path, content) => writeDurably(confine(path), content),
  };
}
