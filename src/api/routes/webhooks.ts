import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import { applyWebhookPatch, createWebhook, viewWebhook, WebhookViewSchema, type Webhook } from '../../core/webhook.ts';
import type { ApiDeps } from '../api-deps.ts';
import { auditOrigin, changedFields } from '../auth/audit-log.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { AttemptSchema, DeliverySchema, errorResponses, IdParams, json, WebhookCreateBody, WebhookUpdateBody } from './schemas.ts';
import { viewAttempt, viewDelivery, viewWebhookFor } from './views.ts';

/** /api/v1/webhooks: list, create, read, update, delete, test. */
export function webhookRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const manage = requireRole(...MANAGE_ROLES);

  const load = async (id: string): Promise<Webhook> => {
    const w = await deps.store.getWebhook(id);
    if (w === undefined) throw new HeraldError('NOT_FOUND', `no webhook with id ${id}`, 'id');
    return w;
  };
  const checkUrl = (url: string): void => deps.ssrf.checkUrl(new URL(url));

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['webhooks'], summary: 'List webhooks',
    responses: { 200: json(z.object({ items: z.array(WebhookViewSchema) })), ...errorResponses(401) },
  }), async (c) => {
    const role = c.get('principal').role;
    return c.json({ items: (await deps.store.listWebhooks()).map((w) => viewWebhookFor(w, role)) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['webhooks'], summary: 'Create a webhook', middleware: [manage] as const,
    request: { body: { content: { 'application/json': { schema: WebhookCreateBody } }, required: true } },
    responses: { 201: json(WebhookViewSchema, 'Created'), ...errorResponses(400, 401, 403, 409, 422) },
  }), async (c) => {
    const spec = c.req.valid('json');
    checkUrl(spec.url);
    const now = Date.now();
    const webhook = createWebhook(spec, newId('wh', now), now);
    await deps.store.createWebhook(webhook);
    deps.ingest.invalidate();
    await deps.audit.record(c.get('principal'), 'webhook.create', { type: 'webhook', id: webhook.id, name: webhook.name },
      `created ${webhook.platform} webhook to ${auditOrigin(webhook.url)}${webhook.enabled ? '' : ' (disabled)'}`);
    return c.json(viewWebhook(webhook), 201);
  });

  app.openapi(createRoute({
    method: 'get', path: '/{id}', tags: ['webhooks'], summary: 'Read a webhook',
    request: { params: IdParams },
    responses: { 200: json(WebhookViewSchema), ...errorResponses(401, 404) },
  }), async (c) => c.json(viewWebhookFor(await load(c.req.valid('param').id), c.get('principal').role), 200));

  app.openapi(createRoute({
    method: 'put', path: '/{id}', tags: ['webhooks'], middleware: [manage] as const,
    summary: 'Update a webhook (omitted fields keep their value; a new secret rotates with a grace period)',
    request: { params: IdParams, body: { content: { 'application/json': { schema: WebhookUpdateBody } }, required: true } },
    responses: { 200: json(WebhookViewSchema), ...errorResponses(400, 401, 403, 404, 409, 422) },
  }), async (c) => {
    const patch = c.req.valid('json');
    if (patch.url !== undefined) checkUrl(patch.url);
    const before = await load(c.req.valid('param').id);
    const next = applyWebhookPatch(before, patch, Date.now(), deps.secretGraceMs);
    if (!(await deps.store.updateWebhook(next))) throw new HeraldError('NOT_FOUND', `no webhook with id ${next.id}`, 'id');
    deps.ingest.invalidate();
    deps.dispatcher.wake();
    await deps.audit.record(c.get('principal'), 'webhook.update', { type: 'webhook', id: next.id, name: next.name }, `changed ${changedFields(before, next)}`);
    return c.json(viewWebhook(next), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['webhooks'], summary: 'Delete a webhook and its delivery history',
    middleware: [manage] as const, request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
  }), async (c) => {
    const { id } = c.req.valid('param');
    const name = (await deps.store.getWebhook(id))?.name ?? null;
    if (!(await deps.store.deleteWebhook(id))) throw new HeraldError('NOT_FOUND', `no webhook with id ${id}`, 'id');
    deps.ingest.invalidate();
    await deps.audit.record(c.get('principal'), 'webhook.delete', { type: 'webhook', id, name }, 'deleted the webhook and its delivery history');
    return c.body(null, 204);
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
    const webhook = await load(c.req.valid('param').id);
    const recorded = await deps.ingest.ingest({
      event: 'test', source: 'herald', cluster: webhook.filters.clusters.find((x) => !x.includes('*')) ?? 'herald',
      namespace: 'default', resource: 'Webhook', name: webhook.name,
      summary: `Test event from Herald for webhook "${webhook.name}"`,
      detail: { field: 'test', old: null, new: 'ok' }, changes: [{ field: 'test', old: null, new: 'ok' }],
    }, { onlyWebhookIds: [webhook.id], once: true });
    const deliveryId = recorded.deliveryIds[0]!;
    const info = await deps.dispatcher.deliverNow(deliveryId);
    const delivery = (await deps.store.getDelivery(deliveryId))!;
    await deps.audit.record(c.get('principal'), 'webhook.test', { type: 'webhook', id: webhook.id, name: webhook.name },
      `sent a test event: ${info?.decision.kind ?? 'not sent'}${info?.attempt.statusCode == null ? '' : ` (HTTP ${info.attempt.statusCode})`}`);
    return c.json({
      ok: info?.decision.kind === 'succeeded',
      delivery: viewDelivery(delivery),
      attempt: info === undefined ? null : viewAttempt(info.attempt),
    }, 200);
  });

  return app;
}
