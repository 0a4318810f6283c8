import { createHash } from 'node:crypto';

/**
 * One open client per webhook (the pool key), as the HTTP sender keeps one
 * connection pool per webhook: a broker that is slow for one webhook never
 * holds up another's. A webhook whose destination or credentials changed gets
 * a new client (the fingerprint differs) and the old one is closed. A client
 * that failed is dropped, so the next attempt connects afresh: that is how a
 * delivery rides out a broker restart.
 */
export class ClientPool<T> {
  readonly #clients = new Map<string, { fingerprint: string; client: Promise<T> }>();
  readonly #close: (client: T) => Promise<void>;
  readonly #isOpen: (client: T) => boolean;

  /** `isOpen` says whether a held client is still connected (the broker may have closed it meanwhile). */
  constructor(close: (client: T) => Promise<void>, isOpen: (client: T) => boolean) {
    this.#close = close;
    this.#isOpen = isOpen;
  }

  async get(key: string, fingerprint: string, open: () => Promise<T>): Promise<T> {
    const held = this.#clients.get(key);
    if (held !== undefined && held.fingerprint === fingerprint) {
      const client = await held.client.catch(() => undefined);
      if (client !== undefined && this.#isOpen(client)) return client;
    }
    if (this.#clients.get(key) === held) this.drop(key);
    const pending = this.#clients.get(key);
    if (pending !== undefined && pending.fingerprint === fingerprint) return pending.client;
    const client = open();
    this.#clients.set(key, { fingerprint, client });
    // A connect that failed is forgotten at once, so the next attempt tries again.
    client.catch(() => { if (this.#clients.get(key)?.client === client) this.#clients.delete(key); });
    return client;
  }

  /** Forgets and closes the client of `key` (it failed, or its webhook changed). */
  drop(key: string): void {
    const held = this.#clients.get(key);
    if (held === undefined) return;
    this.#clients.delete(key);
    void held.client.then((c) => this.#close(c)).catch(() => {});
  }

  async closeAll(): Promise<void> {
    const all = [...this.#clients.values()];
    this.#clients.clear();
    await Promise.allSettled(all.map(async (h) => this.#close(await h.client)));
  }
}

/** What decides whether a held client still fits: the URL, the credentials and the TLS options, hashed. */
export function fingerprintOf(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
