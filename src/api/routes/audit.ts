import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '../../app/audit-log.ts';
import type { ApiDeps } from '../api-deps.ts';
import { MANAGE_ROLES, requireRole, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, json } from './schemas.ts';

const AuditEntrySchema = z.object({
  id: z.string(), at: z.string(),
  actor: z.object({ id: z.string().nullable(), name: z.string() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string().nullable(), name: z.string().nullable() }),
  summary: z.string(),
});

/** /api/v1/audit: the audit log, newest first, for admins and ops. */
export function auditRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['audit'], summary: 'Audit log of every change and sign-in, newest first',
    middleware: [requireRole(...MANAGE_ROLES)] as const,
    request: {
      query: z.object({
        actor: z.string().max(200).optional().describe('Only this actor, by the name recorded (a user, a token, admin-token)'),
        action: z.enum(AUDIT_ACTIONS).optional().describe('Only this action, e.g. webhook.update'),
        target: z.enum(AUDIT_TARGET_TYPES).optional().describe('Only changes to this kind of target'),
        since: z.iso.datetime({ offset: true }).optional().describe('At or after this time'),
        until: z.iso.datetime({ offset: true }).optional().describe('Before this time'),
        cursor: z.string().max(100).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(50),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(AuditEntrySchema), nextCursor: z.string().nullable() })), ...errorResponses(400, 401, 403) },
  }), async (c) => {
    const { cursor, limit, actor, action, target, since, until } = c.req.valid('query');
    const page = await deps.audit.list(cursor, limit, {
      ...(actor === undefined ? {} : { actor }), ...(action === undefined ? {} : { action }), ...(target === undefined ? {} : { targetType: target }),
      ...(since === undefined ? {} : { since: Date.parse(since) }), ...(until === undefined ? {} : { until: Date.parse(until) }),
    });
    return c.json({ items: page.items.map((e) => ({ ...e, at: new Date(e.at).toISOString() })), nextCursor: page.nextCursor }, 200);
  });

  return app;
}
