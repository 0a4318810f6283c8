import type { Attempt, Delivery } from '../../app/ports/delivery-queue.ts';
import { viewWebhook, type Webhook, type WebhookView } from '../../core/webhook.ts';
import { findPlatform } from '../../platforms/registry.ts';
import type { Role } from '../auth/principal.ts';

/** Store records as the API shows them: ISO times, no internal fields. */
const iso = (ms: number): string => new Date(ms).toISOString();

export function viewDelivery(d: Delivery) {
  return {
    id: d.id, eventId: d.eventId, webhookId: d.webhookId, status: d.status, attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt), lastStatusCode: d.lastStatusCode, lastError: d.lastError, trigger: d.trigger,
    createdAt: iso(d.createdAt), updatedAt: iso(d.updatedAt),
  };
}

export function viewAttempt(a: Attempt) {
  return {
    id: a.id, attempt: a.attempt, startedAt: iso(a.startedAt), durationMs: a.durationMs,
    statusCode: a.statusCode, responseBody: a.responseBody, error: a.error, outcome: a.outcome,
    trigger: a.trigger,
  };
}

/**
 * A webhook as `role` may see it. On chat platforms the URL is the
 * credential (anyone holding a Slack webhook URL can post to the channel),
 * so a viewer gets only its origin; admin and ops, who may change it, see it whole.
 */
export function viewWebhookFor(w: Webhook, role: Role): WebhookView {
  const view = viewWebhook(w);
  if (role !== 'viewer' || findPlatform(w.platform)?.credentialUrl !== true) return view;
  return { ...view, url: `${new URL(w.url).origin}/…`, urlMasked: true };
}
