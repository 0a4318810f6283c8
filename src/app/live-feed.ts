/**
 * What this process records, told to whoever listens now: the console's
 * live streams (events, delivery changes). In-process only: with several
 * replicas behind a Service a stream hears what its own replica did, and
 * the console reloads from the store on reconnect to fill any gap.
 */
export class LiveFeed<T> {
  readonly #listeners = new Set<(item: T) => void>();

  subscribe(listener: (item: T) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  publish(item: T): void {
    // A listener that throws (a closed stream) must not stop the others or the ingest.
    for (const l of this.#listeners) {
      try { l(item); } catch { this.#listeners.delete(l); }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
