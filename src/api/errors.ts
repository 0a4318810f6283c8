import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { HeraldError } from '../core/errors.ts';
import { schemaError } from '../core/schema-error.ts';
import { errorResponse } from '../http/error-response.ts';

/**
 * Where the REST API's failures become HTTP answers (statuses and the body come
 * from src/http/error-response.ts, shared with the HTTP sources). Internal
 * errors are logged, and the caller sees a code, never a stack trace.
 */
/** zod-openapi calls this after validating each request part. */
export function validationHook(result: { success: boolean; error?: ZodError; target?: string }, c: Context): Response | undefined {
  if (result.success || result.error === undefined) return undefined;
  const part = result.target === undefined || result.target === 'json' ? 'body' : result.target;
  return errorResponse(c, schemaError(result.error, { code: 'VALIDATION', whole: part }));
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
    return errorResponse(c, new HeraldError('INTERNAL', 'internal error; the server log has the details', { cause: err }));
  };
}
