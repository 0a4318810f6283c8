import type { Attempt } from './delivery-queue.ts';

/** What one attempt made now ended as: the dispatcher's decision and the recorded attempt. */
export interface DeliveryReport {
  decision: { kind: string };
  attempt: Attempt;
}

/** The dispatcher as the use cases see it. */
export interface DeliveryWorker {
  /** New or re-queued work exists: look now instead of at the next poll. */
  wake(): void;
  /** Claims and sends one delivery now (the test button); undefined when it could not be claimed. */
  deliverNow(deliveryId: string): Promise<DeliveryReport | undefined>;
}
