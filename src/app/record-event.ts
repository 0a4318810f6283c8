import { checkEventInput, normalizeCheckedEvent, type CheckedEventInput, type EventInput, type HeraldEvent } from '../core/event.ts';
import type { PathMatcher } from '../core/field-path.ts';
import { newId } from '../core/ids.ts';
import { redactEvent, redactionMatcher } from '../core/redact.ts';
import { silencedBy, type Silence } from '../core/silence.ts';
import { checkBatchItem } from './batch-item.ts';
import { CachedRead } from './cached-read.ts';
import { systemClock, type Clock } from './ports/clock.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { EventLog, EventToRecord, RecordEventResult } from './ports/event-log.ts';
import type { Fence } from './ports/lease.ts';
import type { SilenceRepository } from './ports/silence-repository.ts';
import type { SourceStateWrite } from './ports/source-state.ts';
import type { WebhookRepository, WebhooksVersion } from './ports/webhook-repository.ts';
import { WebhookIndex } from './webhook-index.ts';

type RoutingStore = Pick<WebhookRepository, 'getWebhook' | 'listWebhookRoutes' | 'webhooksVersion'> & Pick<SilenceRepository, 'listSilences'>;

/** How long a silence made by another replica may take to apply; changes here call `invalidateSilences()`. */
const SILENCE_CACHE_MS = 2000;

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

/** What the REST API calls: its request validator already parsed the events, so they are not parsed again. */
export interface CheckedIngest {
  ingestChecked(input: CheckedEventInput, opts?: IngestOptions): Promise<RecordEventResult>;
  ingestCheckedBatch(inputs: readonly CheckedEventInput[]): Promise<RecordEventResult[]>;
}

export interface IngestorOptions {
  worker?: Pick<DeliveryWorker, 'wake'>;
  clock?: Clock;
  /**
   * How often the store's webhooks version is asked (a count and two sums):
   * bounds how long a webhook change made by another replica takes to route;
   * changes made through this process call `invalidate(id)`.
   */
  cacheMs?: number;
  /** Told of every event newly recorded (not duplicates), e.g. for metrics. */
  onEvent?: (event: HeraldEvent) => void;
  /** Told of every newly recorded event that has deliveries, and the webhooks they are for (the live history). */
  onDelivered?: (event: HeraldEvent, webhookIds: readonly string[]) => void;
  /** Paths whose values never leave Herald (config `redact`); Secret data is always redacted. */
  redaction?: PathMatcher;
}

export class Ingestor implements Ingest, CheckedIngest {
  readonly #store: Pick<EventLog, 'recordEvent' | 'recordEvents'> & RoutingStore;
  readonly #wake: () => void;
  readonly #clock: Clock;
  readonly #cacheMs: number;
  readonly #onEvent: (event: HeraldEvent) => void;
  readonly #onDelivered: (event: HeraldEvent, webhookIds: readonly string[]) => void;
  readonly #redaction: PathMatcher;
  readonly #index = new WebhookIndex();
  /** The store's version the index was last brought up to; undefined: never read. */
  #known: WebhooksVersion | undefined;
  #checkedAt = -Infinity;
  #fullReadAt = -Infinity;
  /** Webhooks changed through this process, re-read alone before the next routing; null: all. */
  #dirty: Set<string> | null = new Set();
  #refreshing: Promise<void> | undefined;
  /** Only silences not over when read; whether one is active is decided per event. */
  readonly #silences: CachedRead<Silence[]>;

  constructor(store: Pick<EventLog, 'recordEvent' | 'recordEvents'> & RoutingStore, opts: IngestorOptions = {}) {
    this.#store = store;
    const worker = opts.worker;
    this.#wake = worker === undefined ? () => {} : () => worker.wake();
    this.#clock = opts.clock ?? systemClock;
    // The version check scans the webhooks table: 1–11 ms with 10,000 webhooks on the shared
    // 2-core machine, so twice a second (a change elsewhere routes within ~0.5 s).
    this.#cacheMs = opts.cacheMs ?? 500;
    this.#silences = new CachedRead((now) => store.listSilences({ endsAfter: now }), SILENCE_CACHE_MS);
    this.#onEvent = opts.onEvent ?? (() => {});
    this.#onDelivered = opts.onDelivered ?? (() => {});
    this.#redaction = opts.redaction ?? redactionMatcher();
  }

  /** A webhook changed through this process (or, without an id, any): routed from the next event on. */
  invalidate(webhookId?: string): void {
    if (webhookId === undefined) this.#dirty = null;
    else this.#dirty?.add(webhookId);
  }

  /** Forgets the silences read for routing (a silence changed). */
  invalidateSilences(): void {
    this.#silences.invalidate();
  }

  async ingest(input: EventInput, opts: IngestOptions = {}): Promise<RecordEventResult> {
    return this.ingestChecked(checkEventInput(input), opts);
  }

  async ingestChecked(input: CheckedEventInput, opts: IngestOptions = {}): Promise<RecordEventResult> {
    const now = this.#clock.now();
    // Before anything is stored or matched: no secret value goes further than this line.
    const normalized = redactEvent(normalizeCheckedEvent(input, newId('evt', now), new Date(now)), this.#redaction);
    const { event, webhookIds } = opts.onlyWebhookIds === undefined
      ? this.#route(await this.#routes(now), await this.#silences.get(now), normalized, now)
      : { event: normalized, webhookIds: opts.onlyWebhookIds };
    const result = await this.#store.recordEvent(event, webhookIds, { now, once: opts.once, state: opts.state, fence: opts.fence });
    this.#recorded([result], [webhookIds]);
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
    return this.ingestCheckedBatch(inputs.map(checkBatchItem));
  }

  async ingestCheckedBatch(inputs: readonly CheckedEventInput[]): Promise<RecordEventResult[]> {
    const now = this.#clock.now();
    const date = new Date(now);
    const events = inputs.map((input) => redactEvent(normalizeCheckedEvent(input, newId('evt', now), date), this.#redaction));
    const index = await this.#routes(now);
    const silences = await this.#silences.get(now);
    const routed = events.map((event) => this.#route(index, silences, event, now));
    const results = await this.#store.recordEvents(routed, { now });
    this.#recorded(results, routed.map((r) => r.webhookIds));
    return results;
  }

  #route(index: WebhookIndex, silences: readonly Silence[], event: HeraldEvent, now: number): EventToRecord {
    const muted = silences.length === 0 ? [] : silencedBy(silences, event, now);
    if (muted.length > 0) return { event: { ...event, silencedBy: muted }, webhookIds: [] };
    return { event, webhookIds: index.match(event) };
  }

  /** The webhooks `event` would be delivered to now (enabled, filters matching); the bench times it. */
  async route(event: HeraldEvent): Promise<string[]> {
    return (await this.#routes(this.#clock.now())).match(event);
  }

  /** `webhookIds[i]`: where `results[i]`'s event was routed. */
  #recorded(results: readonly RecordEventResult[], webhookIds: ReadonlyArray<readonly string[]>): void {
    for (const [i, r] of results.entries()) {
      if (r.duplicate) continue;
      this.#onEvent(r.event);
      if (r.deliveryIds.length > 0) this.#onDelivered(r.event, webhookIds[i]!);
    }
    if (results.some((r) => r.deliveryIds.length > 0)) this.#wake();
  }

  /**
   * The index, brought up to date first when due: webhooks changed here are
   * re-read one by one (one decrypt each, not 10,000); every `cacheMs` the
   * store's version is compared, and on a change only the routes updated since
   * are read, or every route (still nothing decrypted) when the version shows
   * a delete or a change the incremental read missed, and once a minute.
   * Re-listing (and decrypting) all 10,000 webhooks every 2 s cost ~850 ms a
   * time; see docs/benchmarks.md for what routing costs now.
   */
  async #routes(now: number): Promise<WebhookIndex> {
    const due = this.#dirty === null || this.#dirty.size > 0 || now - this.#checkedAt >= this.#cacheMs;
    if (due) {
      this.#refreshing ??= this.#refresh(now).finally(() => { this.#refreshing = undefined; });
      await this.#refreshing;
    }
    return this.#index;
  }

  async #refresh(now: number): Promise<void> {
    const dirty = this.#dirty;
    this.#dirty = new Set();
    try {
      if (dirty !== null) {
        for (const id of dirty) {
          const w = await this.#store.getWebhook(id);
          if (w === undefined) this.#index.remove(id);
          else this.#index.put({ id: w.id, enabled: w.enabled, filters: w.filters, updatedAt: w.updatedAt });
        }
      }
      if (dirty !== null && now - this.#checkedAt < this.#cacheMs) return;
      const version = await this.#store.webhooksVersion();
      if (dirty === null || this.#known === undefined || now - this.#fullReadAt > 60_000) {
        this.#index.reset(await this.#store.listWebhookRoutes());
        this.#fullReadAt = now;
      } else if (!sameVersion(version, this.#known)) {
        for (const r of await this.#store.listWebhookRoutes(this.#known.maxUpdatedAt)) this.#index.put(r);
        if (!sameVersion(this.#index.version(), version)) this.#index.reset(await this.#store.listWebhookRoutes());
      }
      // The version read before the routes: a change committed in between is seen again next time.
      this.#known = version;
      this.#checkedAt = now;
    } catch (err) {
      // Nothing learnt: the next event asks again.
      this.#dirty = null;
      throw err;
    }
  }
}

function sameVersion(a: WebhooksVersion, b: WebhooksVersion): boolean {
  return a.count === b.count && a.maxUpdatedAt === b.maxUpdatedAt && a.updatedAtSum === b.updatedAtSum;
}
