import type { HeraldEvent } from '../core/event.ts';
import type { Webhook } from '../core/webhook.ts';
import type { Fence, LeaseStore } from './lease.ts';

/**
 * The one persistence interface. SQLite (embedded, one process) and PostgreSQL
 * (many replicas) implement it and pass the same conformance suite
 * (test/store/store.case.ts). Times are epoch milliseconds.
 */

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface Delivery {
  id: string;
  eventId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  /** A test delivery is tried once: its result is reported, not retried. */
  once: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface Attempt {
  id: string;
  deliveryId: string;
  attempt: number;
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  outcome: 'succeeded' | 'retry' | 'failed';
}

/** A delivery claimed by one dispatcher; only `owner` may finish it. */
export interface Claim {
  delivery: Delivery;
  owner: string;
}

/** How a claimed delivery ends this round. */
export type Completion =
  | { status: 'succeeded' }
  | { status: 'pending'; nextAttemptAt: number }
  | { status: 'failed' };

/** State a source keeps between runs (e.g. the last seen version of each watched object). */
export interface SourceStateWrite { scope: string; key: string; value: unknown | null }

export interface RecordEventResult {
  event: HeraldEvent;
  /** True when an event with the same dedupKey already existed; nothing new was written. */
  duplicate: boolean;
  deliveryIds: string[];
}

export interface Page<T> { items: T[]; nextCursor: string | null }

export interface ListDeliveriesQuery { webhookId: string; status?: DeliveryStatus; cursor?: string; limit: number }

export interface StoreCapabilities {
  /** Only one process uses the store, so leases left by a dead process can be freed at start-up. */
  singleProcess: boolean;
}

export interface Store {
  readonly capabilities: StoreCapabilities;
  close(): Promise<void>;
  /** Present when several processes share the store: leases for electing one cluster watcher (src/store/lease.ts). */
  readonly leases?: LeaseStore;
  /**
   * Present when other processes can record deliveries: calls `listener` when
   * one did (PostgreSQL LISTEN/NOTIFY), so an idle dispatcher starts at once.
   * Returns the unsubscribe function.
   */
  onWake?(listener: () => void): () => void;

  createWebhook(w: Webhook): Promise<void>;
  getWebhook(id: string): Promise<Webhook | undefined>;
  listWebhooks(): Promise<Webhook[]>;
  /** Replaces the stored webhook; false when it no longer exists. */
  updateWebhook(w: Webhook): Promise<boolean>;
  /** Deletes the webhook with its deliveries and attempts. */
  deleteWebhook(id: string): Promise<boolean>;
  disableWebhook(id: string, reason: string, now: number): Promise<void>;

  /**
   * Records the event, one pending delivery per webhook id (ids that no longer
   * exist are skipped) and any source state, in one transaction. With a
   * `fence`, nothing is written and LEASE_LOST is thrown when the lease has
   * passed to another holder (checked in the same transaction).
   */
  recordEvent(event: HeraldEvent, webhookIds: readonly string[], opts?: {
    now?: number; once?: boolean; state?: readonly SourceStateWrite[]; fence?: Fence;
  }): Promise<RecordEventResult>;
  getEvent(id: string): Promise<HeraldEvent | undefined>;
  /** Events in id (= time) order after `cursor`, for export. */
  listEvents(cursor: string | undefined, limit: number): Promise<Page<HeraldEvent>>;

  /**
   * Claims up to `limit` due deliveries, never more than a webhook's
   * `concurrency` in flight across all dispatchers, leased until `now + leaseMs`.
   * Due: pending with `nextAttemptAt <= now`, or leased with the lease expired;
   * only enabled webhooks. Each webhook's oldest due first; the batch is dealt
   * round-robin across webhooks, each claim starting after the webhook the
   * previous one served last, so a deep backlog starves no other webhook.
   */
  claimDue(owner: string, now: number, limit: number, leaseMs: number): Promise<Claim[]>;
  /** Claims one delivery now, whatever its due time (the test button). */
  claimOne(deliveryId: string, owner: string, now: number, leaseMs: number): Promise<Claim | undefined>;
  /** Writes the attempt and the delivery's new state; false when `owner` lost the lease. */
  completeAttempt(claim: Claim, attempt: Attempt, completion: Completion): Promise<boolean>;
  /** Frees leases: one owner's on shutdown, or all of them at start-up when singleProcess. */
  releaseLeases(owner: string | null): Promise<number>;
  /**
   * When claimDue could next find work, so an idle dispatcher can sleep until
   * then: the earliest due time of a pending delivery of an enabled webhook
   * with a free slot, or the earliest lease expiry of an enabled webhook's
   * delivery; null when there is neither. Work claimDue cannot take does not
   * count, or a disabled webhook's backlog would keep every dispatcher polling.
   */
  nextDueAt(): Promise<number | null>;

  getDelivery(id: string): Promise<Delivery | undefined>;
  listDeliveries(q: ListDeliveriesQuery): Promise<Page<Delivery>>;
  listAttempts(deliveryId: string): Promise<Attempt[]>;
  /** Makes a finished delivery due again now; its webhook-id stays the same. */
  redeliver(id: string, now: number): Promise<Delivery | undefined>;
  /** Redelivers every failed delivery of a webhook created at or after `since`. */
  redeliverFailedSince(webhookId: string, since: number, now: number): Promise<number>;
  /** Counts by status, for metrics and the console. */
  deliveryCounts(webhookId?: string): Promise<Record<DeliveryStatus, number>>;

  getSourceState(scope: string, key: string): Promise<unknown | undefined>;
  listSourceState(scope: string): Promise<Array<{ key: string; value: unknown }>>;
  /** With a `fence`, as recordEvent: all or nothing, refused once the lease has moved on. */
  putSourceState(writes: readonly SourceStateWrite[], fence?: Fence): Promise<void>;
}
