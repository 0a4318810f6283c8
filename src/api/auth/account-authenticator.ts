import { hash, timingSafeEqual } from 'node:crypto';
import type { AccountStore } from '../../app/ports/account-repository.ts';
import { sha256Hex } from './credentials.ts';
import { TokenCache, type ResolvedToken } from './token-cache.ts';
import { lesserRole, type Authenticator, type Principal } from './principal.ts';
import { readSessionCookie, SESSION_IDLE_MS, SESSION_MAX_MS, SESSION_TOUCH_MS } from './sessions.ts';

export interface AccountAuthenticatorOptions {
  accounts: AccountStore;
  /** `auth.adminToken` from the config: a bootstrap admin that needs no user. */
  adminToken?: string;
  now?: () => number;
  /**
   * Keep resolved API tokens in memory. Exact only when every change to
   * users and tokens goes through this process's `accounts` as returned by
   * `revokingThrough` (one process on SQLite); off for PostgreSQL replicas.
   */
  cacheTokens?: boolean;
}

/** How often a token's lastUsedAt is written, at most. */
const TOKEN_TOUCH_MS = 60 * 1000;

/**
 * Bearer API tokens (looked up by SHA-256), the configured bootstrap admin
 * token (compared in constant time) and console session cookies. A disabled
 * user, a lowered role or a deleted token takes effect at once: without the
 * token cache every request re-reads token and owner; with it, every change
 * to users or tokens empties the cache (TokenCache), and expiry is checked on
 * every request. A token never does more than its owner's current role allows.
 */
export class AccountAuthenticator implements Authenticator {
  readonly #accounts: AccountStore;
  readonly #adminDigest: Buffer | undefined;
  readonly #now: () => number;
  readonly #tokens: TokenCache | undefined;

  constructor(opts: AccountAuthenticatorOptions) {
    this.#accounts = opts.accounts;
    this.#adminDigest = opts.adminToken === undefined ? undefined : hash('sha256', opts.adminToken, 'buffer');
    this.#now = opts.now ?? Date.now;
    this.#tokens = opts.cacheTokens === true ? new TokenCache() : undefined;
  }

  /**
   * `accounts` with every change to users and tokens also emptying the token
   * cache: the composition root hands this to everything that writes accounts.
   */
  revokingThrough(accounts: AccountStore): AccountStore {
    const tokens = this.#tokens;
    return tokens === undefined ? accounts : tokens.revokingThrough(accounts);
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
    // One digest serves both: compared with the bootstrap token's, and (hex) the stored tokens' key.
    const digest = hash('sha256', token, 'buffer');
    if (this.#adminDigest !== undefined && timingSafeEqual(digest, this.#adminDigest)) {
      return { id: 'bootstrap', name: 'admin-token', role: 'admin', via: 'token', userId: null };
    }
    const now = this.#now();
    const key = digest.toString('hex');
    const resolved = this.#tokens?.get(key) ?? await this.#resolve(key);
    if (resolved === undefined) return undefined;
    const { token: t, principal } = resolved;
    if (t.expiresAt !== null && t.expiresAt <= now) return undefined;
    if (t.lastUsedAt === null || now - t.lastUsedAt >= TOKEN_TOUCH_MS) {
      await this.#accounts.touchToken(t.id, now);
      t.lastUsedAt = now;
    }
    return { ...principal };
  }

  /** Token and owner read from the store; kept in the cache unless accounts changed meanwhile. */
  async #resolve(key: string): Promise<ResolvedToken | undefined> {
    const generation = this.#tokens?.generation();
    const t = await this.#accounts.getTokenByHash(key);
    if (t === undefined) return undefined;
    let principal: Principal = { id: t.id, name: `token ${t.name}`, role: t.role, via: 'token', userId: null, tokenId: t.id };
    if (t.userId !== null) {
      const owner = await this.#accounts.getUser(t.userId);
      if (owner === undefined || owner.disabled) return undefined;
      principal = { id: owner.id, name: owner.name, role: lesserRole(t.role, owner.role), via: 'token', userId: owner.id, tokenId: t.id };
    }
    const resolved = { token: { ...t }, principal };
    if (generation !== undefined) this.#tokens!.put(key, resolved, generation);
    return resolved;
  }

  async #session(sessionId: string): Promise<Principal | undefined> {
    const now = this.#now();
    const key = sha256Hex(sessionId);
    const s = await this.#accounts.getSession(key);
    if (s === undefined) return undefined;
    if (s.expiresAt <= now || now - s.createdAt >= SESSION_MAX_MS) {
      await this.#accounts.deleteSession(key);
      return undefined;
    }
    const user = await this.#accounts.getUser(s.userId);
    if (user === undefined || user.disabled) return undefined;
    if (now - s.lastSeenAt >= SESSION_TOUCH_MS) await this.#accounts.touchSession(key, now + SESSION_IDLE_MS, now);
    return { id: user.id, name: user.name, role: user.role, via: 'session', userId: user.id };
  }
}
