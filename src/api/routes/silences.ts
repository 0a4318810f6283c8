import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { SilenceInputSchema, SilenceViewSchema } from '../../core/silence.ts';
import type { ApiDeps } from '../api-deps.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, IdParams, json } from './schemas.ts';

/**
 * /api/v1/silences: list, create, read, expire. Admins and ops manage them,
 * viewers read them. DELETE expires, as Alertmanager's does: the silence is
 * kept, because the events it muted name it.
 */
export function silenceRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const manage = requireRole(...MANAGE_ROLES);
  const silences = deps.app.silences;

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['silences'], summary: 'List silences, newest first',
    request: { query: z.object({ state: z.enum(['pending', 'active', 'expired']).optional() }) },
    responses: { 200: json(z.object({ items: z.array(SilenceViewSchema) })), ...errorResponses(400, 401) },
  }), async (c) => c.json({ items: (await silences.list(c.req.valid('query').state)).map((s) => silences.view(s)) }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['silences'], summary: 'Mute the events the matchers select, from startsAt until endsAt',
    middleware: [manage] as const,
    request: { body: { content: { 'application/json': { schema: SilenceInputSchema } }, required: true } },
    responses: { 201: json(SilenceViewSchema, 'Created'), ...errorResponses(400, 401, 403) },
  }), async (c) => c.json(silences.view(await silences.create(c.req.valid('json'), c.get('principal'))), 201));

  app.openapi(createRoute({
    method: 'get', path: '/{id}', tags: ['silences'], summary: 'Read a silence',
    request: { params: IdParams },
    responses: { 200: json(SilenceViewSchema), ...errorResponses(401, 404) },
  }), async (c) => c.json(silences.view(await silences.get(c.req.valid('param').id)), 200));

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['silences'], summary: 'Expire a silence now (it is kept, expired)',
    middleware: [manage] as const, request: { params: IdParams },
    responses: { 200: json(SilenceViewSchema, 'Expired'), ...errorResponses(401, 403, 404) },
  }), async (c) => c.json(silences.view(await silences.expire(c.req.valid('param').id, c.get('principal'))), 200));

  return app;
}
