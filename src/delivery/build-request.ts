import type { HeraldEvent } from '../core/event.ts';
import { extraHeaders, signingSecrets, type Webhook } from '../core/webhook.ts';
import type { Platform } from '../platforms/platform.ts';
import type { SendRequest } from './http-sender.ts';
import { signatureHeaders } from './signing.ts';

/**
 * Turns (webhook, event, delivery id) into the exact HTTP request: the
 * platform's body, the user's extra headers, authentication, and Herald's
 * signatures. `webhook-id` is the delivery id, so it is the same on every retry
 * and redelivery and receivers can de-duplicate on it.
 */
export function buildRequest(platform: Platform, webhook: Webhook, event: HeraldEvent, deliveryId: string, now: Date): SendRequest {
  const rendered = platform.render(event, { url: webhook.url, secret: webhook.secret, template: webhook.template }, now);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...extraHeaders(webhook),
    ...rendered.headers,
  };
  if (webhook.auth.type === 'bearer') headers.authorization = `Bearer ${webhook.auth.token}`;
  if (webhook.auth.type === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${webhook.auth.username}:${webhook.auth.password}`).toString('base64')}`;
  }
  const secrets = platform.heraldSignature ? signingSecrets(webhook, now.getTime()) : [];
  Object.assign(headers, signatureHeaders(deliveryId, Math.floor(now.getTime() / 1000), rendered.body, secrets));
  headers['x-herald-event'] = event.event;
  return {
    url: rendered.url ?? webhook.url,
    headers,
    body: rendered.body,
    timeoutMs: webhook.timeoutSeconds * 1000,
    tls: webhook.tls,
  };
}
