import { decideAttempt, type AttemptDecision, type AttemptResult } from '../core/attempt-outcome.ts';
import { newId } from '../core/ids.ts';
import { parseRetryAfter } from '../core/retry-policy.ts';
import { findPlatform } from '../platforms/registry.ts';
import type { Attempt, Claim, Completion, Store } from '../store/store.ts';
import { buildRequest } from './build-request.ts';
import type { HttpSender, SendResult } from './http-sender.ts';

/**
 * Claims due deliveries, sends them and records every attempt. Many
 * dispatchers (one per replica) may share a store: claims are leases, and only
 * the lease owner can complete a delivery. Per-webhook concurrency is enforced
 * by the claim itself, so a slow receiver only ever holds its own slots.
 */
export interface DispatcherOptions {
  store: Store;
  sender: HttpSender;
  owner?: string;
  /** Deliveries in flight at once in this process. */
  maxInFlight?: number;
  /** Longest sleep when idle; bounds how late work claimed by another replica's expiry is noticed. */
  idlePollMs?: number;
  leaseMs?: number;
  onAttempt?: (info: AttemptInfo) => void;
  onError?: (err: unknown) => void;
}

export interface AttemptInfo {
  webhookId: string;
  deliveryId: string;
  attempt: Attempt;
  decision: AttemptDecision;
}

const RESPONSE_BODY_KEEP = 4096;

export class Dispatcher {
  readonly owner: string;
  readonly #store: Store;
  readonly #sender: HttpSender;
  readonly #maxInFlight: number;
  readonly #idlePollMs: number;
  readonly #leaseMs: number;
  readonly #onAttempt: (info: AttemptInfo) => void;
  readonly #onError: (err: unknown) => void;
  readonly #inFlight = new Set<Promise<void>>();
  #running = false;
  #timer: NodeJS.Timeout | undefined;
  #ticking = false;
  #again = false;

  constructor(opts: DispatcherOptions) {
    this.#store = opts.store;
    this.#sender = opts.sender;
    this.owner = opts.owner ?? newId('dlv').replace('dlv_', 'dispatcher-');
    this.#maxInFlight = opts.maxInFlight ?? 128;
    this.#idlePollMs = opts.idlePollMs ?? 1000;
    // Longer than the longest webhook timeout (60 s), so a live attempt never loses its lease.
    this.#leaseMs = opts.leaseMs ?? 90_000;
    this.#onAttempt = opts.onAttempt ?? (() => {});
    this.#onError = opts.onError ?? (() => {});
  }

  async start(): Promise<void> {
    // With one process per store, any lease still held belongs to a process that died.
    if (this.#store.capabilities.singleProcess) await this.#store.releaseLeases(null);
    this.#running = true;
    this.wake();
  }

  /** Stops claiming, waits for attempts in flight, and hands back anything still leased. */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await Promise.allSettled([...this.#inFlight]);
    await this.#store.releaseLeases(this.owner);
  }

  /** Called when new work may be due (an event was recorded, a redelivery asked for). */
  wake(): void {
    if (!this.#running) return;
    if (this.#ticking) { this.#again = true; return; }
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), 0);
  }

  async #tick(): Promise<void> {
    this.#ticking = true;
    try {
      do {
        this.#again = false;
        const room = this.#maxInFlight - this.#inFlight.size;
        if (room <= 0) break;
        const claims = await this.#store.claimDue(this.owner, Date.now(), room, this.#leaseMs);
        for (const claim of claims) this.#track(this.#process(claim));
        if (claims.length === room) this.#again = true;
      } while (this.#again && this.#running);
      await this.#sleepUntilDue();
    } catch (err) {
      this.#onError(err);
      this.#schedule(this.#idlePollMs);
    } finally {
      this.#ticking = false;
    }
  }

  async #sleepUntilDue(): Promise<void> {
    const next = await this.#store.nextDueAt();
    const wait = next === null ? this.#idlePollMs : Math.min(Math.max(next - Date.now(), 0), this.#idlePollMs);
    this.#schedule(Math.max(wait, 5));
  }

  #schedule(ms: number): void {
    if (!this.#running) return;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#tick(), ms);
  }

  #track(p: Promise<void>): void {
    this.#inFlight.add(p);
    void p.finally(() => {
      this.#inFlight.delete(p);
      this.wake();
    });
  }

  /** Sends one delivery now (the test button), whatever its due time; resolves with the attempt. */
  async deliverNow(deliveryId: string): Promise<AttemptInfo | undefined> {
    const claim = await this.#store.claimOne(deliveryId, this.owner, Date.now(), this.#leaseMs);
    if (claim === undefined) return undefined;
    let info: AttemptInfo | undefined;
    await this.#process(claim, (i) => { info = i; });
    return info;
  }

  async #process(claim: Claim, report?: (info: AttemptInfo) => void): Promise<void> {
    try {
      const { delivery } = claim;
      const [webhook, event] = await Promise.all([
        this.#store.getWebhook(delivery.webhookId), this.#store.getEvent(delivery.eventId),
      ]);
      if (webhook === undefined || event === undefined) return; // deleted meanwhile; cascade removed the delivery
      const attemptNo = delivery.attempts + 1;
      const startedAt = Date.now();
      const platform = findPlatform(webhook.platform);
      let result: AttemptResult;
      let responseBody: string | null = null;
      if (platform === undefined) {
        result = { statusCode: null, networkError: `unknown platform "${webhook.platform}"`, permanent: true };
      } else {
        let sent: SendResult;
        try {
          sent = await this.#sender.send(buildRequest(platform, webhook, event, delivery.id, new Date(startedAt)));
        } catch (err) {
          sent = { ok: false, error: `cannot build the request: ${(err as Error).message}`, permanent: true };
        }
        if (sent.ok) {
          const { statusCode, headers, body } = sent.response;
          responseBody = body.slice(0, RESPONSE_BODY_KEEP);
          result = { statusCode };
          if (statusCode === 429 || statusCode === 503) result.retryAfterMs = parseRetryAfter(headers['retry-after'], Date.now());
          if (statusCode >= 200 && statusCode < 300) {
            const answer = platform.interpret(statusCode, body);
            if (!answer.ok) result.platformError = answer.error ?? 'the platform reported an error';
          }
        } else {
          result = { statusCode: null, networkError: sent.error, permanent: sent.permanent };
        }
      }
      const policy = delivery.once ? { ...webhook.retry, maxAttempts: attemptNo } : webhook.retry;
      const decision = decideAttempt(result, attemptNo, policy);
      const finishedAt = Date.now();
      const attempt: Attempt = {
        id: newId('att', finishedAt), deliveryId: delivery.id, attempt: attemptNo, startedAt,
        durationMs: finishedAt - startedAt, statusCode: result.statusCode, responseBody,
        error: decision.kind === 'succeeded' ? null : decision.reason,
        outcome: decision.kind === 'succeeded' ? 'succeeded' : decision.kind === 'retry' ? 'retry' : 'failed',
      };
      const completion: Completion = decision.kind === 'succeeded' ? { status: 'succeeded' }
        : decision.kind === 'retry' ? { status: 'pending', nextAttemptAt: finishedAt + decision.delayMs }
        : { status: 'failed' };
      const recorded = await this.#store.completeAttempt(claim, attempt, completion);
      if (!recorded) return; // the lease expired and another dispatcher owns it now
      if (decision.kind === 'disable') await this.#store.disableWebhook(webhook.id, decision.reason, finishedAt);
      const info = { webhookId: webhook.id, deliveryId: delivery.id, attempt, decision };
      this.#onAttempt(info);
      report?.(info);
    } catch (err) {
      this.#onError(err);
    }
  }
}
