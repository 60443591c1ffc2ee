/**
 * Every failure a caller can act on is a {@link DomainError}: a stable `code`,
 * a human `message` that says what failed, what was expected and what was
 * received, and machine-readable `details`. Adapters map `code` to their
 * protocol (HTTP status, MCP tool error, CLI exit code) through one table each.
 */
export type ErrorCode =
  | 'VALIDATION_ERROR'
  | 'NOT_FOUND'
  | 'VERSION_CONFLICT'
  | 'CONFLICT'
  | 'DATABASE_ERROR';

/** The JSON shape of an error, identical on every surface. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>;
}

/**
 * The next step that resolves an error, as data: the catalog operation to
 * call and the input that matters. Core never words it for a surface; each
 * adapter does, from its own table (MCP: tool and field names; CLI: the
 * command and flags; HTTP: the route and its query or body fields).
 *
 * @example { operation: 'update_work_item', input: { id, version: 3, delete: true, cascade: true }, purpose: 'delete the whole subtree' }
 */
export interface ErrorHint {
  /** Catalog operation (the MCP tool name) that resolves the error. */
  operation: string;
  /** Input for it: the fields to set, and ids or the version when known. */
  input: Record<string, unknown>;
  /** What calling it achieves, in plain words ("delete the whole subtree"). */
  purpose: string;
}

/**
 * True when an adapter's table entry (a command line, a route) runs the
 * hint's operation and what it fixes itself agrees with the hint's input
 * (`work delete` fixes `delete: true`). The adapters word a hint with the
 * first entry that agrees and whose own fields cover the rest of the input.
 */
export function entryFitsHint(hint: ErrorHint, entry: { operation: string; fixed?: Readonly<Record<string, unknown>> }): boolean {
  return entry.operation === hint.operation && Object.entries(entry.fixed ?? {}).every(([field, value]) => hint.input[field] === value);
}

/** Base class of all expected failures. */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  /** What to do about it, when one operation call resolves it; not part of the wire body, each surface words it. */
  hint?: ErrorHint;

  protected constructor(message: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }

  /** Attaches the next step; returns the error so it can be thrown in one expression. */
  withHint(hint: ErrorHint): this {
    this.hint = hint;
    return this;
  }

  /** The wire form: `{ code, message, details }`. */
  toJSON(): ErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** One field-level problem of a {@link ValidationError}. */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `metadata.token_budget`. */
  path: string;
  message: string;
}

/** Input that breaks a schema or a rule; nothing was written. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_ERROR' as const;
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) {
    super(message, { issues, ...extra });
    this.issues = issues;
  }

  /** A single-field problem. */
  static field(path: string, message: string, extra: Record<string, unknown> = {}): ValidationError {
    return new ValidationError(`${path}: ${message}`, [{ path, message }], extra);
  }

  /** A rule that spans fields (a cycle, a depth limit). */
  static rule(message: string, details: Record<string, unknown> = {}): ValidationError {
    return new ValidationError(message, [], details);
  }
}

/** The addressed entity does not exist (or is deleted and was not asked for). */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }

  static entity(entity: string, key: string, value: string): NotFoundError {
    return new NotFoundError(`${entity} with ${key} "${value}" was not found`, { entity, [key]: value });
  }
}

/** Details of a {@link VersionConflictError}. */
export interface VersionConflictDetails {
  entity: string;
  id: string;
  expected_version: number;
  current_version: number;
  last_updated_by: string | null;
  updated_at: string | null;
}

/**
 * The entity changed since the caller read it. Nothing was written; re-read,
 * re-apply the change and retry with the current version.
 */
export class VersionConflictError extends DomainError {
  readonly code = 'VERSION_CONFLICT' as const;
  declare readonly details: VersionConflictDetails & Record<string, unknown>;

  constructor(message: string, details: VersionConflictDetails) {
    super(message, { ...details });
  }

  /** @example VersionConflictError.mismatch({ entity: 'work_item', id, expected_version: 3, current_version: 4, last_updated_by: 'cli', updated_at }) */
  static mismatch(details: VersionConflictDetails): VersionConflictError {
    const who = details.last_updated_by ? ` by ${details.last_updated_by}` : '';
    const when = details.updated_at ? ` at ${details.updated_at}` : '';
    return new VersionConflictError(
      `${details.entity} ${details.id} is at version ${details.current_version}, not ${details.expected_version}: ` +
        `it was changed${who}${when}. Re-read it, re-apply your change and retry with version ${details.current_version}.`,
      details,
    );
  }
}

/** A uniqueness or state conflict (duplicate name, item already claimed). */
export class ConflictError extends DomainError {
  readonly code = 'CONFLICT' as const;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, details);
  }

  static duplicate(entity: string, key: string, value: string): ConflictError {
    return new ConflictError(`${entity} with ${key} "${value}" already exists`, { entity, [key]: value, reason: 'duplicate' });
  }
}

/** The store failed or is unreachable; the operation may be retried. */
export class DatabaseError extends DomainError {
  readonly code = 'DATABASE_ERROR' as const;

  constructor(message: string, details: Record<string, unknown> = {}, cause?: unknown) {
    super(message, details, { cause });
  }
}

/**
 * The class names as written. A bundler may rename a class it emits
 * (esbuild gives a class that refers to itself `_ValidationError`), and
 * `name` (set from `new.target.name`), the stack's first line and the class's
 * own `name` would then show that. Fixing the class's `name` keeps
 * subclassing working: a subclass still gets its own name.
 */
for (const [errorClass, name] of [
  [DomainError, 'DomainError'],
  [ValidationError, 'ValidationError'],
  [NotFoundError, 'NotFoundError'],
  [VersionConflictError, 'VersionConflictError'],
  [ConflictError, 'ConflictError'],
  [DatabaseError, 'DatabaseError'],
] as const) {
  Object.defineProperty(errorClass, 'name', { value: name, configurable: true });
}

/** True for any {@link DomainError}. */
export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
