import type { z } from 'zod';
import type { HeraldEvent } from '../core/event.ts';

/**
 * One small interface per destination kind. A platform turns an event into the
 * request its receiver expects and reads the receiver's answer; it knows
 * nothing of the store, the queue or retries.
 */

/** What a platform needs to know about the webhook it renders for. */
export interface RenderTarget {
  url: string;
  /** The delivery id: the same on every retry, so receivers and brokers can de-duplicate on it (CloudEvents `id`). */
  deliveryId?: string;
  /** The current signing secret, for platforms that sign in the URL or body (DingTalk, Feishu). */
  secret: string | null;
  template: string | null;
  /** How late this attempt is (retries, an outage); chat platforms show it from a minute on. */
  delayedMs?: number;
  /** The webhook's `platformOptions`, already checked against the platform's `options` schema. */
  options?: Record<string, unknown>;
  /** Grouping: every event of one message, the rendered event first; absent for a single event. */
  group?: readonly HeraldEvent[];
  /** server.externalUrl, when set: messages link to the event in the console. */
  consoleUrl?: string;
}

export interface RenderedRequest {
  /**
   * Defaults to the webhook URL; DingTalk adds its signature to the query, and
   * Opsgenie closes an alert at `<url>/<alias>/close`: the URL may differ per event.
   */
  url?: string;
  body: string;
  headers?: Record<string, string>;
}

export interface PlatformAnswer {
  ok: boolean;
  /** The platform's own message, kept in the delivery history. */
  error?: string;
}

/**
 * What a platform's receiver said when it refused (a non-2xx status): its own
 * message, a retry delay found in the body (Telegram's `parameters.retry_after`),
 * and whether the platform documents that retrying cannot help (PagerDuty's 400).
 */
export interface Refusal {
  error?: string;
  retryAfterMs?: number;
  permanent?: boolean;
}

/** How a webhook field reads for this platform, for the API listing and the console form. */
export interface FieldNeed {
  label: string;
  description: string;
  /** The secret is required (PagerDuty's routing key, Opsgenie's API key). */
  required?: boolean;
  example?: string;
}

/**
 * A documented rate limit of the receiver: the rate limiter's default for a
 * webhook that sets no `ratePerMinute` (absent: no limit, as for custom HTTP),
 * the API's platform listing and docs/platforms.md.
 */
export interface DocumentedRate {
  requests: number;
  perSeconds: number;
  /** What the limit counts per: "webhook", "chat", "routing key"… */
  per: string;
}

/**
 * How a destination is reached. Each transport has one sender in
 * src/delivery/transports/ and the URL schemes it takes (TRANSPORT_SCHEMES).
 */
export type Transport = 'http' | 'smtp' | 'nats' | 'amqp' | 'mqtt' | 'redis';

export const TRANSPORT_SCHEMES: Readonly<Record<Transport, readonly string[]>> = {
  http: ['http:', 'https:'],
  smtp: ['smtp:', 'smtps:'],
  nats: ['nats:'],
  amqp: ['amqp:', 'amqps:'],
  mqtt: ['mqtt:', 'mqtts:'],
  redis: ['redis:', 'rediss:'],
};

export interface Platform {
  id: string;
  label: string;
  /** Defaults to http. Broker and SMTP platforms name theirs; the dispatcher picks the sender by it. */
  transport?: Transport;
  /**
   * True when receivers verify Herald's own signature headers
   * (X-Herald-Signature, webhook-signature); chat platforms sign their own way.
   */
  heraldSignature: boolean;
  /**
   * True when the URL itself is the credential (Slack, Discord, DingTalk,
   * Feishu, WeCom and Teams webhook URLs carry the token): viewers see it masked.
   */
  credentialUrl: boolean;
  /** What the `url` field holds for this platform. */
  url?: FieldNeed;
  /** What the write-only, sealed `secret` holds when the platform uses it (signing key, routing key, API key). */
  secret?: FieldNeed;
  /** Schema of the webhook's `platformOptions` (non-secret settings such as a chat id); none: must be empty. */
  options?: z.ZodObject;
  rate?: DocumentedRate;
  /**
   * The retry schedule a webhook gets when its `retry` names none: `chat` (short: a message hours
   * late is noise) or `standard`. Omitted: `chat` for platforms without Herald's signature.
   * Paging platforms take `standard`, so a resolve outlasts an outage and closes its incident.
   */
  defaultRetry?: 'chat' | 'standard';
  /**
   * True when `render` lays out every event of `target.group` (one grouped
   * message, or custom's batch payload). Grouping is applied to no other
   * platform, whatever a webhook's `grouping` says: a platform that renders
   * only the first event would mark the rest of a group delivered unsent.
   */
  rendersGroups?: boolean;
  /**
   * Refuses a destination URL this platform cannot use (no subject, no
   * recipient), naming what is missing; called when a webhook is saved.
   */
  checkUrl?(url: URL): void;
  /** `now` is passed in so signatures that embed a timestamp are testable. */
  render(event: HeraldEvent, target: RenderTarget, now: Date): RenderedRequest;
  /** Reads a response whose status was 2xx; platforms that report errors in a 200 body say so here. */
  interpret(statusCode: number, body: string): PlatformAnswer;
  /** Reads the body of a non-2xx answer, for platforms whose error bodies say more than the status. */
  readRefusal?(statusCode: number, body: string): Refusal;
}
