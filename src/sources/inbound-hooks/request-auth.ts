import { safeEqual } from '../safe-equal.ts';
import type { InboundRequest, Verdict } from './sender-type.ts';

/**
 * Header credentials a source may require on top of (or instead of) a
 * signature: a bearer token, basic auth, or for GET senders a `token` query
 * parameter. Every comparison is constant-time.
 */
export interface CredentialConfig {
  token?: string | undefined;
  basic?: { username: string; password: string } | undefined;
}

export function checkCredentials(req: InboundRequest, config: CredentialConfig): Verdict {
  if (config.token === undefined && config.basic === undefined) return { ok: true };
  const auth = req.headers.authorization ?? '';
  if (config.token !== undefined) {
    const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
    const fromQuery = req.method === 'GET' ? req.query.get('token') ?? undefined : undefined;
    const presented = bearer ?? fromQuery;
    if (presented !== undefined && safeEqual(presented, config.token)) return { ok: true };
  }
  if (config.basic !== undefined) {
    const encoded = /^Basic\s+(.+)$/i.exec(auth)?.[1];
    if (encoded !== undefined) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      if (safeEqual(decoded, `${config.basic.username}:${config.basic.password}`)) return { ok: true };
    }
  }
  return { ok: false, reason: auth === '' ? 'no credentials' : 'credentials do not match' };
}
