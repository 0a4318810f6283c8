import type { KeyObject } from 'node:crypto';
import type { HeraldEvent } from '../core/event.ts';
import { extraHeaders, type Webhook } from '../core/webhook.ts';
import type { Platform } from '../platforms/platform.ts';
import { transportOf } from '../platforms/registry.ts';
import type { SendRequest } from './http-sender.ts';
import { signatureHeaders } from './signing.ts';

export interface BuildOptions {
  deliveryId: string;
  now: Date;
  /** Prepared signing keys, current first (SigningKeyCache); unused by platforms that sign their own way. */
  keys: readonly KeyObject[];
  /** How late this attempt is against when Herald recorded the event; chat platforms show it. */
  delayedMs: number;
  /** Grouping: every event of the message, `event` first. */
  group?: readonly HeraldEvent[];
  /** server.externalUrl: chat messages link to the event in the console. */
  consoleUrl?: string;
}

/**
 * Turns (webhook, event, delivery id) into the exact HTTP request: the
 * platform's body, the user's extra headers, authentication, and Herald's
 * signatures. `webhook-id` is the delivery id, so it is the same on every retry
 * and redelivery and receivers can de-duplicate on it. Requests of one webhook
 * share a connection pool of their own (`poolKey`).
 */
export function buildRequest(platform: Platform, webhook: Webhook, event: HeraldEvent, opts: BuildOptions): SendRequest {
  const { deliveryId, now } = opts;
  const rendered = platform.render(event, {
    url: webhook.url, deliveryId, secret: webhook.secret, template: webhook.template, delayedMs: opts.delayedMs,
    options: webhook.platformOptions ?? {},
    ...(opts.group === undefined ? {} : { group: opts.group }),
    ...(opts.consoleUrl === undefined ? {} : { consoleUrl: opts.consoleUrl }),
  }, now);
  const transport = transportOf(platform);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...extraHeaders(webhook),
    ...rendered.headers,
  };
  // A broker or SMTP server takes `auth` its own way; in message headers it would reach every consumer.
  if (transport === 'http' && webhook.auth.type === 'bearer') headers.authorization = `Bearer ${webhook.auth.token}`;
  if (transport === 'http' && webhook.auth.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${webhook.auth.username}:${webhook.auth.password}`).toString('base64')}`;
  }
  const keys = platform.heraldSignature ? opts.keys : [];
  Object.assign(headers, signatureHeaders(deliveryId, Math.floor(now.getTime() / 1000), rendered.body, keys));
  headers['x-herald-event'] = event.event;
  return {
    transport,
    url: rendered.url ?? webhook.url,
    messageId: deliveryId,
    auth: webhook.auth,
    headers,
    body: rendered.body,
    timeoutMs: webhook.timeoutSeconds * 1000,
    tls: webhook.tls,
    poolKey: webhook.id,
  };
}
