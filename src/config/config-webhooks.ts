import type { ManageWebhooks } from '../app/manage-webhooks.ts';
import type { WebhookSpec } from '../core/webhook.ts';

/**
 * Webhooks declared in herald.yaml, upserted by name at start-up through the
 * application layer. The config schema has already checked them (platforms
 * included), so a mistake was CONFIG_INVALID naming the entry before this runs.
 */
export async function applyConfigWebhooks(webhooks: Pick<ManageWebhooks, 'applyDeclared'>, specs: readonly WebhookSpec[]): Promise<{ created: number; updated: number }> {
  return webhooks.applyDeclared(specs);
}
