import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { HeraldError } from '../core/errors.ts';

/**
 * Encrypts webhook secrets, tokens and passwords at rest (AES-256-GCM), so a
 * copied database file or backup does not leak receivers' credentials.
 * The key lives outside the database: HERALD_SECRET_KEY or <dataDir>/secret.key.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new HeraldError('CONFIG_INVALID', 'the secret key (HERALD_SECRET_KEY or <dataDir>/secret.key) must be 32 bytes: 64 hex characters or 44 base64 characters');
    this.#key = key;
  }

  static fromString(text: string): SecretBox {
    const trimmed = text.trim();
    const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
    return new SecretBox(key);
  }

  static generateKey(): string {
    return randomBytes(32).toString('hex');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, body] = sealed.split(':');
    if (version !== 'v1' || iv === undefined || tag === undefined || body === undefined) {
      throw new HeraldError('CONFIG_INVALID', 'a stored secret is not in a format this Herald reads');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
    } catch (err) {
      throw new HeraldError('CONFIG_INVALID', 'stored secrets cannot be decrypted: is HERALD_SECRET_KEY (or secret.key) the one they were written with?', { cause: err });
    }
  }
}
