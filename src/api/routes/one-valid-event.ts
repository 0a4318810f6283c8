import type { Context, MiddlewareHandler, Next } from 'hono';
import { CheckedEventInputSchema, type CheckedEventInput } from '../../core/event.ts';
import type { AuthEnv } from '../auth/principal.ts';

/** A JSON media type that both zod-openapi's media-type gate and Hono's JSON validator accept as it is. */
const PLAIN_JSON = /^application\/json(;\s*charset=utf-8)?$/i;

/**
 * The common POST /events body, one valid event as plain JSON, checked with
 * one synchronous parse of the event schema and handed to `handler` at once.
 * Anything else (a batch, an invalid event, another media type, malformed
 * JSON) goes on to the route's own validators, which answer exactly as
 * before. The route's union schema (safeParseAsync), Hono's validator and
 * zod-openapi's media-type gate were ~7% of the main thread per event end to
 * end; a union of [event, batch] gives an object's own parse when it passes,
 * so what the handler receives is the same.
 */
export type EventsContext = Context<AuthEnv, '/', { out: { json: CheckedEventInput | CheckedEventInput[] } }>;

export function oneValidEvent(handler: (c: EventsContext) => Promise<Response>): MiddlewareHandler<AuthEnv> {
  return async (c, next: Next) => {
    if (!PLAIN_JSON.test(c.req.header('content-type') ?? '')) return next();
    let value: unknown;
    try {
      value = await c.req.json();
    } catch {
      return next();
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return next();
    const parsed = CheckedEventInputSchema.safeParse(value);
    if (!parsed.success) return next();
    c.req.addValidatedData('json', parsed.data);
    return handler(c as unknown as EventsContext);
  };
}
