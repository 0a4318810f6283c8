import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { TokenView } from '../../app/manage-tokens.ts';
import type { ApiDeps } from '../api-deps.ts';
import { newApiToken, sha256Hex, tokenPrefix } from '../auth/credentials.ts';
import { ROLES, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, IdParams, json } from './schemas.ts';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const TokenViewSchema = z.object({
  id: z.string(), name: z.string(), prefix: z.string(), role: z.enum(ROLES),
  owner: z.object({ id: z.string(), name: z.string() }).nullable(),
  createdAt: z.string(), lastUsedAt: z.string().nullable(), expiresAt: z.string().nullable(),
});

/**
 * /api/v1/tokens: API tokens for scripts and CI. Anyone signed in lists and
 * makes their own (admins see all); a token's role is at most its maker's.
 * The token itself is in the create answer only: Herald keeps its SHA-256.
 */
export function tokenRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });

  const tokens = deps.app.tokens;
  const view = ({ token: t, ownerName }: TokenView) => ({
    id: t.id, name: t.name, prefix: t.prefix, role: t.role,
    owner: t.userId === null ? null : { id: t.userId, name: ownerName ?? '(deleted)' },
    createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt),
  });

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['tokens'], summary: 'List your API tokens (admins: every token)',
    responses: { 200: json(z.object({ items: z.array(TokenViewSchema) })), ...errorResponses(401) },
  }), async (c) => {
    return c.json({ items: (await tokens.list(c.get('principal'))).map(view) }, 200);
  });

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['tokens'], summary: 'Create an API token; the answer is the only time it is shown',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.object({
              name: z.string().trim().min(1).max(100),
              role: z.enum(ROLES).optional().describe('At most your own role; defaults to it'),
              expiresInDays: z.number().int().min(1).max(3650).optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: { 201: json(TokenViewSchema.extend({ token: z.string() }), 'Created'), ...errorResponses(400, 401, 403) },
  }), async (c) => {
    const token = newApiToken();
    const made = await tokens.create(c.get('principal'), { ...c.req.valid('json'), hash: sha256Hex(token), prefix: tokenPrefix(token) });
    return c.json({ ...view(made), token }, 201);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['tokens'], summary: 'Revoke an API token (yours; admins: any)',
    request: { params: IdParams },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404) },
  }), async (c) => {
    await tokens.revoke(c.get('principal'), c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
