import type { KeyObject } from 'node:crypto';
import type { Webhook } from '../core/webhook.ts';
import { prepareKey } from './signing.ts';

/**
 * Prepared HMAC keys per webhook version (id + updatedAt: any secret change
 * bumps updatedAt, and the secrets are compared too), so a delivery does not decode and import its secrets
 * again. Bounded: the least recently used versions are dropped first.
 */
interface Entry { secrets: string; current: KeyObject; previous: Array<{ key: KeyObject; expiresAt: number }> }

export class SigningKeyCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  /** The keys that sign now: the current secret's first, then unexpired previous ones. */
  keysFor(w: Webhook, now: number): KeyObject[] {
    if (w.secret === null) return [];
    const version = `${w.id}@${w.updatedAt}`;
    // Two edits within one millisecond share an updatedAt; the secrets themselves decide.
    const secrets = [w.secret, ...w.previousSecrets.map((p) => p.secret)].join('\n');
    let entry = this.#entries.get(version);
    if (entry === undefined || entry.secrets !== secrets) {
      this.#entries.delete(version);
      entry = {
        secrets,
        current: prepareKey(w.secret),
        previous: w.previousSecrets.map((p) => ({ key: prepareKey(p.secret), expiresAt: p.expiresAt })),
      };
      if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    } else {
      this.#entries.delete(version);
    }
    this.#entries.set(version, entry);
    return [entry.current, ...entry.previous.filter((p) => p.expiresAt > now).map((p) => p.key)];
  }
}
