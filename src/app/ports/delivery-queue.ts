import type { HeraldEvent } from '../../core/event.ts';
import type { Webhook } from '../../core/webhook.ts';
import type { DeliveryTrigger } from '../../core/delivery-trigger.ts';
import type { Page } from './page.ts';

export type { DeliveryTrigger } from '../../core/delivery-trigger.ts';

/** Deliveries waiting, leased, finished, and the attempts made for them. Times are epoch ms. */
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
  trigger: DeliveryTrigger;
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
  trigger: DeliveryTrigger;
}

/** A delivery claimed by one dispatcher; only `owner` may finish it. */
export interface Claim {
  delivery: Delivery;
  owner: string;
  /**
   * The delivery's event, when the claim read it in the same query: the
   * dispatcher then skips one read per delivery. Absent, it reads the event.
   */
  event?: HeraldEvent;
  /**
   * The delivery's webhook as the claim's transaction saw it (failingSince
   * included), when the claim read it: the dispatcher then skips reading and
   * decrypting it per delivery. Absent, it reads the webhook.
   */
  webhook?: Webhook;
}

/** How a claimed delivery ends this round. */
export type Completion =
  | { status: 'succeeded' }
  /** `throttled`: the receiver asked to slow down (429); the attempt is recorded but not counted against the retry budget. */
  | { status: 'pending'; nextAttemptAt: number; throttled?: boolean }
  | { status: 'failed' };

export interface RedeliverOptions { trigger?: 'redeliver' | 'recovered'; limit?: number }

/** A webhook's delivery history, newest first, narrowed; times are epoch ms (since inclusive, until exclusive). */
export interface ListDeliveriesQuery {
  webhookId: string;
  status?: DeliveryStatus;
  /**
   * Case-insensitive text found in the delivery id, the event id, the last
   * error, or the event's type, name, namespace or summary.
   */
  search?: string;
  since?: number;
  until?: number;
  cursor?: string;
  limit: number;
}

export interface DeliveryQueue {
  /**
   * Claims up to `limit` due deliveries, never more than a webhook's
   * `concurrency` in flight across all dispatchers, leased until `now + leaseMs`.
   * Due: pending with `nextAttemptAt <= now`, or leased with the lease expired;
   * only enabled webhooks. Each webhook's oldest due first; the batch is dealt
   * round-robin across webhooks, each claim starting after the webhook the
   * previous one served last, so a deep backlog starves no other webhook.
   */
  claimDue(owner: string, now: number, limit: number, leaseMs: number): Promise<Claim[]>;
  /**
   * Grouping: leases to `claim.owner` up to `limit` other pending deliveries of
   * the claimed delivery's webhook, whatever their due time, oldest first, so
   * they are sent in one message with it. Test deliveries are never taken.
   */
  claimCompanions(claim: Claim, now: number, limit: number, leaseMs: number): Promise<Claim[]>;
  /** Claims one delivery now, whatever its due time (the test button). */
  claimOne(deliveryId: string, owner: string, now: number, leaseMs: number): Promise<Claim | undefined>;
  /** Writes the attempt and the delivery's new state; false when `owner` lost the lease. */
  completeAttempt(claim: Claim, attempt: Attempt, completion: Completion): Promise<boolean>;
  /**
   * Hands one claimed delivery back without recording an attempt (the outcome
   * could not be written): due again at `nextAttemptAt`; false when `owner`
   * lost the lease.
   */
  releaseClaim(claim: Claim, nextAttemptAt: number): Promise<boolean>;
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
  /** The deliveries one event caused, oldest first. */
  listEventDeliveries(eventId: string): Promise<Delivery[]>;
  listAttempts(deliveryId: string): Promise<Attempt[]>;
  /** Makes a finished delivery due again now; its webhook-id stays the same. */
  redeliver(id: string, now: number): Promise<Delivery | undefined>;
  /**
   * Redelivers failed deliveries of a webhook created at or after `since`,
   * oldest first, at most `limit` of them; `trigger` says who asked.
   */
  redeliverFailedSince(webhookId: string, since: number, now: number, opts?: RedeliverOptions): Promise<number>;
  /** Counts by status, for metrics and the console. */
  deliveryCounts(webhookId?: string): Promise<Record<DeliveryStatus, number>>;
}
