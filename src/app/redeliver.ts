import { HeraldError } from '../core/errors.ts';
import type { AuditActor, AuditLog } from './audit-log.ts';
import type { DeliveryChange } from './delivery-change.ts';
import type { Clock } from './ports/clock.ts';
import type { Delivery, DeliveryQueue } from './ports/delivery-queue.ts';
import type { DeliveryWorker } from './ports/delivery-worker.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';

export interface RedeliverDeps {
  deliveries: Pick<DeliveryQueue, 'redeliver' | 'redeliverFailedSince' | 'getDelivery'>;
  webhooks: Pick<WebhookRepository, 'getWebhook'>;
  worker: Pick<DeliveryWorker, 'wake'>;
  audit: Pick<AuditLog, 'record'>;
  clock: Clock;
  /** Told of what was queued again (the console's live history). */
  onChange?: (change: DeliveryChange) => void;
}

/** Sending again what already finished: one delivery, or every failed one of a webhook since a time. */
export class Redeliver {
  readonly #d: RedeliverDeps;

  constructor(deps: RedeliverDeps) {
    this.#d = deps;
  }

  /** Queues a finished delivery again now (same webhook-id); CONFLICT while it is pending or in flight. */
  async one(id: string, actor: AuditActor): Promise<Delivery> {
    const d = await this.#d.deliveries.redeliver(id, this.#d.clock.now());
    if (d === undefined) {
      const existing = await this.#d.deliveries.getDelivery(id);
      if (existing === undefined) throw new HeraldError('NOT_FOUND', `no delivery with id ${id}`, 'id');
      throw new HeraldError('CONFLICT', `delivery ${id} is ${existing.status}; only succeeded or failed deliveries can be redelivered`);
    }
    this.#d.worker.wake();
    this.#d.onChange?.({ kind: 'requeued', webhookId: d.webhookId, deliveryId: d.id });
    await this.#d.audit.record(actor, 'delivery.redeliver', { type: 'delivery', id: d.id },
      `queued delivery ${d.id} of webhook ${d.webhookId} (event ${d.eventId}) again`);
    return d;
  }

  /** Queues every failed delivery of the webhook created at or after `since` again; answers how many. */
  async recover(webhookId: string, since: number, actor: AuditActor): Promise<number> {
    if ((await this.#d.webhooks.getWebhook(webhookId)) === undefined) throw new HeraldError('NOT_FOUND', `no webhook with id ${webhookId}`, 'id');
    const recovered = await this.#d.deliveries.redeliverFailedSince(webhookId, since, this.#d.clock.now());
    this.#d.worker.wake();
    if (recovered > 0) this.#d.onChange?.({ kind: 'requeued', webhookId });
    await this.#d.audit.record(actor, 'webhook.recover', { type: 'webhook', id: webhookId },
      `queued ${recovered} failed deliveries since ${new Date(since).toISOString()} again`);
    return recovered;
  }
}
