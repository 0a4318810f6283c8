import type { Context } from 'hono';
import { HeraldError } from '../../core/errors.ts';

/**
 * Console sessions: a random id in an HttpOnly, SameSite=Strict cookie
 * (Secure over TLS), stored only as its SHA-256 with a sliding expiry.
 * SameSite=Strict keeps the cookie off cross-site requests in current
 * browsers; the Origin check below refuses the rest (older browsers,
 * same-site subdomains), so the cookie cannot be ridden by another site.
 */
export const SESSION_COOKIE = 'herald_session';
/** Idle time after which a session ends. */
export const SESSION_IDLE_MS = 12 * 3600 * 1000;
/** A session ends this long after sign-in however active it is. */
export const SESSION_MAX_MS = 7 * 24 * 3600 * 1000;
/** Slide the expiry at most this often, so reading pages does not write on every request. */
export const SESSION_TOUCH_MS = 60 * 1000;
/** Only the API reads the cookie; static console files never need it. */
const COOKIE_PATH = '/api/v1';

export function readSessionCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,200}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

function isTls(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:';
}

export function setSessionCookie(c: Context, sessionId: string): void {
  const attrs = [`${SESSION_COOKIE}=${sessionId}`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Strict'];
  if (isTls(c)) attrs.push('Secure');
  c.header('set-cookie', attrs.join('; '), { append: true });
}

export function clearSessionCookie(c: Context): void {
  const attrs = [`${SESSION_COOKIE}=`, `Path=${COOKIE_PATH}`, 'HttpOnly', 'SameSite=Strict', 'Max-Age=0'];
  if (isTls(c)) attrs.push('Secure');
  c.header('set-cookie', attrs.join('; '), { append: true });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser says came from another
 * site. No Origin (curl, old browsers on same-origin requests) passes;
 * otherwise the Origin's host must be the Host the request was sent to.
 * Host, not scheme, is compared, so TLS terminated by a proxy still works.
 */
export function assertSameOrigin(c: Context): void {
  if (SAFE_METHODS.has(c.req.method)) return;
  const site = c.req.header('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') throw crossSite(`Sec-Fetch-Site: ${site}`);
  const origin = c.req.header('origin');
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw crossSite(`Origin: ${origin.slice(0, 100)}`);
  }
  const expected = c.req.header('host') ?? new URL(c.req.url).host;
  if (host === '' || host.toLowerCase() !== expected.toLowerCase()) throw crossSite(`Origin: ${origin.slice(0, 100)}`);
}

function crossSite(what: string): HeraldError {
  return new HeraldError('FORBIDDEN', `a cross-site request (${what}) may not change anything with the session cookie; use an API token`);
}
