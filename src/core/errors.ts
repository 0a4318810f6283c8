/**
 * Every failure a user can see is a HeraldError: a stable code, a message that
 * says what to do, (for bad input) the field at fault, and the error that caused
 * it. Core knows codes only; what a code means on the wire (an HTTP status) is
 * decided at the HTTP edge (src/http/error-response.ts), and docs/errors.md
 * describes each one.
 */
export const ERROR_CODES = [
  'VALIDATION',
  'UNKNOWN_PLATFORM',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'SSRF_BLOCKED',
  'TOO_MANY_REQUESTS',
  'SIGNATURE_INVALID',
  'UNREACHABLE',
  'REMOTE',
  'CONFIG_INVALID',
  'LEASE_LOST',
  'STORE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface HeraldErrorOptions {
  field?: string | undefined;
  cause?: unknown;
}

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  /** The third argument is the field alone, or `{ field, cause }`. */
  constructor(code: ErrorCode, message: string, fieldOrOptions?: string | HeraldErrorOptions) {
    const opts: HeraldErrorOptions = typeof fieldOrOptions === 'string' ? { field: fieldOrOptions } : fieldOrOptions ?? {};
    super(message, 'cause' in opts ? { cause: opts.cause } : undefined);
    this.name = 'HeraldError';
    this.code = code;
    this.field = opts.field;
  }

  /** What a client sees: never the cause, which may hold internals (SQL, paths, stack). */
  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isHeraldError(value: unknown): value is HeraldError {
  return value instanceof HeraldError;
}

