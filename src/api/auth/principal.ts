import type { MiddlewareHandler } from 'hono';
import { HeraldError } from '../../core/errors.ts';
import type { Role } from '../../app/roles.ts';
import { assertSameOrigin } from './sessions.ts';

export { lesserRole, roleAtMost, ROLES, type Role } from '../../app/roles.ts';

/**
 * Who is calling and what they may do. Only admin and ops manage webhooks;
 * viewers read. The authenticator turns a bearer token or the console's
 * session cookie into a Principal; routes only ever ask `requireRole`.
 */
export interface Principal {
  /** The user's id; for the configured bootstrap token `bootstrap`, for a token without an owner its token id. */
  id: string;
  name: string;
  role: Role;
  /** How the caller proved who they are; a session cookie must also pass the same-origin check to change anything. */
  via: 'token' | 'session';
  /** The user behind the credential; null for the bootstrap admin token and tokens it made. */
  userId: string | null;
  /** The API token used, when via is 'token' and it is a stored token. */
  tokenId?: string;
}

export interface Authenticator {
  /**
   * Resolves an Authorization header, else the session cookie, to a principal.
   * A present but wrong Authorization header is not rescued by a cookie.
   */
  authenticate(authorization: string | undefined, cookie: string | undefined): Promise<Principal | undefined>;
}

export type AuthEnv = { Variables: { principal: Principal } };

export function authenticate(auth: Authenticator): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const principal = await auth.authenticate(c.req.header('authorization'), c.req.header('cookie'));
    if (principal === undefined) {
      throw new HeraldError('UNAUTHENTICATED', 'send "Authorization: Bearer <token>" or sign in with POST /api/v1/session; herald serve prints the first admin\'s password on first run');
    }
    if (principal.via === 'session') assertSameOrigin(c);
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
