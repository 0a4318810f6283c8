import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';

/**
 * Herald signs custom deliveries two ways at once:
 * - `X-Herald-Signature: sha256=<hex HMAC-SHA256 of the raw body>` (GitHub
 *   style), always exactly one value made with the current secret, so the
 *   documented check (compare the whole header) works at every moment;
 *   while a secret rotates, the old key's signature goes in
 *   `X-Herald-Signature-Previous` instead;
 * - Standard Webhooks: `webhook-id`, `webhook-timestamp`, and
 *   `webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one
 *   space-separated signature per valid key, current first, as the spec says.
 */

/** `whsec_<base64>` secrets are raw key bytes (Standard Webhooks); anything else is used as UTF-8. */
export function secretKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** An HMAC key prepared once (see SigningKeyCache) rather than decoded on every delivery. */
export function prepareKey(secret: string): KeyObject {
  return createSecretKey(secretKey(secret));
}

/** `keys`: the current key first, then still-valid previous ones. */
export function signatureHeaders(
  msgId: string, timestampSeconds: number, body: string, keys: ReadonlyArray<string | KeyObject>,
): Record<string, string> {
  const headers: Record<string, string> = {
    'webhook-id': msgId,
    'webhook-timestamp': String(timestampSeconds),
  };
  if (keys.length === 0) return headers;
  const prepared = keys.map((k) => (typeof k === 'string' ? prepareKey(k) : k));
  headers['webhook-signature'] = prepared
    .map((k) => `v1,${createHmac('sha256', k).update(`${msgId}.${timestampSeconds}.${body}`).digest('base64')}`)
    .join(' ');
  const [current, ...previous] = prepared.map((k) => `sha256=${createHmac('sha256', k).update(body).digest('hex')}`);
  headers['x-herald-signature'] = current!;
  if (previous.length > 0) headers['x-herald-signature-previous'] = previous.join(' ');
  return headers;
}
