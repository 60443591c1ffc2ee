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
  if (code === '40001' || code === '40P01' || code.startsWith('SQLITE_BUSY')) {
    return new DatabaseError(`the database was too busy to finish the write; retry it (${message})`, { retryable: true, code }, error);
  }
  if (['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', '57P01', '57P03', '08006', '08001', '3D000', '28P01'].includes(code)) {
    return new DatabaseError(`the database is unreachable (${message}); check the database URL and that the server is running`, { retryable: true, code }, error);
  }
  return new DatabaseError(`database error: ${message}`, { code: code || undefined }, error);
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH']);

/**
 * Whether `error` came from a database driver or the ORM (a PostgreSQL
 * SQLSTATE, a SQLite result code, a network failure, a MikroORM driver
 * exception), as opposed to an embedding program's own error.
 */
export function isDatabaseFailure(error: unknown): boolean {
  if (isDomainError(error) || error === null || typeof error !== 'object') return false;
  const { code, name } = error as DriverError;
  if (typeof code === 'string' && (/^SQLITE_/.test(code) || /^[0-9A-Z]{5}$/.test(code) || NETWORK_CODES.has(code))) return true;
  return name === 'SqliteError' || name === 'DatabaseError' || (typeof name === 'string' && name.endsWith('Exception') && 'sqlState' in error);
}

/** Runs `fn`, translating any failure. */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateError(error);
  }
}
