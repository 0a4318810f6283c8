import type { HeraldEvent } from '../../../core/event.ts';
import type { LabelCondition } from '../../../core/filters.ts';
import type { SilenceInput, SilenceView } from '../../../core/silence.ts';
import type { GroupField } from '../../../core/grouping.ts';
import type { WebhookInput, WebhookPatch, WebhookView } from '../../../core/webhook.ts';
import type { DeliveryChange } from '../../../app/delivery-change.ts';
import type { Attempt as StoredAttempt, Delivery as StoredDelivery, DeliveryStatus } from '../../../app/ports/delivery-queue.ts';

/**
 * What the console reads and sends. Webhook, event and delivery shapes come
 * from the core schemas and the application's ports (type-only imports,
 * erased from the bundle), so a change to the API's model breaks the
 * console's type check rather than the page.
 */
export type {
  DeliveryChange, DeliveryStatus, GroupField, HeraldEvent, LabelCondition, SilenceInput, SilenceView, WebhookInput, WebhookPatch, WebhookView,
};

export type Role = 'admin' | 'ops' | 'viewer';

export interface SessionUser { id: string; name: string; role: Role }
export interface Session { user: SessionUser }

/** One input a platform needs, as GET /api/v1/platforms describes it (`name` is a body path such as `platformOptions.chatId`). */
export interface PlatformField {
  name: string; label: string; description: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'enum' | 'string-or-integer';
  required: boolean; secret: boolean; values?: string[]; example?: string;
}

export interface PlatformInfo {
  id: string; label: string;
  /** Absent only for a platform the server no longer lists (an old webhook's value). */
  fields?: PlatformField[];
  rate?: { requests: number; perSeconds: number; per: string };
}

/** A record as the API sends it: its epoch-ms times as ISO strings. */
type AsSent<T, Times extends keyof T> = Omit<T, Times> & { [K in Times]: string };

/** GET /webhooks/:id/deliveries items (src/api/routes/views.ts: the stored delivery without `once`). */
export type Delivery = AsSent<Omit<StoredDelivery, 'once'>, 'nextAttemptAt' | 'createdAt' | 'updatedAt'>;
/** One attempt of GET /deliveries/:id (the stored attempt without its delivery id). */
export type Attempt = AsSent<Omit<StoredAttempt, 'deliveryId'>, 'startedAt'>;

export interface DeliveryDetail extends Delivery {
  event: HeraldEvent | null;
  attemptLog: Attempt[];
}

export interface TestResult { ok: boolean; delivery: Delivery; attempt: Attempt | null }

export interface Page<T> { items: T[]; nextCursor: string | null }

/** The body of every API error. */
export interface ErrorBody { error: { code: string; message: string; field?: string } }

export interface UserView { id: string; name: string; role: Role; disabled: boolean; createdAt: string; updatedAt: string }

export interface TokenView {
  id: string; name: string; prefix: string; role: Role;
  owner: { id: string; name: string } | null;
  createdAt: string; lastUsedAt: string | null; expiresAt: string | null;
}

export interface AuditEntry {
  id: string; at: string; action: string; summary: string;
  actor: { id: string | null; name: string };
  target: { type: string; id: string | null; name: string | null };
}

/** The delivery history's filters, as GET /webhooks/:id/deliveries takes them. */
export interface DeliveryQuery { status?: DeliveryStatus; q?: string; since?: string; until?: string }

/** The audit log's filters, as GET /audit takes them (exact values; times ISO). */
export interface AuditQuery { actor?: string; action?: string; target?: string; since?: string; until?: string }

export interface EventDetail { event: HeraldEvent; deliveries: Delivery[] }

/** The event browser's filters, as GET /events takes them. */
export interface EventQuery { type?: string; cluster?: string; namespace?: string; kind?: string; actor?: string; since?: string; until?: string }

export interface Preview { platform: string; event: HeraldEvent; request: { headers: Record<string, string>; body: string } }
