import { newId } from '../core/ids.ts';
import { applyWebhookPatch, createWebhook, type Webhook, type WebhookSpec } from '../core/webhook.ts';
import type { Store } from '../store/store.ts';

/**
 * Webhooks declared in herald.yaml are upserted by name at start-up, so a
 * team can keep its routing in git. A declared webhook that already exists is
 * updated only where the file says something different; webhooks made through
 * the API or console are left alone. The config schema has checked them (platforms included).
 */
export async function applyConfigWebhooks(store: Store, specs: readonly WebhookSpec[], secretGraceMs: number, now = Date.now()): Promise<{ created: number; updated: number }> {
  const existing = new Map((await store.listWebhooks()).map((w) => [w.name, w]));
  let created = 0;
  let updated = 0;
  for (const spec of specs) {
    const current = existing.get(spec.name);
    if (current === undefined) {
      await store.createWebhook(createWebhook(spec, newId('wh', now), now));
      created++;
      continue;
    }
    const next = applyWebhookPatch(current, spec, now, secretGraceMs);
    if (!sameSpec(current, next)) {
      await store.updateWebhook(next);
      updated++;
    }
  }
  return { created, updated };
}

function sameSpec(a: Webhook, b: Webhook): boolean {
  const strip = ({ updatedAt: _u, previousSecrets: _p, disabledReason: _d, ...rest }: Webhook) => rest;
  return JSON.stringify(strip(a)) === JSON.stringify(strip(b));
}
