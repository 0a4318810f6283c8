import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, HeraldError } from '../core/errors.ts';

/**
 * What each error code means on the wire, and the one JSON error body
 * `{error: {code, message, field?}}`. It lives at the HTTP edge, not in core
 * (core knows codes only) and not in src/api (sources answering HTTP must not
 * import the API): the REST API and every HTTP source (admission, audit,
 * authorization, inbound) answer errors through this file.
 */
export const HTTP_STATUS = {
  VALIDATION: 400,
  UNKNOWN_PLATFORM: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  SSRF_BLOCKED: 422,
  TOO_MANY_REQUESTS: 429,
  SIGNATURE_INVALID: 401,
  UNREACHABLE: 502,
  REMOTE: 502,
  CONFIG_INVALID: 500,
  LEASE_LOST: 409,
  STORE_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const satisfies Record<ErrorCode, ContentfulStatusCode>;

export function httpStatus(code: ErrorCode): ContentfulStatusCode {
  return HTTP_STATUS[code];
}

export function errorResponse(c: Context, err: HeraldError): Response {
  return c.json({ error: err.toJSON() }, httpStatus(err.code));
}
