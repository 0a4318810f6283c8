import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { z, type ZodError } from 'zod';
import { CheckedEventInputSchema, HeraldEventSchema } from '../../core/event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { DeliverySchema, errorResponses, IdParams, json } from './schemas.ts';
import { liveStream } from './live-stream.ts';
import { oneValidEvent, type EventsContext } from './one-valid-event.ts';
import { viewDelivery } from './views.ts';

const RecordedSchema = z.object({
  id: z.string(), duplicate: z.boolean(), deliveries: z.number(),
  silencedBy: z.array(z.string()).optional().describe('The silences that muted it: recorded, delivered to nobody'),
});
// Branded as checked: the handler hands the parsed events on, and nothing parses them a second time.
const BatchSchema = z.array(CheckedEventInputSchema).min(1).max(1000);

/**
 * A union's failure names no field, so a failed array body is checked again
 * as a batch alone: the answer then names the item's field, e.g. `33.event`.
 */
const batchHook = (result: { success: boolean; data?: unknown; error?: ZodError; target?: string }, c: Context) => {
  if (result.success || !Array.isArray(result.data)) return validationHook(result, c);
  const batch = BatchSchema.safeParse(result.data);
  return validationHook(batch.success ? result : { success: false, error: batch.error, target: result.target }, c);
};

/**
 * POST records events (one, or a batch of up to 1000) for admins: the same
 * ingest path every source uses. A batch is all or nothing (one
 * transaction); `dedupKey` makes a retry safe. GET exports the event log in order, as JSON
 * pages or NDJSON, with a cursor consumers keep to resume.
 */
export function eventRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: batchHook });

  const record = async (c: EventsContext) => {
    const body = c.req.valid('json');
    const results = Array.isArray(body) ? await deps.app.events.ingestCheckedBatch(body) : [await deps.app.events.ingestChecked(body)];
    return c.json({ items: results.map((r) => ({
      id: r.event.id, duplicate: r.duplicate, deliveries: r.deliveryIds.length,
      ...(r.event.silencedBy === undefined ? {} : { silencedBy: r.event.silencedBy }),
    })) }, 202);
  };

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['events'], summary: 'Record events and fan them out to matching webhooks',
    description: 'One event, or a batch of up to 1000 recorded all or nothing: if any item is invalid the answer is 400 '
      + 'with `field` naming the item and its field (e.g. `33.timestamp`) and nothing is recorded. `dedupKey` is an '
      + 'idempotency key: an event whose key was recorded before (or earlier in the same batch) is answered with the '
      + 'first event\'s id and `duplicate: true` and delivered no second time, so a client may retry a batch safely.',
    middleware: [requireRole('admin'), oneValidEvent(record)] as const,
    request: { body: { content: { 'application/json': { schema: z.union([CheckedEventInputSchema, BatchSchema]) } }, required: true } },
    responses: { 202: json(z.object({ items: z.array(RecordedSchema) }), 'Recorded'), ...errorResponses(400, 401, 403) },
  }), record);

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['events'],
    summary: 'Export the event log after a cursor (Accept: application/x-ndjson for NDJSON)',
    request: {
      query: z.object({
        cursor: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(100),
        type: z.string().max(100).optional().describe('Only this event type, e.g. scale'),
        cluster: z.string().max(253).optional(),
        namespace: z.string().max(253).optional(),
        kind: z.string().max(253).optional().describe('Only this resource kind, e.g. Deployment'),
        actor: z.string().max(512).optional(),
        since: z.iso.datetime({ offset: true }).optional().describe('Recorded at or after this time'),
        until: z.iso.datetime({ offset: true }).optional().describe('Recorded before this time'),
        order: z.enum(['asc', 'desc']).default('asc').describe('desc: newest first, the cursor continuing to older events'),
      }),
    },
    responses: {
      200: {
        description: 'Events in order; the next cursor is in the body (JSON) or the X-Next-Cursor header (NDJSON)',
        content: {
          'application/json': { schema: z.object({ items: z.array(HeraldEventSchema), nextCursor: z.string().nullable() }) },
          'application/x-ndjson': { schema: z.string() },
        },
      },
      ...errorResponses(400, 401),
    },
  }), async (c) => {
    const { cursor, limit, since, until, order, ...fields } = c.req.valid('query');
    const page = await deps.app.history.events(cursor, limit, {
      ...fields, newestFirst: order === 'desc',
      ...(since === undefined ? {} : { since: Date.parse(since) }), ...(until === undefined ? {} : { until: Date.parse(until) }),
    });
    // Oldest first, the cursor is where an export resumes even at the end; newest first, null ends the paging.
    const last = order === 'desc' ? page.nextCursor : page.items[page.items.length - 1]?.id ?? cursor ?? null;
    if ((c.req.header('accept') ?? '').includes('application/x-ndjson')) {
      const ndjson = page.items.map((e) => JSON.stringify(e)).join('\n') + (page.items.length > 0 ? '\n' : '');
      // zod-openapi types only JSON answers; the NDJSON variant is documented above.
      return new Response(ndjson, {
        status: 200, headers: { 'content-type': 'application/x-ndjson', 'x-next-cursor': last ?? '' },
      }) as unknown as ReturnType<typeof c.json<{ items: never[]; nextCursor: null }, 200>>;
    }
    return c.json({ items: page.items, nextCursor: last }, 200);
  });

  // Before /{id}, so "stream" is not read as an event id.
  app.get('/stream', (c) => liveStream(c, deps.app.live, (event) => ({ event: 'herald', id: event.id, data: JSON.stringify(event) })));

  app.openapi(createRoute({
    method: 'get', path: '/{id}', tags: ['events'], summary: 'One event and the deliveries it caused',
    request: { params: IdParams },
    responses: { 200: json(z.object({ event: HeraldEventSchema, deliveries: z.array(DeliverySchema) })), ...errorResponses(401, 404) },
  }), async (c) => {
    const { event, deliveries } = await deps.app.history.event(c.req.valid('param').id);
    return c.json({ event, deliveries: deliveries.map(viewDelivery) }, 200);
  });

  return app;
}
