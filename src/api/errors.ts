import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { HeraldError } from '../core/errors.ts';

/**
 * The only place errors become HTTP answers. Bodies are always
 * `{error: {code, message, field?}}`; internal errors are logged, and the
 * caller sees a code, never a stack trace.
 */
export const ErrorBodySchemaDoc = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } },
} as const;

export function errorResponse(c: Context, err: HeraldError): Response {
  return c.json({ error: err.toJSON() }, err.status as ContentfulStatusCode);
}

export function validationError(error: ZodError, target: string): HeraldError {
  const issue = error.issues[0];
  if (issue === undefined) return new HeraldError('VALIDATION', `invalid ${target}`);
  const field = issue.path.map(String).join('.') || target;
  return new HeraldError('VALIDATION', `${field}: ${issue.message}`, field);
}

/** zod-openapi calls this after validating each request part. */
export function validationHook(result: { success: boolean; error?: ZodError; target?: string }, c: Context): Response | undefined {
  if (result.success || result.error === undefined) return undefined;
  return errorResponse(c, validationError(result.error, result.target ?? 'body'));
}

export function onApiError(log: (err: unknown) => void) {
  return (err: Error, c: Context): Response => {
    if (err instanceof HeraldError) {
      // The store's own error (disk full, connection lost) is in `cause`: the log must say it.
      if (err.code === 'STORE_UNAVAILABLE') log(err);
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) {
      const code = err.status === 413 ? 'PAYLOAD_TOO_LARGE' : err.status === 401 ? 'UNAUTHENTICATED' : 'VALIDATION';
      const message = err.status === 400 && /JSON/i.test(err.message) ? 'the request body is not valid JSON' : err.message || 'bad request';
      return c.json({ error: { code, message, ...(code === 'VALIDATION' ? { field: 'body' } : {}) } }, err.status as ContentfulStatusCode);
    }
    log(err);
    return errorResponse(c, new HeraldError('INTERNAL', 'internal error; the server log has the details'));
  };
}
