import type { Filters } from '../../core/filters.ts';
import type { Webhook } from '../../core/webhook.ts';

/** What routing needs of a webhook: nothing secret, so nothing to decrypt. */
export interface WebhookRoute { id: string; enabled: boolean; filters: Filters; updatedAt: number }

/**
 * Changes whenever a webhook is created, changed (updated_at) or deleted:
 * count, max(updated_at) and sum(updated_at mod VERSION_MODULUS of
 * src/app/webhook-index.ts), cheap enough to ask a few times a second.
 */
export interface WebhooksVersion { count: number; maxUpdatedAt: number; updatedAtSum: number }

/** Where webhooks are kept; the stores implement it. */
export interface WebhookRepository {
  createWebhook(w: Webhook): Promise<void>;
  getWebhook(id: string): Promise<Webhook | undefined>;
  listWebhooks(): Promise<Webhook[]>;
  /** Routes of the webhooks changed at or after `since` (all when omitted), without opening secrets. */
  listWebhookRoutes(since?: number): Promise<WebhookRoute[]>;
  webhooksVersion(): Promise<WebhooksVersion>;
  /** Replaces the stored webhook; false when it no longer exists. */
  updateWebhook(w: Webhook): Promise<boolean>;
  /** Deletes the webhook with its deliveries and attempts. */
  deleteWebhook(id: string): Promise<boolean>;
  /** Disables an enabled webhook with a reason; false when it was already disabled (or is gone). */
  disableWebhook(id: string, reason: string, now: number): Promise<boolean>;
  /** Notes that the webhook's receiver started failing at `now`, unless it already was; returns when it started. */
  markWebhookFailing(id: string, now: number): Promise<number | null>;
  /**
   * Clears the failing mark after a success; returns when the failing began,
   * or null when it was not failing (or another dispatcher cleared it first),
   * so exactly one caller acts on a recovery.
   */
  clearWebhookFailing(id: string): Promise<number | null>;
}
