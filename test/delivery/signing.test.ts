import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import type { Webhook } from '../../src/core/webhook.ts';
import { SigningKeyCache } from '../../src/delivery/signing-keys.ts';
import { secretKey, signatureHeaders } from '../../src/delivery/signing.ts';

const SECRET = `whsec_${Buffer.from('a-32-byte-secret-for-the-tests!!').toString('base64')}`;
const OLD = `whsec_${Buffer.from('the-previous-secret-still-valid!').toString('base64')}`;

describe('delivery signatures', () => {
  const body = JSON.stringify({ event: 'update', name: 'api' });
  const now = Math.floor(Date.now() / 1000);

  it('verify with the standardwebhooks library', () => {
    const headers = signatureHeaders('dlv_1', now, body, [SECRET]);
    const payload = new StandardWebhook(SECRET).verify(body, headers);
    assert.deepEqual(payload, JSON.parse(body));
  });

  it('carry X-Herald-Signature as the hex HMAC-SHA256 of the raw body', () => {
    const headers = signatureHeaders('dlv_1', now, body, ['plain-text-secret']);
    assert.equal(headers['x-herald-signature'], `sha256=${createHmac('sha256', 'plain-text-secret').update(body).digest('hex')}`);
  });

  it('during rotation verify with the old key and with the new one (Standard Webhooks carries both)', () => {
    const headers = signatureHeaders('dlv_1', now, body, [SECRET, OLD]);
    assert.doesNotThrow(() => new StandardWebhook(SECRET).verify(body, headers));
    assert.doesNotThrow(() => new StandardWebhook(OLD).verify(body, headers));
    assert.equal(headers['webhook-signature']!.split(' ').length, 2);
  });

  it('during rotation keep exactly one X-Herald-Signature, the current key\'s, and the old key\'s in X-Herald-Signature-Previous', () => {
    const headers = signatureHeaders('dlv_1', now, body, [SECRET, OLD]);
    const hex = (secret: string) => `sha256=${createHmac('sha256', secretKey(secret)).update(body).digest('hex')}`;
    // The documented receiver check: the whole header equals "sha256=" + hex(HMAC(secret, body)).
    assert.equal(headers['x-herald-signature'], hex(SECRET));
    assert.equal(headers['x-herald-signature-previous'], hex(OLD));
    assert.equal(signatureHeaders('dlv_1', now, body, [SECRET])['x-herald-signature-previous'], undefined, 'absent when nothing rotates');
  });

  it('fail verification when the body is tampered with', () => {
    const headers = signatureHeaders('dlv_1', now, body, [SECRET]);
    assert.throws(() => new StandardWebhook(SECRET).verify(body.replace('api', 'web'), headers));
  });

  it('still identify the message when no secret is set', () => {
    const headers = signatureHeaders('dlv_1', now, body, []);
    assert.equal(headers['webhook-id'], 'dlv_1');
    assert.equal(headers['webhook-signature'], undefined);
  });
});

describe('prepared signing keys', () => {
  const base = { id: 'wh_1', secret: SECRET, previousSecrets: [{ secret: OLD, expiresAt: 2000 }], updatedAt: 1000 } as unknown as Webhook;

  it('are prepared once per webhook version and reused', () => {
    const cache = new SigningKeyCache();
    const [a] = cache.keysFor(base, 1500);
    const [b] = cache.keysFor({ ...base }, 1500);
    assert.equal(a, b, 'the same KeyObject, not rebuilt on every call');
  });

  it('follow a secret change, even within the same millisecond, and drop expired previous keys', () => {
    const cache = new SigningKeyCache();
    const before = cache.keysFor(base, 1500);
    assert.equal(before.length, 2);
    const rotated = cache.keysFor({ ...base, secret: 'a-brand-new-secret' }, 1500);
    assert.notEqual(rotated[0], before[0]);
    const body = 'x';
    assert.equal(signatureHeaders('m', 1, body, rotated)['x-herald-signature'], signatureHeaders('m', 1, body, ['a-brand-new-secret'])['x-herald-signature']);
    assert.equal(cache.keysFor(base, 2000).length, 1, 'the previous key stops signing when it expires');
  });
});
