/**
 * Every failure a user can see is a HeraldError: a stable code, a message that
 * says what to do, and (for bad input) the field at fault. Only the API turns
 * these into HTTP answers; nothing else knows about status codes.
 */
export const ERROR_CODES = {
  VALIDATION: { status: 400, doc: 'The request body or query failed validation; `field` names the offending field.' },
  UNKNOWN_PLATFORM: { status: 400, doc: 'The webhook names a platform Herald does not know.' },
  UNAUTHENTICATED: { status: 401, doc: 'No valid credentials were presented.' },
  FORBIDDEN: { status: 403, doc: 'The caller\'s role may not do this.' },
  NOT_FOUND: { status: 404, doc: 'The named resource does not exist.' },
  CONFLICT: { status: 409, doc: 'The resource already exists or is in a state that forbids the change.' },
  PAYLOAD_TOO_LARGE: { status: 413, doc: 'The request body is larger than Herald accepts.' },
  SSRF_BLOCKED: { status: 422, doc: 'The destination resolves to an address the SSRF guard refuses; add it to delivery.allowedNetworks to permit it.' },
  SIGNATURE_INVALID: { status: 401, doc: 'An inbound request was unsigned or its signature did not verify.' },
  UNREACHABLE: { status: 502, doc: 'The CLI could not reach the Herald server at the given address.' },
  REMOTE: { status: 502, doc: 'The CLI\'s request was refused by the Herald server; the message carries the server\'s code and reason.' },
  CONFIG_INVALID: { status: 500, doc: 'The configuration file or environment is invalid.' },
  LEASE_LOST: { status: 409, doc: 'A write was refused because the lease it was made under has passed to another replica (a deposed cluster-watch leader); the new leader carries on.' },
  STORE_UNAVAILABLE: { status: 503, doc: 'The store could not be reached.' },
  INTERNAL: { status: 500, doc: 'An unexpected error; the log has the details.' },
} as const satisfies Record<string, { status: number; doc: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'HeraldError';
    this.code = code;
    this.field = field;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }

  toJSON(): { code: ErrorCode; message: string; field?: string } {
    return this.field === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, field: this.field };
  }
}

export function isHeraldError(value: unknown): value is HeraldError {
  return value instanceof HeraldError;
}
