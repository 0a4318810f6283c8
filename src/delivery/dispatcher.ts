import type { AttemptDecision } from '../core/attempt-outcome.ts';
import { systemClock, type Clock, type Timer } from '../core/clock.ts';
import { newId } from '../core/ids.ts';
import type { Webhook } from '../core/webhook.ts';
import type { Attempt, Claim, Store } from '../store/store.ts';
import { completeDispatch, loadDispatch, prepareDispatch, sendDispatch } from './dispatch-steps.ts';
import type { Sender } from './http-sender.ts';
import { DEFAULT_HEALTH, disableWebhook, trackHealth, type HealthDeps, type HealthOptions } from './receiver-health.ts';
import { gatherDispatch, type GroupDeps } from './dispatch-group.ts';
import { recordCompanions, recordOutcome, releaseClaim, type RecordDeps } from './record-outcome.ts';
import { SigningKeyCache } from './signing-keys.ts';

/**
 * Claims due deliveries, sends them and records every attempt. Many
 * dispatchers (one per replica) may share a store: claims are leases, and only
 * the lease owner can complete a delivery. Per-webhook concurrency is enforced
 * by the claim itself, and each webhook has its own connection pool, so a slow
 * receiver only ever holds its own slots. One attempt is the pipeline in
 * dispatch-steps.ts; this file is the loop around it.
 */
export interface DispatcherOptions {
  store: Store;
  sender: Sender;
  owner?: string;
  /** Deliveries in flight at once in this process. */
  maxInFlight?: number;
  /** Longest sleep when idle; bounds how late work claimed by another replica's expiry is noticed. */
  idlePollMs?: number;
  leaseMs?: number;
  /** Time and timers; tests pass a manual clock. */
  clock?: Clock;
  /** server.externalUrl: chat messages link to the event in the console. */
  consoleUrl?: string;
  /** Jitter source; tests pin it. */
  random?: () => number;
  health?: Partial<HealthOptions>;
  onAttempt?: (info: AttemptInfo) => void;
  /** `what` says which step failed; `err` is the real cause (a storage error keeps its code). */
  onError?: (err: unknown, what?: string) => void;
  /** Herald disabled a webhook by itself (410 Gone, failing for days). */
  onWebhookDisabled?: (webhook: Webhook, reason: string) => void;
  /** A receiver succeeded again; `requeued` failed deliveries of its outage are due again. */
  onRecovered?: (webhook: Webhook, requeued: number) => void;
}

export interface AttemptInfo {
  webhookId: string;
  deliveryId: string;
  attempt: Attempt;
  decision: AttemptDecision;
}

export class Dispatcher {
  readonly owner: string;
  readonly #store: Store;
  readonly #sender: Sender;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #maxInFlight: number;
  readonly #idlePollMs: number;
  readonly #leaseMs: number;
  readonly #keys = new SigningKeyCache();
  readonly #record: RecordDeps;
  readonly #group: GroupDeps;
  readonly #consoleUrl: string | undefined;
  readonly #health: HealthDeps;
  readonly #onAttempt: (info: AttemptInfo) => void;
  readonly #onError: (err: unknown, what?: string) => void;
  readonly #inFlight = new Set<Promise<void>>();
  /** Deliveries claimed whose receiver has not answered yet: what maxInFlight bounds. */
  #sending = 0;
  #running = false;
  #timer: Timer | undefined;
  #ticking = false;
  /** The claim loop now running, if one is: stop() waits for it, so no claim is taken after it returns. */
  #tickDone: Promise<void> | undefined;
  #again = false;

  constructor(opts: DispatcherOptions) {
    this.#store = opts.store;
    this.#sender = opts.sender;
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? Math.random;
    this.owner = opts.owner ?? newId('dlv').replace('dlv_', 'dispatcher-');
    this.#maxInFlight = opts.maxInFlight ?? 128;
    this.#idlePollMs = opts.idlePollMs ?? 1000;
    // Longer than the longest webhook timeout (60 s), so a live attempt never loses its lease.
    this.#leaseMs = opts.leaseMs ?? 90_000;
    this.#onAttempt = opts.onAttempt ?? (() => {});
    this.#onError = opts.onError ?? (() => {});
    this.#record = {
      store: this.#store, clock: this.#clock, leaseMs: this.#leaseMs, onError: this.#onError, stopping: () => !this.#running,
    };
    this.#group = { store: this.#store, clock: this.#clock, leaseMs: this.#leaseMs };
    this.#consoleUrl = opts.consoleUrl;
    this.#health = {
      store: this.#store,
      options: { ...DEFAULT_HEALTH, ...opts.health },
      onDisabled: opts.onWebhookDisabled ?? (() => {}),
      onRecovered: (webhook, requeued) => {
        opts.onRecovered?.(webhook, requeued);
        if (requeued > 0) this.wake();
      },
    };
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
    this.#timer?.cancel();
    await this.#tickDone;
    await Promise.allSettled([...this.#inFlight]);
    await this.#store.releaseLeases(this.owner);
  }

  /** Called when new work may be due (an event was recorded, a redelivery asked for). */
  wake(): void {
    if (!this.#running) return;
    if (this.#ticking) { this.#again = true; return; }
    this.#schedule(0);
  }

  #tick(): Promise<void> {
    this.#tickDone = this.#claimLoop();
    return this.#tickDone;
  }

  async #claimLoop(): Promise<void> {
    this.#ticking = true;
    try {
      let full = false;
      do {
        this.#again = false;
        const room = this.#maxInFlight - this.#sending;
        if (room <= 0) { full = true; break; }
        const claims = await this.#store.claimDue(this.owner, this.#clock.now(), room, this.#leaseMs);
        // Stopped meanwhile: these go back with the rest of this owner's leases (stop() waits for this loop).
        if (!this.#running) return;
        // One webhook's claims go together: if it groups, they are one message (dispatch-group.ts).
        const byWebhook = new Map<string, Claim[]>();
        for (const claim of claims) byWebhook.set(claim.delivery.webhookId, [...byWebhook.get(claim.delivery.webhookId) ?? [], claim]);
        for (const [lead, ...siblings] of byWebhook.values()) this.#track((release) => this.#process(lead!, undefined, siblings, release));
        if (claims.length === room) this.#again = true;
      } while (this.#again && this.#running);
      // Every slot busy: each completion wakes the loop, so when the next due work
      // comes does not matter yet. Asking cost a walk of every active webhook per
      // completion (fan-out to 100 webhooks in `npm run bench`).
      if (full) this.#schedule(this.#idlePollMs);
      else await this.#sleepUntilDue();
    } catch (err) {
      this.#onError(err, 'could not claim due deliveries');
      this.#schedule(this.#idlePollMs);
    } finally {
      this.#ticking = false;
    }
  }

  async #sleepUntilDue(): Promise<void> {
    const next = await this.#store.nextDueAt();
    // A wake that came while it was asked (a completion freed a slot) may have work now: sleeping
    // 5 ms past it each time held a PostgreSQL drain with a 10,000 backlog at ~600/s.
    if (this.#again) { this.#schedule(0); return; }
    const wait = next === null ? this.#idlePollMs : Math.min(Math.max(next - this.#clock.now(), 0), this.#idlePollMs);
    this.#schedule(Math.max(wait, 5));
  }

  /**
   * `0` is "now" whatever the clock says, so it is a real timer, not the
   * clock's. A timer rather than setImmediate: the millisecond it waits lets
   * completions and new events gather into one claim (one fsync) instead of many.
   */
  #schedule(ms: number): void {
    if (!this.#running) return;
    this.#timer?.cancel();
    if (ms === 0) {
      const t = setTimeout(() => void this.#tick(), 0);
      this.#timer = { cancel: () => clearTimeout(t) };
    } else {
      this.#timer = this.#clock.setTimer(() => void this.#tick(), ms);
    }
  }

  /**
   * A slot is held from the claim until the receiver answered (or the attempt
   * ended before sending), not until the attempt is recorded: the claim its
   * release wakes then goes to the store behind the completion, in the same
   * group commit when the writer is busy, and sees the slot free. Waiting for
   * the completion's commit first cost every slot a second store round trip
   * per delivery (SQLite drain in `npm run bench`).
   */
  #track(run: (release: () => void) => Promise<void>): void {
    this.#sending++;
    let held = true;
    const release = () => {
      if (!held) return;
      held = false;
      this.#sending--;
      this.wake();
    };
    const p = run(release);
    this.#inFlight.add(p);
    void p.finally(() => {
      this.#inFlight.delete(p);
      // Its end may have made work due (a lease handed back), slot released already or not.
      if (held) release();
      else this.wake();
    });
  }

  /** Sends one delivery now (the test button), whatever its due time; resolves with the attempt. */
  async deliverNow(deliveryId: string): Promise<AttemptInfo | undefined> {
    const claim = await this.#store.claimOne(deliveryId, this.owner, this.#clock.now(), this.#leaseMs);
    if (claim === undefined) return undefined;
    let info: AttemptInfo | undefined;
    await this.#process(claim, (i) => { info = i; });
    return info;
  }

  /** load → prepare → send → complete → record, then what the outcome means for the webhook. */
  async #process(claim: Claim, report?: (info: AttemptInfo) => void, siblings: readonly Claim[] = [], release: () => void = () => {}): Promise<void> {
    // Until a group takes them along, siblings are this call's to hand on: a failure here (a store
    // fault while loading) must not leave them leased for a whole lease, so each then goes on its own.
    let pending = siblings;
    let beforeSend = true;
    const handOn = (claims: readonly Claim[]) => { for (const c of claims) this.#track((r) => this.#process(c, undefined, [], r)); };
    try {
      const found = await loadDispatch(this.#store, claim);
      if (found === undefined) return;
      const { dispatch: loaded, others } = await gatherDispatch(this.#group, found, siblings);
      pending = [];
      handOn(others);
      if (loaded === undefined) return;
      const prepared = prepareDispatch(loaded, this.#keys, this.#clock.now(), this.#consoleUrl);
      beforeSend = false;
      const sent = await sendDispatch(prepared, this.#sender, this.#clock.now);
      const done = completeDispatch(sent, this.#random);
      // A 429 holds back every delivery of the webhook, in every replica, until its Retry-After.
      if (done.completion.status === 'pending' && done.completion.throttled === true) {
        await this.#store.deferSendSlot(done.webhook.id, done.completion.nextAttemptAt);
      }
      const recorded = recordOutcome(this.#record, done);
      release();
      if (await recorded !== 'recorded') return;
      await recordCompanions(this.#record, done);
      const { webhook, decision, attempt } = done;
      const now = this.#clock.now();
      if (decision.kind === 'disable') await disableWebhook(this.#health, webhook, decision.reason, now);
      const info = { webhookId: webhook.id, deliveryId: claim.delivery.id, attempt, decision };
      this.#onAttempt(info);
      report?.(info);
      await trackHealth(this.#health, done, now);
    } catch (err) {
      this.#onError(err, `delivery ${claim.delivery.id} failed`);
      // Nothing was sent: hand the claim back now rather than leave it leased for a whole lease
      // (a store fault while loading held a webhook's every slot for 90 s in postgres-faults.test.ts).
      // The release is retried while the store keeps failing (a failover), until the lease would end anyway.
      if (beforeSend) await releaseClaim(this.#record, claim, this.#clock.now() + this.#leaseMs, 'after it failed before sending');
    } finally {
      handOn(pending);
    }
  }
}
