import { createHmac } from 'node:crypto';

/**
 * Herald signs custom deliveries two ways at once:
 * - `X-Herald-Signature: sha256=<hex HMAC-SHA256 of the raw body>` (GitHub style);
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp`, and
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`.
 * While a secret is rotating, each header carries one signature per valid key,
 * space-separated, current key first, so receivers holding either key verify.
 */

/** `whsec_<base64>` secrets are raw key bytes (Standard Webhooks); anything else is used as UTF-8. */
export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

export function signatureHeaders(msgId: string, timestampSeconds: number, body: string, secrets: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
  };
  if (secrets.length === 0) return headers;
  const keys = secrets.map(secretKey);
  headers['webhook-signature'] = keys
    .map((k) => `v1,${createHmac('sha256', k).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64')}`)
    .join(' ');
  headers['x-herald-signature'] = keys
    .map((k) => `sha256=${createHmac('sha256', k).update(body).digest('hex')}`)
    .join(' ');
  return headers;
}
