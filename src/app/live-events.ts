import type { HeraldEvent } from '../core/event.ts';

export type LiveListener = (event: HeraldEvent) => void;

/**
 * Events as this process records them, for the console's live view (the SSE
 * stream). In-process only: with several replicas behind a Service a stream
 * hears the events its own replica recorded, and the console reloads the
 * list from the store on reconnect to fill any gap.
 */
export class LiveEvents {
  readonly #listeners = new Set<LiveListener>();

  subscribe(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  publish(event: HeraldEvent): void {
    // A listener that throws (a closed stream) must not stop the others or the ingest.
    for (const l of this.#listeners) {
      try { l(event); } catch { this.#listeners.delete(l); }
    }
  }

  get size(): number {
    return this.#listeners.size;
  }
}
