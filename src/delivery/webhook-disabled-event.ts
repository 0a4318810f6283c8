import type { EventInput } from '../core/event.ts';
import type { Webhook } from '../core/webhook.ts';

/**
 * The event Herald records when it disables a webhook by itself (410 Gone,
 * failing for days), so an operator can route it to another webhook
 * (filters `events: ["webhook.disabled"]`). `dedupKey` makes a second report of
 * the same disabling (another replica) one event.
 */
export const WEBHOOK_DISABLED = 'webhook.disabled';

export function webhookDisabledEvent(webhook: Webhook, reason: string, cluster: string): EventInput {
  return {
    event: WEBHOOK_DISABLED,
    source: 'herald',
    cluster,
    resource: 'Webhook',
    name: webhook.name,
    summary: `Herald disabled webhook "${webhook.name}": ${reason}`.slice(0, 4000),
    detail: { field: 'enabled', old: true, new: false },
    changes: [{ field: 'enabled', old: true, new: false }],
    dedupKey: `webhook.disabled:${webhook.id}:${webhook.updatedAt}`,
    data: { webhookId: webhook.id, reason },
  };
}
