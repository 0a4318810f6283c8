import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { z } from 'zod';
import type { User } from '../../app/ports/account-repository.ts';
import type { ApiDeps } from '../api-deps.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import { HeraldError } from '../../core/errors.ts';
import { requireRole, ROLES, type AuthEnv } from '../auth/principal.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, IdParams, json } from './schemas.ts';

export const UserNameSchema = z.string().trim().min(1).max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'use letters, digits and . _ @ - (starting with a letter or digit)');
export const PasswordSchema = z.string().min(12, 'use at least 12 characters').max(1024);
const RoleSchema = z.enum(ROLES);

const UserViewSchema = z.object({
  id: z.string(), name: z.string(), role: RoleSchema, disabled: z.boolean(), createdAt: z.string(), updatedAt: z.string(),
});

export function viewUser(u: User): z.infer<typeof UserViewSchema> {
  return {
    id: u.id, name: u.name, role: u.role, disabled: u.disabled,
    createdAt: new Date(u.createdAt).toISOString(), updatedAt: new Date(u.updatedAt).toISOString(),
  };
}

/**
 * /api/v1/users, admins only: list, create, change role / password /
 * disabled, delete. The store refuses to remove the last enabled admin;
 * nobody deletes or disables themselves. A new password or disabling ends
 * the user's sessions.
 */
export function userRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const admin = requireRole('admin');
  const users = deps.app.users;

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['users'], summary: 'List users', middleware: [admin] as const,
    responses: { 200: json(z.object({ items: z.array(UserViewSchema) })), ...errorResponses(401, 403) },
  }), async (c) => c.json({ items: (await users.list()).map(viewUser) }, 200));

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['users'], summary: 'Create a user', middleware: [admin] as const,
    request: { body: { content: { 'application/json': { schema: z.object({ name: UserNameSchema, password: PasswordSchema, role: RoleSchema }) } }, required: true } },
    responses: { 201: json(UserViewSchema, 'Created'), ...errorResponses(400, 401, 403, 409) },
  }), async (c) => {
    const body = c.req.valid('json');
    const user = await users.create({ name: body.name, role: body.role, passwordHash: await hashPassword(body.password) }, c.get('principal'));
    return c.json(viewUser(user), 201);
  });

  app.openapi(createRoute({
    method: 'put', path: '/me/password', tags: ['users'],
    summary: 'Change your own password (any role); your sessions end, so sign in again',
    request: {
      body: { content: { 'application/json': { schema: z.object({ currentPassword: z.string().min(1).max(1024), newPassword: PasswordSchema }) } }, required: true },
    },
    responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403) },
  }), async (c) => {
    const principal = c.get('principal');
    const { currentPassword, newPassword } = c.req.valid('json');
    const me = principal.userId === null ? undefined : await deps.accounts.getUser(principal.userId);
    if (me === undefined) throw new HeraldError('FORBIDDEN', 'this credential belongs to no user with a password', 'currentPassword');
    if (!(await verifyPassword(currentPassword, me.passwordHash))) throw new HeraldError('VALIDATION', 'the current password is wrong', 'currentPassword');
    await users.update(me.id, { passwordHash: await hashPassword(newPassword) }, principal);
    return c.body(null, 204);
  });

  app.openapi(createRoute({
    method: 'put', path: '/{id}', tags: ['users'], middleware: [admin] as const,
    summary: 'Change a user\'s role, password or disabled flag (omitted fields keep their value)',
    request: {
      params: IdParams,
      body: { content: { 'application/json': { schema: z.object({ role: RoleSchema.optional(), password: PasswordSchema.optional(), disabled: z.boolean().optional() }) } }, required: true },
    },
    responses: { 200: json(UserViewSchema), ...errorResponses(400, 401, 403, 404, 409) },
  }), async (c) => {
    const body = c.req.valid('json');
    const passwordHash = body.password === undefined ? undefined : await hashPassword(body.password);
    const result = await users.update(c.req.valid('param').id, { role: body.role, disabled: body.disabled, passwordHash }, c.get('principal'));
    return c.json(viewUser(result), 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/{id}', tags: ['users'], middleware: [admin] as const,
    summary: 'Delete a user with their tokens and sessions (not yourself, not the last admin)',
    request: { params: IdParams },
    responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404, 409) },
  }), async (c) => {
    await users.delete(c.req.valid('param').id, c.get('principal'));
    return c.body(null, 204);
  });

  return app;
}
