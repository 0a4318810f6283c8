/**
 * Sign-in throttling: at most `maxPerUser` failed sign-ins per username and
 * `maxPerAddress` per client address within `windowMs`; beyond that,
 * attempts are refused before any password is hashed, so a guessing flood
 * costs Herald almost nothing.
 *
 * An attempt is counted when it starts, not when its hash finishes: a burst
 * of concurrent guesses cannot all slip in while the first hashes run. A
 * success removes its own count and clears the user's failures, but leaves
 * the address's other failures: signing in to one's own account must not
 * reset the counter an attacker on that address is guessing against.
 *
 * Counters live in this process. With several replicas each keeps its own,
 * so the limits are per replica; they are a brake on guessing, and the
 * scrypt cost stays the real defence.
 */
export interface SignInLimits {
  maxFailuresPerUser: number;
  maxFailuresPerAddress: number;
  windowMs: number;
}

export interface SignInAttempt {
  /** The credentials were right: forget this attempt and the user's earlier failures. */
  succeeded(): void;
  /** The password was never checked (Herald was too busy): forget this attempt only. */
  abandoned(): void;
}

export type SignInVerdict = { ok: true; attempt: SignInAttempt } | { ok: false; retryAfterMs: number; by: 'user' | 'address' };

/** Keys kept at most; past it, expired keys go first, then the oldest. Bounds memory under a flood of made-up names. */
const MAX_KEYS = 10_000;

export class SignInThrottle {
  readonly #limits: SignInLimits;
  readonly #now: () => number;
  /** key → start times of counted attempts, oldest first. */
  readonly #attempts = new Map<string, number[]>();

  constructor(limits: SignInLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Call before checking the password; a refusal says how long until the oldest counted failure expires. */
  begin(username: string, address: string | undefined): SignInVerdict {
    const now = this.#now();
    const userKey = `u:${username}`;
    const addressKey = address === undefined ? undefined : `a:${address}`;
    const byUser = this.#wait(userKey, this.#limits.maxFailuresPerUser, now);
    const byAddress = addressKey === undefined ? 0 : this.#wait(addressKey, this.#limits.maxFailuresPerAddress, now);
    if (byUser > 0 || byAddress > 0) {
      return byUser >= byAddress ? { ok: false, retryAfterMs: byUser, by: 'user' } : { ok: false, retryAfterMs: byAddress, by: 'address' };
    }
    this.#add(userKey, now);
    if (addressKey !== undefined) this.#add(addressKey, now);
    return {
      ok: true,
      attempt: {
        succeeded: () => {
          this.#attempts.delete(userKey);
          if (addressKey !== undefined) this.#remove(addressKey, now);
        },
        abandoned: () => {
          this.#remove(userKey, now);
          if (addressKey !== undefined) this.#remove(addressKey, now);
        },
      },
    };
  }

  /** 0 when another attempt may start, else the milliseconds until one may. */
  #wait(key: string, max: number, now: number): number {
    const live = this.#live(key, now);
    if (live.length < max) return 0;
    return Math.max(1, live[live.length - max]! + this.#limits.windowMs - now);
  }

  #live(key: string, now: number): number[] {
    const times = this.#attempts.get(key);
    if (times === undefined) return [];
    const live = times.filter((t) => t > now - this.#limits.windowMs);
    if (live.length === 0) this.#attempts.delete(key);
    else if (live.length !== times.length) this.#attempts.set(key, live);
    return live;
  }

  #add(key: string, now: number): void {
    const live = this.#live(key, now);
    this.#attempts.delete(key); // re-inserted last: Map order is then least recently failed first
    this.#attempts.set(key, [...live, now]);
    if (this.#attempts.size > MAX_KEYS) this.#prune(now);
  }

  #remove(key: string, time: number): void {
    const times = this.#attempts.get(key);
    const i = times?.lastIndexOf(time) ?? -1;
    if (times === undefined || i < 0) return;
    times.splice(i, 1);
    if (times.length === 0) this.#attempts.delete(key);
  }

  #prune(now: number): void {
    for (const key of this.#attempts.keys()) this.#live(key, now);
    for (const key of this.#attempts.keys()) {
      if (this.#attempts.size <= MAX_KEYS) break;
      this.#attempts.delete(key);
    }
  }
}
