import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database } from 'better-sqlite3';
import { ConflictError } from '@project-status/core';

type DatabaseConstructor = new (filename: string | Buffer, options?: { readonly?: boolean; fileMustExist?: boolean }) => Database;

/**
 * Whether this process may write the SQLite file: the file itself and its
 * folder (SQLite creates `-wal`/`-shm` beside it). A missing file is
 * writable when it can be created.
 */
export function canWriteSqlite(file: string): boolean {
  try {
    if (existsSync(file)) accessSync(file, constants.W_OK);
    accessSync(dirname(file), constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The error for any write to a read-only SQLite database: not retryable (a
 * retry meets the same file), with the path and what to do.
 */
export function readOnlyDatabaseError(file: string, pendingMigrations: readonly string[] = []): ConflictError {
  const fix = `make both writable (e.g. chmod u+w "${file}" "${dirname(file)}"), or run as the user who owns them`;
  if (pendingMigrations.length > 0) {
    return new ConflictError(
      `the SQLite database ${file} needs the migration(s) ${pendingMigrations.join(', ')}, but it is read-only for this user (the file or its folder is not writable), so it cannot be opened; ${fix}, open it once to migrate it, and it can be read read-only again`,
      { reason: 'read_only', path: file, pending_migrations: pendingMigrations },
    );
  }
  return new ConflictError(
    `the SQLite database ${file} is read-only for this user (the file or its folder is not writable), so nothing was written; reads still work. To write, ${fix}`,
    { reason: 'read_only', path: file },
  );
}

/** True for SQLite's "attempt to write a readonly database" family. */
export function isReadOnlyFailure(error: unknown): boolean {
  return String((error as { code?: unknown }).code ?? '').startsWith('SQLITE_READONLY');
}

/**
 * Opens a SQLite file read-only. A WAL database needs its `-shm` index,
 * which a reader creates beside the file; when the folder is not writable
 * either and no writer left one there, SQLite cannot open it at all, so the
 * file is read into memory instead (a snapshot of it as it is now: no
 * process can be writing it, for a writer would have left the `-shm`).
 */
export function openSqliteReadOnly(Sqlite: DatabaseConstructor, file: string): Database {
  let db: Database | undefined;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
    db.prepare('select count(*) from sqlite_master').get();
    return db;
  } catch (error) {
    db?.close();
    const code = String((error as { code?: unknown }).code ?? '');
    if (!isReadOnlyFailure(error) && code !== 'SQLITE_CANTOPEN') throw error;
  }
  const image = readFileSync(file);
  // Bytes 18–19 say "WAL"; an in-memory database cannot be one, and a snapshot needs no log.
  if (image.length >= 20 && image[18] === 2) image[18] = image[19] = 1;
  return new Sqlite(image, { readonly: true });
}
