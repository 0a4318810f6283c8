import { normalizeEvent, type EventInput, type HeraldEvent } from '../core/event.ts';
import { matchesFilters } from '../core/filters.ts';
import type { PathMatcher } from '../core/field-path.ts';
import { newId } from '../core/ids.ts';
import { redactEvent, redactionMatcher } from '../core/redact.ts';
import type { Webhook } from '../core/webhook.ts';
import { normalizeBatchItem } from './batch-item.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { EventLog, RecordEventResult } from './ports/event-log.ts';
import type { Fence } from './ports/lease.ts';
import type { SourceStateWrite } from './ports/source-state.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';

/**
 * The one door every source uses: normalize the event, find the webhooks whose
 * filters match, and record event + deliveries (+ source state) in one
 * transaction, then wake the dispatcher. Sources never talk to the store or
 * the dispatcher directly.
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

export interface IngestorOptions {
  worker?: Pick<DeliveryWorker, 'wake'>;
  clock?: Clock;
  /**
   * Bounds how long a webhook change made by another replica takes to route;
   * changes made through this process call `invalidate()`.
   */
  cacheMs?: number;
  /** Told of every event newly recorded (not duplicates), e.g. for metrics. */
  onEvent?: (event: HeraldEvent) => void;
  /** Paths whose values never leave Herald (config `redact`); Secret data is always redacted. */
  redaction?: PathMatcher;
}

export class Ingestor implements Ingest {
  readonly #store: Pick<EventLog, 'recordEvent' | 'recordEvents'> & Pick<WebhookRepository, 'listWebhooks'>;
  readonly #wake: () => void;
  readonly #clock: Clock;
  readonly #cacheMs: number;
  readonly #onEvent: (event: HeraldEvent) => void;
  readonly #redaction: PathMatcher;
  #cache: { at: number; webhooks: Promise<Webhook[]> } | undefined;

  constructor(store: Pick<EventLog, 'recordEvent' | 'recordEvents'> & Pick<WebhookRepository, 'listWebhooks'>, opts: IngestorOptions = {}) {
    this.#store = store;
    const worker = opts.worker;
    this.#wake = worker === undefined ? () => {} : () => worker.wake();
    this.#clock = opts.clock ?? systemClock;
    this.#cacheMs = opts.cacheMs ?? 2000;
    this.#onEvent = opts.onEvent ?? (() => {});
    this.#redaction = opts.redaction ?? redactionMatcher();
  }

  invalidate(): void {
    this.#cache = undefined;
  }

  async ingest(input: EventInput, opts: IngestOptions = {}): Promise<RecordEventResult> {
    const now = this.#clock.now();
    // Before anything is stored or matched: no secret value goes further than this line.
    const event = redactEvent(normalizeEvent(input, newId('evt', now), new Date(now)), this.#redaction);
    const targets = opts.onlyWebhookIds ?? this.#route(await this.#webhooks(now), event);
    const result = await this.#store.recordEvent(event, targets, { now, once: opts.once, state: opts.state, fence: opts.fence });
    this.#recorded([result]);
    return result;
  }

  /**
   * A batch, all or nothing: every item is checked before anything is written
   * (an invalid item names its index, e.g. `33.timestamp`), then all events
   * and deliveries go in one transaction. A `dedupKey` seen before, or earlier
   * in the batch, answers with the first event, so a client's retry of a batch
   * does not deliver twice.
   */
  async ingestBatch(inputs: readonly EventInput[]): Promise<RecordEventResult[]> {
    const now = this.#clock.now();
    const events = inputs.map((input, i) => redactEvent(normalizeBatchItem(input, i, now), this.#redaction));
    const webhooks = await this.#webhooks(now);
    const results = await this.#store.recordEvents(events.map((event) => ({ event, webhookIds: this.#route(webhooks, event) })), { now });
    this.#recorded(results);
    return results;
  }

  /** The webhooks `event` would be delivered to now (enabled, filters matching); the bench times it. */
  async route(event: HeraldEvent): Promise<string[]> {
    return this.#route(await this.#webhooks(this.#clock.now()), event);
  }

  #route(webhooks: readonly Webhook[], event: HeraldEvent): string[] {
    return webhooks.filter((w) => w.enabled && matchesFilters(w.filters, event)).map((w) => w.id);
  }

  #recorded(results: readonly RecordEventResult[]): void {
    for (const r of results) if (!r.duplicate) this.#onEvent(r.event);
    if (results.some((r) => r.deliveryIds.length > 0)) this.#wake();
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
