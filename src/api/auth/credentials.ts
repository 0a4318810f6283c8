import { createHash, randomBytes } from 'node:crypto';

/**
 * Bearer secrets (API tokens, session ids) are 256 random bits, so a plain
 * SHA-256 is enough to store them: there is nothing to brute-force, and
 * lookup by hash stays one indexed read. Only the hash is ever written.
 */
export const TOKEN_PREFIX = 'hrd_';

export function newApiToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

export function sha256Hex(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Enough of a token to tell it apart in a list (`hrd_AbCd`), far too little to use. */
export function tokenPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 4);
}
