import { ConflictError, DatabaseError, isDomainError, ValidationError, VersionConflictError, type DomainError } from '@project-status/core';

interface DriverError {
  name?: string;
  code?: string;
  message?: string;
  constraint?: string;
  detail?: string;
  entity?: { id?: string; version?: number };
}

/**
 * The boundary where engine and ORM failures become domain errors: callers of
 * the store only ever see a {@link DomainError}.
 */
export function translateError(error: unknown): DomainError {
  if (isDomainError(error)) return error;
  const e = (error ?? {}) as DriverError;
  const code = String(e.code ?? '');
  const message = e.message ?? String(error);
  // MikroORM's unit-of-work version check (used by code that flushes entities).
  if (e.name === 'OptimisticLockError') {
    return VersionConflictError.mismatch({
      entity: 'entity',
      id: String(e.entity?.id ?? ''),
      expected_version: Number(e.entity?.version ?? 0),
      current_version: -1,
      last_updated_by: null,
      updated_at: null,
    });
  }
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.name === 'UniqueConstraintViolationException') {
    return new ConflictError(`a record with the same unique key already exists (${e.constraint ?? e.detail ?? message})`, { reason: 'duplicate', constraint: e.constraint });
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new ConflictError(`the change would leave a dangling reference (${e.constraint ?? message}); re-read and retry`, { reason: 'foreign_key', constraint: e.constraint });
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK' || code === '22P02' || code === '22001') {
    return ValidationError.rule(`the database rejected a value: ${message}`, { constraint: e.constraint });
  }
  switch (classifyFailure(error)) {
    case 'busy':
      return new DatabaseError(`the database was busy (${busyCause(code)}: ${message}); nothing was written, retry it`, { retryable: true, code, reason: 'database_busy' }, error);
    case 'unreachable':
      // A SQLite file that cannot be read keeps the driver's words (they name the file's problem), below.
      if (isConnectionCode(code) || !code) {
        return new DatabaseError(`the database is unreachable (${message}); check the database URL and that the server is running`, { retryable: true, code: code || 'CONNECTION_LOST' }, error);
      }
      break;
    case 'misconfigured':
      return new DatabaseError(`${misconfiguration(code, message)}; this is not an outage, so no retry helps until it is fixed`, { retryable: false, code: code || undefined, reason: 'database_misconfigured' }, error);
    default:
  }
  return new DatabaseError(`database error: ${message}`, { code: code || undefined }, error);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'EHOSTDOWN']);

/**
 * Bounds hit while waiting for the database (postgres-executor.ts, the
 * ping): the server is frozen, gone, or the network between drops packets.
 * 25P03 ends the session itself. A statement the server cancelled
 * (statement_timeout, 57014) is not here: the server answered.
 */
const WAIT_CODES = new Set(['CONNECT_TIMEOUT', 'ANSWER_TIMEOUT', 'POOL_TIMEOUT', 'PING_TIMEOUT', 'CONNECTION_LOST', '25P03']);

/** A SQLite file that is gone or unreadable: cannot be opened, is not (or no longer) a database, or the disk fails. */
const SQLITE_UNREADABLE = /^SQLITE_(CANTOPEN|NOTADB|CORRUPT|IOERR)/;
/** The folder or file of a SQLite database cannot be made or reached while opening it. */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'ENOTDIR', 'EISDIR', 'EEXIST']);

/**
 * Messages of node-postgres errors that carry no code: a connection the
 * server or the network closed (an outage), and TLS set-ups the server
 * refuses (a configuration error).
 */
const LOST_CONNECTION = /^Connection terminated|connection error and is not queryable|Connection terminated unexpectedly/;
const TLS_MISMATCH = /does not support SSL connections|SSL is not enabled on the server/;
/** A URL the driver cannot use (a port out of range, say): no connection was even tried. */
const BAD_URL_CODES = new Set(['ERR_INVALID_URL', 'ERR_SOCKET_BAD_PORT']);
const TLS_CERT_CODES = /CERT|SELF_SIGNED|ERR_TLS_|UNABLE_TO_(GET|VERIFY)/;

/** Whether a driver code, or the code a {@link DatabaseError} carries in `details.code`, means the connection itself failed. */
function isConnectionCode(code: string): boolean {
  return NETWORK_CODES.has(code) || WAIT_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03';
}

/**
 * What a failure says about the database (docs/outage-layers.md, "What
 * counts as an outage"):
 * - `unreachable`: the connection failed — refused, reset, timed out, host
 *   or network unreachable, the server shutting down or not yet accepting
 *   (57P01/57P02/57P03), a connection exception (08xxx), a SQLite file
 *   that is gone or unreadable. Only this is an outage.
 * - `busy`: a reachable database refused this attempt for a moment — a
 *   SQLite write lock held by another process, a serialization failure
 *   (40001), a deadlock (40P01), a lock or statement timeout, too many
 *   connections. Retryable, never an outage.
 * - `misconfigured`: the server answered, and no retry helps until someone
 *   fixes the setup — the database does not exist (3D000), the role or the
 *   password is wrong (28000/28P01), TLS is required or refused, the URL
 *   cannot be used (a port out of range).
 * - `other`: everything else (a refusal, a bug).
 * Accepts a driver error or a {@link DatabaseError} (its `details.code`).
 */
export function classifyFailure(error: unknown): 'unreachable' | 'busy' | 'misconfigured' | 'other' {
  if (error === null || typeof error !== 'object') return 'other';
  const e = error as DriverError & { details?: { code?: unknown; reason?: unknown } };
  // A domain error by class, or by shape when another copy of core made it (a bundle).
  const domain = isDomainError(error) || (typeof e.details === 'object' && e.details !== null);
  if (domain) {
    if (e.details?.reason === 'database_busy') return 'busy';
    if (e.details?.reason === 'database_misconfigured') return 'misconfigured';
    if (e.code !== 'DATABASE_ERROR') return 'other';
  }
  const code = String((domain ? e.details?.code : e.code) ?? '');
  const message = String(e.message ?? '');
  if (code === '40001' || code === '40P01' || code === '55P03' || code === '57014' || code === '53300' || /^SQLITE_(BUSY|LOCKED)/.test(code)) return 'busy';
  if (code === '3D000' || code === '28000' || code === '28P01' || TLS_CERT_CODES.test(code) || BAD_URL_CODES.has(code)) return 'misconfigured';
  if (isConnectionCode(code) || SQLITE_UNREADABLE.test(code) || FILE_CODES.has(code)) return 'unreachable';
  if (domain) return 'other';
  if (TLS_MISMATCH.test(message) || /password must be a string|password authentication failed/.test(message)) return 'misconfigured';
  if (!code && LOST_CONNECTION.test(message)) return 'unreachable';
  return 'other';
}

/**
 * Whether `error` means the database could not be reached or read — an
 * outage the layers answer for and the outbox queues writes through. Only a
 * failed connection counts (refused, reset, timed out, unreachable, a server
 * shutting down, a SQLite file gone or unreadable; see `classifyFailure`). A
 * reachable database that refuses — it does not exist, the credentials or
 * TLS are wrong, a lock is held, a serialization failure or a deadlock — is
 * not an outage: its error reaches the caller as it is, so a typo never
 * serves another store's data and a busy moment never queues a write.
 */
export function isOutage(error: unknown): error is DomainError {
  return (error as { code?: unknown } | null)?.code === 'DATABASE_ERROR' && classifyFailure(error) === 'unreachable';
}

/** What a `busy` failure was, in words. */
function busyCause(code: string): string {
  if (code.startsWith('SQLITE_')) return 'another connection holds a lock on the SQLite file';
  if (code === '40001') return 'a serialization failure';
  if (code === '40P01') return 'a deadlock with another transaction';
  if (code === '55P03') return 'a row or table lock was not available';
  if (code === '57014') return 'the server cancelled a statement that ran too long';
  if (code === '53300') return 'the server has no free connection slot';
  return 'a concurrent transaction';
}

/** What is wrong with a `misconfigured` connection and what to do; "the database URL" is replaced by where it came from when opening. */
function misconfiguration(code: string, message: string): string {
  if (code === '3D000') {
    const name = /database "(.+)" does not exist/.exec(message)?.[1] ?? '<name>';
    return `the server answered, but ${message}: check the database name in the database URL for a typo, or create that database (\`createdb ${name}\`) and run \`project-status init\` to set up its schema`;
  }
  if (BAD_URL_CODES.has(code)) return `the database URL cannot be used (${message}): check its host, port and parameters`;
  if (code === '28000' || code === '28P01' || /password/.test(message)) {
    return `the server refused the credentials (${message}): check the user name and password in the database URL, or create the role on the server`;
  }
  return `the server refused the connection's TLS set-up (${message}): check sslmode in the database URL against what the server offers`;
}

/** Errors our executors caught from the database driver or connection (a statement, connect, begin, commit). */
const raisedByDriver = new WeakSet<object>();

/**
 * Marks `error` as raised by our database driver or connection; the
 * executors call it where they call the driver. Returns `error`.
 */
export function fromDriver<E>(error: E): E {
  if (error !== null && typeof error === 'object') raisedByDriver.add(error);
  return error;
}

/**
 * Whether `error` came from our database driver or connection (marked by
 * {@link fromDriver} at the executor boundary), as opposed to an embedding
 * program's own error. Decided by where the error was raised, never by its
 * `code` or `name`: a host's error with `code: 'ETIMEDOUT'`, `'40001'` or
 * `'SQLITE_BUSY'` is still the host's.
 */
export function isDatabaseFailure(error: unknown): boolean {
  return error !== null && typeof error === 'object' && !isDomainError(error) && raisedByDriver.has(error);
}

/** Runs `fn`, translating any failure. */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateError(error);
  }
}
