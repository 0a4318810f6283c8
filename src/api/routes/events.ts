import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { EventInputSchema, HeraldEventSchema } from '../../core/event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, json } from './schemas.ts';

const RecordedSchema = z.object({ id: z.string(), duplicate: z.boolean(), deliveries: z.number() });

/**
 * POST records events (one, or a batch of up to 1000) for admins: the same
 * ingest path every source uses. GET exports the event log in order, as JSON
 * pages or NDJSON, with a cursor consumers keep to resume.
 */
export function eventRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['events'], summary: 'Record events and fan them out to matching webhooks',
    middleware: [requireRole('admin')] as const,
    request: { body: { content: { 'application/json': { schema: z.union([EventInputSchema, z.array(EventInputSchema).min(1).max(1000)]) } }, required: true } },
    responses: { 202: json(z.object({ items: z.array(RecordedSchema) }), 'Recorded'), ...errorResponses(400, 401, 403) },
  }), async (c) => {
    const body = c.req.valid('json');
    const inputs = Array.isArray(body) ? body : [body];
    const items = [];
    for (const input of inputs) {
      const r = await deps.ingest.ingest(input);
      items.push({ id: r.event.id, duplicate: r.duplicate, deliveries: r.deliveryIds.length });
    }
    return c.json({ items }, 202);
  });

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['events'],
    summary: 'Export the event log after a cursor (Accept: application/x-ndjson for NDJSON)',
    request: {
      query: z.object({
        cursor: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(5000).default(100),
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
    const { cursor, limit } = c.req.valid('query');
    const page = await deps.store.listEvents(cursor, limit);
    const last = page.items[page.items.length - 1]?.id ?? cursor ?? null;
    if ((c.req.header('accept') ?? '').includes('application/x-ndjson')) {
      const ndjson = page.items.map((e) => JSON.stringify(e)).join('\n') + (page.items.length > 0 ? '\n' : '');
      // zod-openapi types only JSON answers; the NDJSON variant is documented above.
      return new Response(ndjson, {
        status: 200, headers: { 'content-type': 'application/x-ndjson', 'x-next-cursor': last ?? '' },
      }) as unknown as ReturnType<typeof c.json<{ items: never[]; nextCursor: null }, 200>>;
    }
    return c.json({ items: page.items, nextCursor: last }, 200);
  });

  return app;
}
