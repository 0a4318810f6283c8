import type { HeraldEvent } from '../core/event.ts';
import type { Silence } from '../core/silence.ts';
import type { PreviousSecret, Webhook, WebhookAuth } from '../core/webhook.ts';
import type { Filters } from '../core/filters.ts';
import type { WebhookRoute, WebhooksVersion } from '../app/ports/webhook-repository.ts';
import { VERSION_MODULUS } from '../app/webhook-index.ts';
import type { SecretBox } from './secret-box.ts';
import type { Attempt, Delivery, DeliveryStatus, DeliveryTrigger, Page } from './store.ts';

/**
 * Row <-> record mapping shared by every SQL store, so SQLite and PostgreSQL
 * agree on what a column means. Credentials travel in one sealed column.
 */

export interface WebhookRow {
  id: string; name: string; enabled: number | boolean; concurrency: number;
  spec: string; sealed: string; disabled_reason: string | null; failing_since?: number | string | null;
  created_at: number | string; updated_at: number | string;
}

interface Sealed { secret: string | null; previousSecrets: PreviousSecret[]; auth: WebhookAuth; secretHeaders: Record<string, string> }

export function webhookToRow(w: Webhook, box: SecretBox): WebhookRow {
  // failingSince is the dispatcher's column (markWebhookFailing), never written from a webhook record.
  const { secret, previousSecrets, auth, secretHeaders, id, name, enabled, concurrency, disabledReason, failingSince: _, createdAt, updatedAt, ...spec } = w;
  const sealed: Sealed = { secret, previousSecrets, auth, secretHeaders };
  return {
    id, name, enabled: enabled ? 1 : 0, concurrency,
    spec: JSON.stringify(spec), sealed: box.seal(JSON.stringify(sealed)),
    disabled_reason: disabledReason, created_at: createdAt, updated_at: updatedAt,
  };
}

/** A webhook without its row's own columns: what the spec and sealed JSON hold (what WebhookRowCache keeps). */
export type WebhookBody = Omit<Webhook, 'id' | 'name' | 'enabled' | 'concurrency' | 'disabledReason' | 'failingSince' | 'createdAt' | 'updatedAt'>;

export function webhookBody(row: Pick<WebhookRow, 'spec' | 'sealed'>, box: SecretBox): WebhookBody {
  const spec = JSON.parse(row.spec) as Omit<WebhookBody, keyof Sealed>;
  const sealed = JSON.parse(box.open(row.sealed)) as Sealed;
  return {
    ...spec, ...sealed,
    secretHeaders: sealed.secretHeaders ?? {}, // rows written before secret headers existed
    platformOptions: spec.platformOptions ?? {}, // rows written before platform options existed
  };
}

export function rowToWebhook(row: WebhookRow, box: SecretBox, body: WebhookBody = webhookBody(row, box)): Webhook {
  return {
    ...body,
    id: row.id, name: row.name, enabled: row.enabled === 1 || row.enabled === true, concurrency: row.concurrency,
    disabledReason: row.disabled_reason,
    failingSince: row.failing_since === null || row.failing_since === undefined ? null : Number(row.failing_since), createdAt: Number(row.created_at), updatedAt: Number(row.updated_at),
  };
}

/** Routing's view of a webhook row (listWebhookRoutes): the spec's filters, never the sealed secrets. */
export function rowToRoute(row: Pick<WebhookRow, 'id' | 'enabled' | 'spec' | 'updated_at'>): WebhookRoute {
  return {
    id: row.id, enabled: row.enabled === 1 || row.enabled === true,
    filters: (JSON.parse(row.spec) as { filters: Filters }).filters, updatedAt: Number(row.updated_at),
  };
}

/** The SQL of webhooksVersion, the same on both stores; the modulus is VERSION_MODULUS. */
export const WEBHOOKS_VERSION_SQL = `SELECT count(*) AS count, coalesce(max(updated_at), 0) AS max_updated_at,
  coalesce(sum(updated_at % ${VERSION_MODULUS}), 0) AS updated_at_sum FROM webhooks`;

export function rowToVersion(row: { count: number | string; max_updated_at: number | string; updated_at_sum: number | string }): WebhooksVersion {
  return { count: Number(row.count), maxUpdatedAt: Number(row.max_updated_at), updatedAtSum: Number(row.updated_at_sum) };
}

export interface DeliveryRow {
  id: string; event_id: string; webhook_id: string; status: string; attempts: number;
  next_attempt_at: number | string; last_status_code: number | null; last_error: string | null;
  once: number | boolean; triggered_by?: string; created_at: number | string; updated_at: number | string;
}

export function rowToDelivery(r: DeliveryRow): Delivery {
  return {
    id: r.id, eventId: r.event_id, webhookId: r.webhook_id, status: r.status as DeliveryStatus,
    attempts: r.attempts, nextAttemptAt: Number(r.next_attempt_at), lastStatusCode: r.last_status_code,
    lastError: r.last_error, once: r.once === 1 || r.once === true,
    trigger: (r.triggered_by ?? 'first') as DeliveryTrigger,
    createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

export interface AttemptRow {
  id: string; delivery_id: string; attempt: number; started_at: number | string; duration_ms: number;
  status_code: number | null; response_body: string | null; error: string | null; outcome: string;
  triggered_by?: string;
}

export function rowToAttempt(r: AttemptRow): Attempt {
  return {
    id: r.id, deliveryId: r.delivery_id, attempt: r.attempt, startedAt: Number(r.started_at),
    durationMs: r.duration_ms, statusCode: r.status_code, responseBody: r.response_body,
    error: r.error, outcome: r.outcome as Attempt['outcome'], trigger: (r.triggered_by ?? 'first') as DeliveryTrigger,
  };
}

export interface SilenceRow {
  id: string; matchers: string; starts_at: number | string; ends_at: number | string;
  created_by: string; comment: string; created_at: number | string; updated_at: number | string;
}

export function rowToSilence(r: SilenceRow): Silence {
  return {
    id: r.id, matchers: JSON.parse(r.matchers) as Silence['matchers'], startsAt: Number(r.starts_at), endsAt: Number(r.ends_at),
    createdBy: r.created_by, comment: r.comment, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  };
}

/** The columns of a silence, in the order both stores' INSERT names them. */
export function silenceValues(s: Silence): unknown[] {
  return [s.id, JSON.stringify(s.matchers), s.startsAt, s.endsAt, s.createdBy, s.comment, s.createdAt, s.updatedAt];
}

export function parseEvent(data: string | object): HeraldEvent {
  return (typeof data === 'string' ? JSON.parse(data) : data) as HeraldEvent;
}

export const EMPTY_COUNTS: Record<DeliveryStatus, number> = { pending: 0, delivering: 0, succeeded: 0, failed: 0 };

/** A page from `limit + 1` rows: the extra row only says whether another page follows. */
export function pageOf<T>(rows: T[], limit: number, cursorOf: (item: T) => string): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]!) : null };
}
