import { normalizeEvent, type EventInput } from '../core/event.ts';
import { matchesFilters } from '../core/filters.ts';
import { newId } from '../core/ids.ts';
import type { Webhook } from '../core/webhook.ts';
import type { Fence } from '../store/lease.ts';
import type { RecordEventResult, SourceStateWrite, Store } from '../store/store.ts';

/**
 * The one door every source uses: normalize the event, find the webhooks whose
 * filters match, and record event + deliveries (+ source state) in one
 * transaction. Sources never talk to the store or the dispatcher directly.
 */
export interface IngestOptions {
  /** Source state written in the same transaction as the event. */
  state?: readonly SourceStateWrite[];
  /** Deliver only to these webhooks (the test button); filters are skipped. */
  onlyWebhookIds?: readonly string[];
  once?: boolean;
  /** The lease the caller writes under (a cluster watch leader); the store refuses the write once it moved on. */
  fence?: Fence;
}

export interface Ingest {
  ingest(input: EventInput, opts?: IngestOptions): Promise<RecordEventResult>;
}

export class Ingestor implements Ingest {
  readonly #store: Store;
  readonly #onRecorded: () => void;
  readonly #cacheMs: number;
  #cache: { at: number; webhooks: Promise<Webhook[]> } | undefined;

  /**
   * `cacheMs` bounds how long a webhook change made by another replica takes to
   * route; changes made through this process call `invalidate()`.
   */
  constructor(store: Store, onRecorded: () => void = () => {}, cacheMs = 2000) {
    this.#store = store;
    this.#onRecorded = onRecorded;
    this.#cacheMs = cacheMs;
  }

  invalidate(): void {
    this.#cache = undefined;
  }

  async ingest(input: EventInput, opts: IngestOptions = {}): Promise<RecordEventResult> {
    const now = Date.now();
    const event = normalizeEvent(input, newId('evt', now), new Date(now));
    const targets = opts.onlyWebhookIds ?? (await this.#webhooks(now))
      .filter((w) => w.enabled && matchesFilters(w.filters, event))
      .map((w) => w.id);
    const result = await this.#store.recordEvent(event, targets, { now, once: opts.once, state: opts.state, fence: opts.fence });
    if (result.deliveryIds.length > 0) this.#onRecorded();
    return result;
  }

  #webhooks(now: number): Promise<Webhook[]> {
    if (this.#cache === undefined || now - this.#cache.at > this.#cacheMs) {
      const webhooks = this.#store.listWebhooks();
      this.#cache = { at: now, webhooks };
      webhooks.catch(() => { this.#cache = undefined; });
    }
    return this.#cache.webhooks;
  }
}
