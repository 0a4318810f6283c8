import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { HeraldEventSchema } from '../../core/event.ts';
import type { ApiDeps } from '../api-deps.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { AttemptSchema, DeliverySchema, errorResponses, IdParams, json } from './schemas.ts';
import { viewAttempt, viewDelivery } from './views.ts';

/** Delivery history, attempts, redelivery and recover-all-failed-since. */
export function deliveryRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const manage = requireRole(...MANAGE_ROLES);

  const webhookExists = async (id: string): Promise<void> => {
    if ((await deps.store.getWebhook(id)) === undefined) throw new HeraldError('NOT_FOUND', `no webhook with id ${id}`, 'id');
  };

  app.openapi(createRoute({
    method: 'get', path: '/webhooks/{id}/deliveries', tags: ['deliveries'], summary: 'Delivery history, newest first',
    request: {
      params: IdParams,
      query: z.object({
        status: z.enum(['pending', 'delivering', 'succeeded', 'failed']).optional(),
        cursor: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(DeliverySchema), nextCursor: z.string().nullable() })), ...errorResponses(400, 401, 404) },
  }), async (c) => {
    const { id } = c.req.valid('param');
    await webhookExists(id);
    const page = await deps.store.listDeliveries({ webhookId: id, ...c.req.valid('query') });
    return c.json({ items: page.items.map(viewDelivery), nextCursor: page.nextCursor }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/deliveries/{id}', tags: ['deliveries'], summary: 'One delivery with its event and every attempt',
    request: { params: IdParams },
    responses: {
      200: json(DeliverySchema.extend({ event: HeraldEventSchema.nullable(), attemptLog: z.array(AttemptSchema) })),
      ...errorResponses(401, 404),
    },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const d = await deps.store.getDelivery(id);
    if (d === undefined) throw new HeraldError('NOT_FOUND', `no delivery with id ${id}`, 'id');
    const [event, attempts] = await Promise.all([deps.store.getEvent(d.eventId), deps.store.listAttempts(id)]);
    return c.json({ ...viewDelivery(d), event: event ?? null, attemptLog: attempts.map(viewAttempt) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/deliveries/{id}/redeliver', tags: ['deliveries'], middleware: [manage] as const,
    summary: 'Send a finished delivery again (same webhook-id)',
    request: { params: IdParams },
    responses: { 200: json(DeliverySchema), ...errorResponses(401, 403, 404, 409) },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const d = await deps.store.redeliver(id, Date.now());
    if (d === undefined) {
      const existing = await deps.store.getDelivery(id);
      if (existing === undefined) throw new HeraldError('NOT_FOUND', `no delivery with id ${id}`, 'id');
      throw new HeraldError('CONFLICT', `delivery ${id} is ${existing.status}; only succeeded or failed deliveries can be redelivered`);
    }
    deps.dispatcher.wake();
    await deps.audit.record(c.get('principal'), 'delivery.redeliver', { type: 'delivery', id: d.id },
      `queued delivery ${d.id} of webhook ${d.webhookId} (event ${d.eventId}) again`);
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
    const { id } = c.req.valid('param');
    await webhookExists(id);
    const { since } = c.req.valid('json');
    const recovered = await deps.store.redeliverFailedSince(id, Date.parse(since), Date.now());
    deps.dispatcher.wake();
    await deps.audit.record(c.get('principal'), 'webhook.recover', { type: 'webhook', id },
      `queued ${recovered} failed deliveries since ${new Date(Date.parse(since)).toISOString()} again`);
    return c.json({ recovered }, 200);
  });

  return app;
}
