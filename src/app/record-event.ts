import { normalizeEvent, type EventInput, type HeraldEvent } from '../core/event.ts';
import { matchesFilters } from '../core/filters.ts';
import type { PathMatcher } from '../core/field-path.ts';
import { newId } from '../core/ids.ts';
import { redactEvent, redactionMatcher } from '../core/redact.ts';
import { silencedBy, type Silence } from '../core/silence.ts';
import type { Webhook } from '../core/webhook.ts';
import { normalizeBatchItem } from './batch-item.ts';
import { CachedRead } from './cached-read.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { EventLog, EventToRecord, RecordEventResult } from './ports/event-log.ts';
import type { Fence } from './ports/lease.ts';
import type { SilenceRepository } from './ports/silence-repository.ts';
import type { SourceStateWrite } from './ports/source-state.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';

/**
 * The one door every source uses: normalize the event, find the webhooks whose
 * filters match (none while a silence mutes it: the event is recorded with the
 * silences' ids), and record event + deliveries (+ source state) in one
 * transaction, then wake the dispatcher. Sources never talk to the store or
 * the dispatcher directly.
 */
export interface IngestOptions {
  /** Source state written in the same transaction as the event. */
  state?: readonly SourceStateWrite[];
  /** Deliver only to these webhooks (the test button); filters and silences are skipped. */
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
   * Bounds how long a webhook or silence change made by another replica takes
   * to route; changes made through this process call `invalidate()`.
   */
  cacheMs?: number;
  /** Told of every event newly recorded (not duplicates), e.g. for metrics. */
  onEvent?: (event: HeraldEvent) => void;
  /** Paths whose values never leave Herald (config `redact`); Secret data is always redacted. */
  redaction?: PathMatcher;
}

type IngestStore = Pick<EventLog, 'recordEvent' | 'recordEvents'> & Pick<WebhookRepository, 'listWebhooks'> & Pick<SilenceRepository, 'listSilences'>;

export class Ingestor implements Ingest {
  readonly #store: IngestStore;
  readonly #wake: () => void;
  readonly #clock: Clock;
  readonly #onEvent: (event: HeraldEvent) => void;
  readonly #redaction: PathMatcher;
  readonly #webhooks: CachedRead<Webhook[]>;
  /** Only silences not over when read; whether one is active is decided per event. */
  readonly #silences: CachedRead<Silence[]>;

  constructor(store: IngestStore, opts: IngestorOptions = {}) {
    this.#store = store;
    const worker = opts.worker;
    this.#wake = worker === undefined ? () => {} : () => worker.wake();
    this.#clock = opts.clock ?? systemClock;
    this.#onEvent = opts.onEvent ?? (() => {});
    this.#redaction = opts.redaction ?? redactionMatcher();
    const cacheMs = opts.cacheMs ?? 2000;
    this.#webhooks = new CachedRead(() => store.listWebhooks(), cacheMs);
    this.#silences = new CachedRead((now) => store.listSilences({ endsAfter: now }), cacheMs);
  }

  /** Forgets the webhooks read for routing (a webhook changed). */
  invalidate(): void {
    this.#webhooks.invalidate();
  }

  /** Forgets the silences read for routing (a silence changed). */
  invalidateSilences(): void {
    this.#silences.invalidate();
  }

  async ingest(input: EventInput, opts: IngestOptions = {}): Promise<RecordEventResult> {
    const now = this.#clock.now();
    // Before anything is stored or matched: no secret value goes further than this line.
    const normalized = redactEvent(normalizeEvent(input, newId('evt', now), new Date(now)), this.#redaction);
    const { event, webhookIds } = opts.onlyWebhookIds === undefined
      ? this.#route(await this.#webhooks.get(now), await this.#silences.get(now), normalized, now)
      : { event: normalized, webhookIds: opts.onlyWebhookIds };
    const result = await this.#store.recordEvent(event, webhookIds, { now, once: opts.once, state: opts.state, fence: opts.fence });
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
    const webhooks = await this.#webhooks.get(now);
    const silences = await this.#silences.get(now);
    const results = await this.#store.recordEvents(events.map((event) => this.#route(webhooks, silences, event, now)), { now });
    this.#recorded(results);
    return results;
  }

  #route(webhooks: readonly Webhook[], silences: readonly Silence[], event: HeraldEvent, now: number): EventToRecord {
    const muted = silences.length === 0 ? [] : silencedBy(silences, event, now);
    if (muted.length > 0) return { event: { ...event, silencedBy: muted }, webhookIds: [] };
    return { event, webhookIds: webhooks.filter((w) => w.enabled && matchesFilters(w.filters, event)).map((w) => w.id) };
  }

  #recorded(results: readonly RecordEventResult[]): void {
    for (const r of results) if (!r.duplicate) this.#onEvent(r.event);
    if (results.some((r) => r.deliveryIds.length > 0)) this.#wake();
  }
}
