/**
 * Why an attempt happens: the first try, a scheduled retry, a redelivery asked
 * for by hand, an automatic re-queue after the receiver recovered, or the
 * test button. A delivery holds the trigger of its next attempt; each attempt
 * keeps the one it was made for.
 */
export const DELIVERY_TRIGGERS = ['first', 'retry', 'redeliver', 'recovered', 'test'] as const;
export type DeliveryTrigger = typeof DELIVERY_TRIGGERS[number];
