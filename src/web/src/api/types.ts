import type { HeraldEvent } from '../../../core/event.ts';
import type { LabelCondition } from '../../../core/filters.ts';
import type { SilenceInput, SilenceView } from '../../../core/silence.ts';
import type { GroupField } from '../../../core/grouping.ts';
import type { WebhookInput, WebhookPatch, WebhookView } from '../../../core/webhook.ts';

/**
 * What the console reads and sends. Webhook and event shapes come from the
 * core schemas (type-only imports, erased from the bundle), so a change to
 * the API's model breaks the console's type check rather than the page.
 */
export type { GroupField, HeraldEvent, LabelCondition, SilenceInput, SilenceView, WebhookInput, WebhookPatch, WebhookView };

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

export type DeliveryStatus = 'pending' | 'delivering' | 'succeeded' | 'failed';

export interface Delivery {
  id: string;
  eventId: string;
  webhookId: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Attempt {
  id: string;
  attempt: number;
  startedAt: string;
  durationMs: number;
  statusCode: number | null;
  responseBody: string | null;
  error: string | null;
  outcome: 'succeeded' | 'retry' | 'failed';
  trigger: 'first' | 'retry' | 'redeliver' | 'recovered' | 'test';
}

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

export interface EventDetail { event: HeraldEvent; deliveries: Delivery[] }

/** The event browser's filters, as GET /events takes them. */
export interface EventQuery { type?: string; cluster?: string; namespace?: string; kind?: string; actor?: string; since?: string; until?: string }

export interface Preview { platform: string; event: HeraldEvent; request: { headers: Record<string, string>; body: string } }
