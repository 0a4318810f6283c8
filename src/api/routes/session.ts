import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { z } from 'zod';
import { HeraldError } from '../../core/errors.ts';
import type { ApiDeps } from '../api-deps.ts';
import { newSessionId, sha256Hex } from '../auth/credentials.ts';
import { dummyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { ROLES, type AuthEnv } from '../auth/principal.ts';
import {
  assertSameOrigin, clearSessionCookie, readSessionCookie, SESSION_IDLE_MS, setSessionCookie,
} from '../auth/sessions.ts';
import { validationHook } from '../errors.ts';
import { errorResponses, json } from './schemas.ts';

const SessionUserSchema = z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES) });
const SessionSchema = z.object({ user: SessionUserSchema, via: z.enum(['token', 'session']) });

/**
 * /api/v1/session: console sign-in, who-am-I and sign-out. Mounted ahead of
 * the authentication middleware (signing in needs no credentials), so each
 * route resolves the caller itself.
 */
export function sessionRoutes(deps: ApiDeps): OpenAPIHono<AuthEnv> {
  const app = new OpenAPIHono<AuthEnv>({ defaultHook: validationHook });
  const throttle = deps.signInThrottle;

  app.openapi(createRoute({
    method: 'post', path: '/', tags: ['session'], security: [],
    summary: 'Sign in with a username and password; sets the HttpOnly herald_session cookie',
    request: {
      body: {
        content: { 'application/json': { schema: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(1024) }) } },
        required: true,
      },
    },
    responses: { 200: json(SessionSchema), ...errorResponses(400, 401, 403, 429) },
  }), async (c) => {
    // A cross-site form must not sign the browser in as someone else (login CSRF).
    assertSameOrigin(c);
    const { username, password } = c.req.valid('json');
    const name = username.trim().toLowerCase();
    const address = remoteAddress(c);
    const from = address === undefined ? '' : ` from ${address}`;
    // Checked before any hash is computed: a refused guess costs no scrypt time.
    const verdict = throttle.begin(name, address);
    if (!verdict.ok) {
      // The typed name is not logged: it may be a password typed into the wrong box.
      deps.logWarn({ address: address ?? null, reason: `too many failures for this ${verdict.by}` }, 'sign-in refused');
      c.header('Retry-After', String(Math.ceil(verdict.retryAfterMs / 1000)));
      throw new HeraldError('TOO_MANY_REQUESTS', `too many failed sign-ins for this ${verdict.by === 'user' ? 'user' : 'address'}; try again in ${Math.ceil(verdict.retryAfterMs / 1000)} s`);
    }
    const user = await deps.accounts.getUserByName(name);
    let matches: boolean;
    try {
      matches = await verifyPassword(password, user?.passwordHash ?? await dummyPasswordHash());
    } catch (err) {
      verdict.attempt.abandoned(); // the hash queue was full: nothing was guessed
      if (err instanceof HeraldError && err.code === 'TOO_MANY_REQUESTS') c.header('Retry-After', '5');
      throw err;
    }
    if (user === undefined || !matches || user.disabled) {
      // An unknown name is not echoed: people type their password into the username box.
      const why = user === undefined ? 'no such user' : !matches ? 'wrong password' : 'user is disabled';
      deps.logWarn({ user: user?.name ?? null, address: address ?? null, reason: why }, 'sign-in refused');
      await deps.audit.record({ id: user?.id ?? null, name: user?.name ?? '(unknown user)' }, 'session.login_failed',
        { type: 'user', id: user?.id ?? null, name: user?.name ?? null }, `sign-in refused: ${why}${from}`);
      throw new HeraldError('UNAUTHENTICATED', 'wrong username or password');
    }
    verdict.attempt.succeeded();
    const now = Date.now();
    const previous = readSessionCookie(c.req.header('cookie'));
    if (previous !== undefined) await deps.accounts.deleteSession(sha256Hex(previous));
    await deps.accounts.deleteExpiredSessions(now);
    const sessionId = newSessionId();
    await deps.accounts.createSession({ hash: sha256Hex(sessionId), userId: user.id, createdAt: now, expiresAt: now + SESSION_IDLE_MS, lastSeenAt: now });
    setSessionCookie(c, sessionId);
    await deps.audit.record(user, 'session.login', { type: 'user', id: user.id, name: user.name }, `signed in${from}`);
    return c.json({ user: { id: user.id, name: user.name, role: user.role }, via: 'session' as const }, 200);
  });

  app.openapi(createRoute({
    method: 'get', path: '/', tags: ['session'], summary: 'Who the caller is (session cookie or bearer token)',
    responses: { 200: json(SessionSchema), ...errorResponses(401) },
  }), async (c) => {
    const p = await deps.auth.authenticate(c.req.header('authorization'), c.req.header('cookie'));
    if (p === undefined) throw new HeraldError('UNAUTHENTICATED', 'not signed in');
    return c.json({ user: { id: p.id, name: p.name, role: p.role }, via: p.via }, 200);
  });

  app.openapi(createRoute({
    method: 'delete', path: '/', tags: ['session'], security: [], summary: 'Sign out: ends the session and clears the cookie',
    responses: { 204: { description: 'Signed out' }, ...errorResponses(403) },
  }), async (c) => {
    assertSameOrigin(c);
    const sessionId = readSessionCookie(c.req.header('cookie'));
    if (sessionId !== undefined) {
      const hash = sha256Hex(sessionId);
      const session = await deps.accounts.getSession(hash);
      if (session !== undefined && await deps.accounts.deleteSession(hash)) {
        const user = await deps.accounts.getUser(session.userId);
        if (user !== undefined) await deps.audit.record(user, 'session.logout', { type: 'user', id: user.id, name: user.name }, 'signed out');
      }
    }
    clearSessionCookie(c);
    return c.body(null, 204);
  });

  return app;
}

/** The peer's address. X-Forwarded-For is not trusted: anyone could send it to dodge the limit. */
function remoteAddress(c: Context): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not behind @hono/node-server (in-process tests)
  }
}
