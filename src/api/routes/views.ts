import type { Attempt, Delivery } from '../../store/store.ts';

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
