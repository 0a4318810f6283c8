import type { MiddlewareHandler } from 'hono';
import { HeraldError } from '../../core/errors.ts';

/**
 * Who is calling and what they may do. Only admin and ops manage webhooks;
 * viewers read. Authenticators (static token, users and API tokens) all
 * produce a Principal; routes only ever ask `requireRole`.
 */
export const ROLES = ['admin', 'ops', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal { id: string; name: string; role: Role }

export interface Authenticator {
  /** Resolves an Authorization header (and cookies, for the console) to a principal. */
  authenticate(authorization: string | undefined, cookie: string | undefined): Promise<Principal | undefined>;
}

export type AuthEnv = { Variables: { principal: Principal } };

export function authenticate(auth: Authenticator): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = await auth.authenticate(c.req.header('authorization'), c.req.header('cookie'));
    if (principal === undefined) throw new HeraldError('UNAUTHENTICATED', 'send "Authorization: Bearer <token>"; herald serve prints an admin token on first run');
    c.set('principal', principal);
    await next();
  };
}

export const MANAGE_ROLES: readonly Role[] = ['admin', 'ops'];

export function requireRole(...roles: readonly Role[]): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (!roles.includes(p.role)) throw new HeraldError('FORBIDDEN', `role "${p.role}" may not do this; it needs ${roles.join(' or ')}`);
    await next();
  };
}
