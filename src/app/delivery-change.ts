import type { Attempt } from './ports/delivery-queue.ts';

/**
 * One change to a webhook's deliveries, as the console's live history hears
 * it: ids, numbers and an outcome only, never a body, header or error text,
 * so any signed-in role may hear it; the page reads the rest from the API.
 * `created`: an event was recorded with a delivery for the webhook;
 * `attempt`: an attempt was recorded; `requeued`: a redelivery or recovery.
 */
export type DeliveryChange =
  | { kind: 'created'; webhookId: string; eventId: string }
  | { kind: 'attempt'; webhookId: string; deliveryId: string; attempt: number; outcome: Attempt['outcome']; statusCode: number | null }
  | { kind: 'requeued'; webhookId: string; deliveryId?: string };
