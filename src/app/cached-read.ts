/**
 * A read the routing path repeats on every event (the webhooks, the live
 * silences), kept for `maxAgeMs`: changes made through this process call
 * `invalidate()`, and `maxAgeMs` bounds how long a change made by another
 * replica takes to be seen. A failed read is not kept, so the next event
 * asks again.
 */
export class CachedRead<T> {
  readonly #load: (now: number) => Promise<T>;
  readonly #maxAgeMs: number;
  #entry: { at: number; value: Promise<T> } | undefined;

  constructor(load: (now: number) => Promise<T>, maxAgeMs: number) {
    this.#load = load;
    this.#maxAgeMs = maxAgeMs;
  }

  get(now: number): Promise<T> {
    if (this.#entry === undefined || now - this.#entry.at > this.#maxAgeMs) {
      const value = this.#load(now);
      const entry = { at: now, value };
      this.#entry = entry;
      value.catch(() => { if (this.#entry === entry) this.#entry = undefined; });
    }
    return this.#entry.value;
  }

  invalidate(): void {
    this.#entry = undefined;
  }
}
