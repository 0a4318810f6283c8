import type { Webhook } from '../../core/webhook.ts';

/** Where webhooks are kept; the stores implement it. */
export interface WebhookRepository {
  createWebhook(w: Webhook): Promise<void>;
  getWebhook(id: string): Promise<Webhook | undefined>;
  listWebhooks(): Promise<Webhook[]>;
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
