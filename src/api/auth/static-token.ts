import { createHash, timingSafeEqual } from 'node:crypto';
import type { Authenticator, Principal } from './principal.ts';

/** One admin token from config or the first run; compared in constant time. */
export class StaticTokenAuthenticator implements Authenticator {
  readonly #digest: Buffer;

  constructor(token: string) {
    this.#digest = createHash('sha256').update(token).digest();
  }

  async authenticate(authorization: string | undefined): Promise<Principal | undefined> {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (m === null) return undefined;
    const digest = createHash('sha256').update(m[1]!).digest();
    return timingSafeEqual(digest, this.#digest) ? { id: 'admin', name: 'admin', role: 'admin' } : undefined;
  }
}
