import { HeraldError } from '../core/errors.ts';
import type { HeraldEvent } from '../core/event.ts';
import type { Attempt, Delivery, DeliveryQueue, ListDeliveriesQuery } from './ports/delivery-queue.ts';
import type { EventLog, EventQuery } from './ports/event-log.ts';
import type { Page } from './ports/page.ts';
import type { WebhookRepository } from './ports/webhook-repository.ts';

export interface ReadHistoryDeps {
  webhooks: Pick<WebhookRepository, 'getWebhook'>;
  deliveries: Pick<DeliveryQueue, 'listDeliveries' | 'getDelivery' | 'listAttempts' | 'nextDueAt' | 'listEventDeliveries'>;
  events: Pick<EventLog, 'getEvent' | 'listEvents'>;
}

/** What happened: a webhook's deliveries, one delivery with its event and attempts, the event log. */
export class ReadHistory {
  readonly #d: ReadHistoryDeps;

  constructor(deps: ReadHistoryDeps) {
    this.#d = deps;
  }

  async deliveriesOf(q: ListDeliveriesQuery): Promise<Page<Delivery>> {
    if ((await this.#d.webhooks.getWebhook(q.webhookId)) === undefined) throw new HeraldError('NOT_FOUND', `no webhook with id ${q.webhookId}`, 'id');
    return this.#d.deliveries.listDeliveries(q);
  }

  async delivery(id: string): Promise<{ delivery: Delivery; event: HeraldEvent | undefined; attempts: Attempt[] }> {
    const delivery = await this.#d.deliveries.getDelivery(id);
    if (delivery === undefined) throw new HeraldError('NOT_FOUND', `no delivery with id ${id}`, 'id');
    const [event, attempts] = await Promise.all([this.#d.events.getEvent(delivery.eventId), this.#d.deliveries.listAttempts(id)]);
    return { delivery, event, attempts };
  }

  events(cursor: string | undefined, limit: number, query?: EventQuery): Promise<Page<HeraldEvent>> {
    return this.#d.events.listEvents(cursor, limit, query);
  }

  /** One event and the deliveries it caused. */
  async event(id: string): Promise<{ event: HeraldEvent; deliveries: Delivery[] }> {
    const event = await this.#d.events.getEvent(id);
    if (event === undefined) throw new HeraldError('NOT_FOUND', `no event with id ${id}`, 'id');
    return { event, deliveries: await this.#d.deliveries.listEventDeliveries(id) };
  }

  /** Throws when the store cannot answer (the readiness probe). */
  async checkStore(): Promise<void> {
    await this.#d.deliveries.nextDueAt();
  }
}
