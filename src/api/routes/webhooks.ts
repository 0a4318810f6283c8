import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HeraldEventSchema } from '../../core/event.ts';
import { viewWebhook, WebhookViewSchema } from '../../core/webhook.ts';
import type { ApiDeps } from '../api-deps.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { AttemptSchema, DeliverySchema, errorResponses, IdParams, json, WebhookCreateBody, WebhookUpdateBody } from './schemas.ts';
import { viewAttempt, viewDelivery, viewWebhookFor } from './views.ts';

/** /api/v1/webhooks: list, create, read, update, delete, test. */
export function webhookRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const manage = requireRole(...MANAGE_ROLES);
  const webhooks = deps.app.webhooks;

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['webhooks'], summary: 'List webhooks',
    responses: { 200: json(z.object({ items: z.array(WebhookViewSchema) })), ...errorResponses(401) },
  }), async (c) => c.json({ items: (await webhooks.list()).map((w) => viewWebhookFor(w, c.get('principal').role)) }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['webhooks'], summary: 'Create a webhook', middleware: [manage] as const,
    request: { body: { content: { 'application/json': { schema: WebhookCreateBody } }, required: true } },
    responses: { 201: json(WebhookViewSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
  }), async (c) => {
    const webhook = await webhooks.create(c.req.valid('json'), c.get('principal'));
    return c.json(viewWebhook(webhook), 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/{id}', tags: ['webhooks'], summary: 'Read a webhook',
    request: { params: IdParams },
    responses: { 200: json(WebhookViewSchema), ...errorResponses(401, 404) },
  }), async (c) => c.json(viewWebhookFor(await webhooks.get(c.req.valid('param').id), c.get('principal').role), 200));

  app.openapi(createRoute({
    method: 'put', path: '/{id}', tags: ['webhooks'], middleware: [manage] as const,
    summary: 'Update a webhook (omitted fields keep their value; a new secret rotates with a grace period)',
    request: { params: IdParams, body: { content: { 'application/json': { schema: WebhookUpdateBody } }, required: true } },
    responses: { 200: json(WebhookViewSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }), async (c) => {
    const next = await webhooks.update(c.req.valid('param').id, c.req.valid('json'), c.get('principal'));
    return c.json(viewWebhook(next), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['webhooks'], summary: 'Delete a webhook and its delivery history',
    middleware: [manage] as const, request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }), async (c) => {
    await webhooks.delete(c.req.valid('param').id, c.get('principal'));
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'post', path: '/{id}/preview', tags: ['webhooks'],
    summary: 'The message this webhook\'s platform makes of a sample event, or of a recorded one; nothing is sent',
    description: 'Authorization and secret header values read ••••••; the URL is left out. Herald\'s signature headers are '
      + 'made per delivery and are not shown. A template that cannot render answers 400 naming `template`.',
    request: {
      params: IdParams,
      body: { content: { 'application/json': { schema: z.object({ eventId: z.string().min(1).max(100).optional() }) } }, required: false },
    },
    responses: {
      200: json(z.object({
        platform: z.string(), event: HeraldEventSchema,
        request: z.object({ headers: z.record(z.string(), z.string()), body: z.string() }),
      })),
      ...errorResponses(400, 401, 404),
    },
  }), async (c) => {
    const body = c.req.header('content-type')?.includes('application/json') === true ? c.req.valid('json') : {};
    return c.json(await deps.app.previewWebhook(c.req.valid('param').id, body?.eventId), 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/{id}/test', tags: ['webhooks'], middleware: [manage] as const,
    summary: 'Send a test event now and report what the receiver answered',
    request: { params: IdParams },
    responses: {
      200: json(z.object({ ok: z.boolean(), delivery: DeliverySchema, attempt: AttemptSchema.nullable() })),
      ...errorResponses(401, 403, 404),
    },
  }), async (c) => {
    const r = await deps.app.testWebhook(c.req.valid('param').id, c.get('principal'));
    return c.json({
      ok: r.ok,
      delivery: viewDelivery(r.delivery),
      attempt: r.attempt === null ? null : viewAttempt(r.attempt),
    }, 200);
  });

  return app;
}
