import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import { newId } from '../../core/ids.ts';
import type { ApiToken } from '../../store/accounts.ts';
import type { ApiDeps } from '../api-deps.ts';
import { newApiToken, sha256Hex, tokenPrefix } from '../auth/credentials.ts';
import { roleAtMost, ROLES, type AuthEnv, type Principal } from '../auth/principal.ts';
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

  const view = (t: ApiToken, names: ReadonlyMap<string, string>) => ({
    id: t.id, name: t.name, prefix: t.prefix, role: t.role,
    owner: t.userId === null ? null : { id: t.userId, name: names.get(t.userId) ?? '(deleted)' },
    createdAt: iso(t.createdAt)!, lastUsedAt: iso(t.lastUsedAt), expiresAt: iso(t.expiresAt),
  });
  const userNames = async () => new Map((await deps.accounts.listUsers()).map((u) => [u.id, u.name]));
  const mine = (p: Principal, t: ApiToken) => (p.userId === null ? t.id === p.tokenId : t.userId === p.userId);

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['tokens'], summary: 'List your API tokens (admins: every token)',
    responses: { 200: json(z.object({ items: z.array(TokenViewSchema) })), ...errorResponses(401) },
  }), async (c) => {
    const p = c.get('principal');
    const tokens = p.role === 'admin' ? await deps.accounts.listTokens() : await deps.accounts.listTokens(p.userId);
    const names = await userNames();
    return c.json({ items: tokens.filter((t) => p.role === 'admin' || mine(p, t)).map((t) => view(t, names)) }, 200);
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
    const p = c.get('principal');
    const body = c.req.valid('json');
    const role = body.role ?? p.role;
    if (!roleAtMost(role, p.role)) throw new HeraldError('FORBIDDEN', `a "${p.role}" may not make a token with role "${role}"`, 'role');
    const now = Date.now();
    const token = newApiToken();
    const t: ApiToken = {
      id: newId('tok', now), name: body.name, userId: p.userId, role, hash: sha256Hex(token), prefix: tokenPrefix(token),
      createdAt: now, lastUsedAt: null, expiresAt: body.expiresInDays === undefined ? null : now + body.expiresInDays * 86_400_000,
    };
    await deps.accounts.createToken(t);
    await deps.audit.record(p, 'token.create', { type: 'token', id: t.id, name: t.name },
      `created token ${t.prefix}… with role ${role}${t.expiresAt === null ? '' : `, expires ${iso(t.expiresAt)}`}`);
    return c.json({ ...view(t, await userNames()), token }, 201);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['tokens'], summary: 'Revoke an API token (yours; admins: any)',
    request: { params: IdParams },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404) },
  }), async (c) => {
    const p = c.get('principal');
    const { id } = c.req.valid('param');
    const t = await deps.accounts.getToken(id);
    // Someone else's token is reported missing, not forbidden: its existence is not theirs to learn.
    if (t === undefined || !(p.role === 'admin' || mine(p, t)) || !(await deps.accounts.deleteToken(id))) {
      throw new HeraldError('NOT_FOUND', `no token with id ${id}`, 'id');
    }
    await deps.audit.record(p, 'token.delete', { type: 'token', id, name: t.name }, `revoked token ${t.prefix}…`);
    return c.body(null, 204);
  });

  return app;
}
