import { createHash, timingSafeEqual } from 'node:crypto';
import type { AccountStore } from '../../app/ports/account-repository.ts';
import { sha256Hex } from './credentials.ts';
import { lesserRole, type Authenticator, type Principal } from './principal.ts';
import { readSessionCookie, SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_TOUCH_MS } from './sessions.ts';

export interface AccountAuthenticatorOptions {
  accounts: AccountStore;
  /** `auth.adminToken` from the config: a bootstrap admin that needs no user. */
  adminToken?: string;
  now?: () => number;
}

/** How often a token's lastUsedAt is written, at most. */
const TOKEN_TOUCH_MS = 60 * 1000;

/**
 * Bearer API tokens (looked up by SHA-256), the configured bootstrap admin
 * token (compared in constant time) and console session cookies. Every
 * request re-reads the owner, so a disabled user, a lowered role or a
 * deleted token takes effect at once; a token never does more than its
 * owner's current role allows.
 */
export class AccountAuthenticator implements Authenticator {
  readonly #accounts: AccountStore;
  readonly #adminDigest: Buffer | undefined;
  readonly #now: () => number;

  constructor(opts: AccountAuthenticatorOptions) {
    this.#accounts = opts.accounts;
    this.#adminDigest = opts.adminToken === undefined ? undefined : createHash('sha256').update(opts.adminToken).digest();
    this.#now = opts.now ?? Date.now;
  }

  async authenticate(authorization: string | undefined, cookie: string | undefined): Promise<Principal | undefined> {
    if (authorization !== undefined) {
      const m = /^Bearer\s+(\S+)$/i.exec(authorization);
      return m === null ? undefined : this.#bearer(m[1]!);
    }
    const sessionId = readSessionCookie(cookie);
    return sessionId === undefined ? undefined : this.#session(sessionId);
  }

  async #bearer(token: string): Promise<Principal | undefined> {
    if (this.#adminDigest !== undefined && timingSafeEqual(createHash('sha256').update(token).digest(), this.#adminDigest)) {
      return { id: 'bootstrap', name: 'admin-token', role: 'admin', via: 'token', userId: null };
    }
    const now = this.#now();
    const t = await this.#accounts.getTokenByHash(sha256Hex(token));
    if (t === undefined || (t.expiresAt !== null && t.expiresAt <= now)) return undefined;
    let principal: Principal = { id: t.id, name: `token ${t.name}`, role: t.role, via: 'token', userId: null, tokenId: t.id };
    if (t.userId !== null) {
      const owner = await this.#accounts.getUser(t.userId);
      if (owner === undefined || owner.disabled) return undefined;
      principal = { id: owner.id, name: owner.name, role: lesserRole(t.role, owner.role), via: 'token', userId: owner.id, tokenId: t.id };
    }
    if (t.lastUsedAt === null || now - t.lastUsedAt >= TOKEN_TOUCH_MS) await this.#accounts.touchToken(t.id, now);
    return principal;
  }

  async #session(sessionId: string): Promise<Principal | undefined> {
    const now = this.#now();
    const hash = sha256Hex(sessionId);
    const s = await this.#accounts.getSession(hash);
    if (s === undefined) return undefined;
    if (s.expiresAt <= now || now - s.createdAt >= SESSION_MAX_MS) {
      await this.#accounts.deleteSession(hash);
      return undefined;
    }
    const user = await this.#accounts.getUser(s.userId);
    if (user === undefined || user.disabled) return undefined;
    if (now - s.lastSeenAt >= SESSION_TOUCH_MS) await this.#accounts.touchSession(hash, now + SESSION_IDLE_MS, now);
    return { id: user.id, name: user.name, role: user.role, via: 'session', userId: user.id };
  }
}
