import type { ManageWebhooks } from '../app/manage-webhooks.ts';
import { HeraldError } from '../core/errors.ts';
import type { WebhookSpec } from '../core/webhook.ts';
import { findPlatform } from '../platforms/registry.ts';

/**
 * Webhooks declared in herald.yaml: checked here (a mistake is CONFIG_INVALID
 * naming the entry), then upserted by name through the application layer.
 */
export async function applyConfigWebhooks(webhooks: Pick<ManageWebhooks, 'applyDeclared'>, specs: readonly WebhookSpec[]): Promise<{ created: number; updated: number }> {
  specs.forEach((spec, i) => {
    if (findPlatform(spec.platform) === undefined) {
      throw new HeraldError('CONFIG_INVALID', `webhooks.${i}.platform: unknown platform "${spec.platform}"`, `webhooks.${i}.platform`);
    }
  });
  return webhooks.applyDeclared(specs);
}
