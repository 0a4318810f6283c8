import { backoffDelayMs, retrySchedule } from '../core/retry-policy.ts';
import type { Webhook } from '../core/webhook.ts';
import { usesChatRetry } from '../platforms/registry.ts';
import type { Store } from '../store/store.ts';
import type { CompletedDispatch } from './dispatch-steps.ts';

/**
 * What a webhook's run of failures and successes means beyond one delivery:
 * - the first failure after a success marks the webhook failing (once, in the store);
 * - the first success after failures re-queues the deliveries that failed for
 *   good during the outage (`trigger: recovered`), at most `recoverMax`, none
 *   older than `recoverWindowMs`;
 * - a webhook failing without a single success for `disableAfterMs` is
 *   disabled with a reason the operator sees, and `onDisabled` tells Herald so
 *   it records a `webhook.disabled` event other webhooks can route on.
 * The store writes only on transitions, so a healthy webhook costs nothing here.
 */
export interface HealthOptions {
  /** Default 3 days: a receiver back after longer is better served by a deliberate `recover`. */
  recoverWindowMs: number;
  /** Default 10,000, so one recovery cannot flood the receiver that just came back. */
  recoverMax: number;
  /** Default 5 days. */
  disableAfterMs: number;
}

export const DEFAULT_HEALTH: HealthOptions = {
  recoverWindowMs: 3 * 24 * 3600 * 1000,
  recoverMax: 10_000,
  disableAfterMs: 5 * 24 * 3600 * 1000,
};

export interface HealthDeps {
  store: Store;
  options: HealthOptions;
  onDisabled: (webhook: Webhook, reason: string) => void;
  onRecovered: (webhook: Webhook, requeued: number) => void;
}

/** How long before a delivery's last attempt it was created, at most: the whole schedule with maximal jitter. */
function scheduleSpanMs(webhook: Webhook): number {
  const schedule = retrySchedule(webhook.retry, usesChatRetry(webhook.platform));
  let span = 0;
  for (let n = 1; n < schedule.maxAttempts; n++) span += backoffDelayMs(schedule, n, () => 1);
  return span;
}

/** Disables the webhook unless already done; true when this call did it. */
export async function disableWebhook(deps: HealthDeps, webhook: Webhook, reason: string, now: number): Promise<boolean> {
  const changed = await deps.store.disableWebhook(webhook.id, reason, now);
  if (changed) deps.onDisabled(webhook, reason);
  return changed;
}

export async function trackHealth(deps: HealthDeps, done: CompletedDispatch, now: number): Promise<void> {
  const { webhook, decision, claim } = done;
  if (claim.delivery.once) return; // the test button says nothing about the receiver's health over time
  if (decision.kind === 'succeeded') {
    if (webhook.failingSince === null) return;
    const since = await deps.store.clearWebhookFailing(webhook.id);
    if (since === null) return; // another delivery (or replica) handles this recovery
    const from = Math.max(since - scheduleSpanMs(webhook), now - deps.options.recoverWindowMs);
    const requeued = await deps.store.redeliverFailedSince(webhook.id, from, now, { trigger: 'recovered', limit: deps.options.recoverMax });
    deps.onRecovered(webhook, requeued);
    return;
  }
  if (decision.kind === 'disable') return; // the dispatcher disabled it already (410 Gone)
  const since = webhook.failingSince ?? await deps.store.markWebhookFailing(webhook.id, now);
  if (since === null || now - since < deps.options.disableAfterMs) return;
  const days = Math.round((now - since) / (24 * 3600 * 1000) * 10) / 10;
  await disableWebhook(deps, webhook,
    `every attempt failed for ${days} days (since ${new Date(since).toISOString()}); last error: ${decision.reason}`, now);
}
