import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HeraldEventSchema } from '../../core/event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { liveStream } from './live-stream.ts';
import { AttemptSchema, DeliverySchema, errorResponses, IdParams, json } from './schemas.ts';
import { viewAttempt, viewDelivery } from './views.ts';

/** Delivery history, attempts, redelivery and recover-all-failed-since. */
export function deliveryRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const manage = requireRole(...MANAGE_ROLES);

  app.openapi(createRoute({
    method: 'get', path: '/webhooks/{id}/deliveries', tags: ['deliveries'], summary: 'Delivery history, newest first',
    request: {
      params: IdParams,
      query: z.object({
        status: z.enum(['pending', 'delivering', 'succeeded', 'failed']).optional(),
        q: z.string().max(200).optional()
          .describe('Text found (any case) in the delivery id, the event id, the last error, or the event\'s type, name, namespace or summary'),
        since: z.iso.datetime({ offset: true }).optional().describe('Created at or after this time'),
        until: z.iso.datetime({ offset: true }).optional().describe('Created before this time'),
        cursor: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() })), ...errorResponses(400, 401, 404) },
  }), async (c) => {
    const { q, since, until, ...rest } = c.req.valid('query');
    const page = await deps.app.history.deliveriesOf({
      webhookId: c.req.valid('param').id, ...rest,
      ...(q === undefined ? {} : { search: q }),
      ...(since === undefined ? {} : { since: Date.parse(since) }), ...(until === undefined ? {} : { until: Date.parse(until) }),
    });
    return c.json({ items: page.items.map(viewDelivery), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/webhooks/{id}/deliveries/stream', tags: ['deliveries'],
    summary: 'Server-Sent Events: each change to the webhook\'s deliveries as this replica makes it',
    description: 'One `event: ready` on connect (reload the history then: nothing from before is replayed), then one '
      + '`event: delivery` per change, its data `{kind, webhookId, …}`: `created` (with `eventId`), `attempt` (with '
      + '`deliveryId`, `attempt`, `outcome`, `statusCode`) or `requeued` (a redelivery, with `deliveryId`, or a recovery). '
      + 'Ids, numbers and outcomes only, never a body or an error text. Changes made by other replicas are not heard.',
    request: { params: IdParams },
    responses: {
      200: { description: 'The stream', content: { 'text/event-stream': { schema: z.string() } } },
      ...errorResponses(401, 404),
    },
  }), async (c) => {
    const webhookId = (await deps.app.webhooks.get(c.req.valid('param').id)).id;
    const res = liveStream(c, deps.app.deliveryChanges, (change) => (change.webhookId === webhookId
      ? { event: 'delivery', data: JSON.stringify(change) } : undefined));
    // zod-openapi types only JSON answers; the stream is documented above.
    return res as unknown as ReturnType<typeof c.json<never, 200>>;
  });

  app.openapi(createRoute({
    method: 'get', path: '/deliveries/{id}', tags: ['deliveries'], summary: 'One delivery with its event and every attempt',
    request: { params: IdParams },
    responses: {
      200: json(DeliverySchema.extend({ event: HeraldEventSchema.nullable(), attemptLog: z.array(AttemptSchema) })),
      ...errorResponses(401, 404),
    },
  }), async (c) => {
    const { delivery, event, attempts } = await deps.app.history.delivery(c.req.valid('param').id);
    return c.json({ ...viewDelivery(delivery), event: event ?? null, attemptLog: attempts.map(viewAttempt) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/deliveries/{id}/redeliver', tags: ['deliveries'], middleware: [manage] as const,
    summary: 'Send a finished delivery again (same webhook-id)',
    request: { params: IdParams },
    responses: { 200: json(DeliverySchema), ...errorResponses(401, 403, 404, 409) },
  }), async (c) => {
    const d = await deps.app.redeliver.one(c.req.valid('param').id, c.get('principal'));
    return c.json(viewDelivery(d), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/webhooks/{id}/recover', tags: ['deliveries'], middleware: [manage] as const,
    summary: 'Redeliver every failed delivery created since a time',
    request: {
      params: IdParams,
      body: { content: { 'application/json': { schema: z.object({ since: z.iso.datetime({ offset: true }) }) } }, required: true },
    },
    responses: { 200: json(z.object({ recovered: z.number() })), ...errorResponses(400, 401, 403, 404) },
  }), async (c) => {
    const recovered = await deps.app.redeliver.recover(c.req.valid('param').id, Date.parse(c.req.valid('json').since), c.get('principal'));
    return c.json({ recovered }, 200);
  });

  return app;
}
