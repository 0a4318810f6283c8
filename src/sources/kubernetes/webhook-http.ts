import type { Context } from 'hono';
import type { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { schemaError } from '../../core/schema-error.ts';
import { errorResponse } from '../../http/error-response.ts';
import { bodyTooDeep, jsonDeeperThan, MAX_BODY_DEPTH } from '../../core/json-depth.ts';

/** HTTP plumbing shared by the endpoints the Kubernetes API server calls. */

/** Where the API server calls Herald; `herald manifests` points the cluster at the same paths. */
export const K8S_WEBHOOK_PATHS = { admission: '/k8s/admission', audit: '/k8s/audit', authorize: '/k8s/authorize' } as const;

/**
 * Waits for `work` at most `ms`: the API server waits on these webhooks, so a
 * slow store must not stall it. Late work carries on and logs its own failure.
 */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), ms); });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The JSON error body every Herald endpoint answers with (re-exported for the apps beside this file). */
export { errorResponse };

/** Reads and validates a JSON body; the error names the first offending field. */
export async function parseJsonBody<S extends z.ZodType>(
  c: Context, schema: S,
): Promise<{ ok: true; value: z.infer<S> } | { ok: false; response: Response }> {
  const text = await c.req.text();
  if (jsonDeeperThan(text, MAX_BODY_DEPTH)) return { ok: false, response: errorResponse(c, bodyTooDeep()) };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, response: errorResponse(c, new HeraldError('VALIDATION', 'the body is not valid JSON', { field: 'body', cause: err })) };
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, response: errorResponse(c, schemaError(parsed.error, { code: 'VALIDATION' })) };
}

