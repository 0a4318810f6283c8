import type { AuditActor, AuditLog } from './audit-log.ts';
import type { Attempt, Delivery, DeliveryQueue } from './ports/delivery-queue.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { ManageWebhooks } from './manage-webhooks.ts';
import type { Ingest } from './record-event.ts';

export interface TestWebhookDeps {
  webhooks: Pick<ManageWebhooks, 'get'>;
  events: Ingest;
  deliveries: Pick<DeliveryQueue, 'getDelivery'>;
  worker: Pick<DeliveryWorker, 'deliverNow'>;
  audit: Pick<AuditLog, 'record'>;
}

export interface TestResult { ok: boolean; delivery: Delivery; attempt: Attempt | null }

/**
 * The test button: records a test event for this webhook only (filters
 * skipped, tried once), sends it now and reports what the receiver answered.
 */
export async function testWebhook(deps: TestWebhookDeps, id: string, actor: AuditActor): Promise<TestResult> {
  const webhook = await deps.webhooks.get(id);
  const recorded = await deps.events.ingest({
    event: 'test', source: 'herald', cluster: webhook.filters.clusters.find((x) => !x.includes('*')) ?? 'herald',
    namespace: 'default', resource: 'Webhook', name: webhook.name,
    summary: `Test event from Herald for webhook "${webhook.name}"`,
    detail: { field: 'test', old: null, new: 'ok' }, changes: [{ field: 'test', old: null, new: 'ok' }],
  }, { onlyWebhookIds: [webhook.id], once: true });
  const deliveryId = recorded.deliveryIds[0]!;
  const info = await deps.worker.deliverNow(deliveryId);
  const delivery = (await deps.deliveries.getDelivery(deliveryId))!;
  await deps.audit.record(actor, 'webhook.test', { type: 'webhook', id: webhook.id, name: webhook.name },
    `sent a test event: ${info?.decision.kind ?? 'not sent'}${info?.attempt.statusCode == null ? '' : ` (HTTP ${info.attempt.statusCode})`}`);
  return { ok: info?.decision.kind === 'succeeded', delivery, attempt: info?.attempt ?? null };
}
