import { isDomainError, type ErrorCode } from '@project-status/core';

/**
 * The one mapping from error codes to HTTP statuses. Domain codes come from
 * core; the protocol codes below exist only at the HTTP boundary (a missing
 * token or an oversize body has no meaning to a service).
 */
export type ProtocolErrorCode =
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'METHOD_NOT_ALLOWED'
  | 'PRECONDITION_REQUIRED'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL_ERROR';

/** Every code an HTTP error body can carry. */
export type HttpErrorCode = ErrorCode | ProtocolErrorCode;

/** The JSON body of every error response: `{ code, message, details }`, plus `next` when one request resolves it. */
export interface HttpErrorBody {
  code: HttpErrorCode;
  message: string;
  details: Record<string, unknown>;
  /** The request that resolves the error, e.g. `DELETE /work-items/<id>?cascade=true with If-Match: "2"`. */
  next?: string;
}

/** Code → status. VERSION_CONFLICT is 409 here and becomes 412 on an If-Match write (see {@link statusFor}). */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  DATABASE_ERROR: 503,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  METHOD_NOT_ALLOWED: 405,
  PRECONDITION_REQUIRED: 428,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_ERROR: 500,
} as const satisfies Record<HttpErrorCode, number>;

/** HTTP status codes the API answers errors with. */
export type ErrorStatus = (typeof ERROR_STATUS)[HttpErrorCode] | 412;

/**
 * The status for an error code. A version conflict on a request that carried
 * `If-Match` is the precondition failing (412, RFC 9110 §13.1.1); elsewhere it
 * is a plain conflict (409).
 */
export function statusFor(code: HttpErrorCode, context: { ifMatch?: boolean } = {}): ErrorStatus {
  if (code === 'VERSION_CONFLICT' && context.ifMatch) return 412;
  return ERROR_STATUS[code];
}

/** An error raised by the HTTP layer itself, carrying its protocol code. */
export class HttpError extends Error {
  constructor(
    readonly code: HttpErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }

  /** The wire form. */
  toJSON(): HttpErrorBody {
    return { code: this.code, message: this.message, details: this.details };
  }
}

const DOMAIN_CODES = new Set<string>(['VALIDATION_ERROR', 'NOT_FOUND', 'VERSION_CONFLICT', 'CONFLICT', 'DATABASE_ERROR']);

/**
 * Any thrown value as an error body. Domain errors are recognised by their
 * code as well as by class, so a second copy of core in a bundle still maps.
 * Anything unexpected becomes INTERNAL_ERROR without leaking its message.
 */
export function toErrorBody(error: unknown): { body: HttpErrorBody; headers: Record<string, string>; expected: boolean } {
  if (error instanceof HttpError) return { body: error.toJSON(), headers: error.headers, expected: true };
  const candidate = error as { code?: unknown; toJSON?: () => HttpErrorBody } | null;
  if (isDomainError(error) || (candidate && typeof candidate.code === 'string' && DOMAIN_CODES.has(candidate.code) && typeof candidate.toJSON === 'function')) {
    return { body: candidate!.toJSON!(), headers: {}, expected: true };
  }
  return { body: { code: 'INTERNAL_ERROR', message: 'the server failed unexpectedly; see its log', details: {} }, headers: {}, expected: false };
}
