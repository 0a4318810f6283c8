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
  disableWebhook(id: string, reason: string, now: number): Promise<void>;
}
