import type { AccountStore, ApiToken } from '../../app/ports/account-repository.ts';
import type { Principal } from './principal.ts';

/** A stored API token as authentication resolved it: the token and who it acts as. */
export interface ResolvedToken {
  token: ApiToken;
  principal: Principal;
}

/** The account writes that can take a token's power away: delete it, delete, disable or demote its owner. */
const REVOKING = new Set<PropertyKey>(['deleteToken', 'updateUser', 'deleteUser']);

/** Enough for every token in use; past it the oldest entry goes. */
const MAX_ENTRIES = 10_000;

/**
 * Resolved API tokens by SHA-256 (hex), so a request with a known token reads
 * neither token nor owner from the store: two reads per request before.
 * Exact because every revoking write made through `revokingThrough(accounts)`
 * empties it once the write is done, and bumps a generation so that a lookup
 * that read the store before that write finished is not kept. Only unknown
 * tokens are never kept, so guessing fills nothing. Expiry is not cached:
 * the authenticator compares expiresAt with the clock on every request.
 */
export class TokenCache {
  readonly #entries = new Map<string, ResolvedToken>();
  #generation = 0;

  get(hash: string): ResolvedToken | undefined {
    return this.#entries.get(hash);
  }

  /** The generation to pass to `put`: taken before reading the store. */
  generation(): number {
    return this.#generation;
  }

  /** Keeps `resolved` unless accounts changed since `generation` was taken. */
  put(hash: string, resolved: ResolvedToken, generation: number): void {
    if (generation !== this.#generation) return;
    if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(hash, resolved);
  }

  /** Forgets every token (a user or token changed). */
  clear(): void {
    this.#generation++;
    this.#entries.clear();
  }

  /**
   * `accounts`, with each revoking write clearing this cache once it is done
   * (failed or not): nothing read before the write committed is answered after it.
   */
  revokingThrough(accounts: AccountStore): AccountStore {
    return new Proxy(accounts, {
      get: (target, key) => {
        const value: unknown = Reflect.get(target, key, target);
        if (typeof value !== 'function') return value;
        if (!REVOKING.has(key)) return value.bind(target);
        return async (...args: unknown[]) => {
          try {
            return await value.apply(target, args);
          } finally {
            this.clear();
          }
        };
      },
    });
  }
}
