import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyWebhookPatch, createWebhook, signingSecrets, viewWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';

const base = createWebhook(WebhookInputSchema.parse({
  name: 'ops', url: 'https://example.com/hook', secret: 'first-secret',
  auth: { type: 'basic', username: 'herald', password: 'hunter22' },
}), 'wh_1', 1000);

describe('webhook model', () => {
  it('never shows secrets, tokens or passwords in its view', () => {
    const text = JSON.stringify(viewWebhook(base));
    assert.doesNotMatch(text, /first-secret|hunter22/);
    assert.deepEqual(viewWebhook(base).auth, { type: 'basic', username: 'herald' });
    assert.equal(viewWebhook(base).hasSecret, true);
  });

  it('keeps the old secret valid for the grace period after a rotation', () => {
    const rotated = applyWebhookPatch(base, { secret: 'second-secret' }, 2000, 60_000);
    assert.deepEqual(signingSecrets(rotated, 3000), ['second-secret', 'first-secret']);
    assert.deepEqual(signingSecrets(rotated, 2000 + 60_001), ['second-secret']);
    assert.equal(viewWebhook(rotated, 3000).secretRotating, true);
  });

  it('keeps fields a PUT omits and removes the secret on null', () => {
    const renamed = applyWebhookPatch(base, { name: 'ops-2' }, 2000, 0);
    assert.equal(renamed.secret, 'first-secret');
    assert.equal(renamed.url, base.url);
    const cleared = applyWebhookPatch(base, { secret: null }, 2000, 60_000);
    assert.deepEqual(signingSecrets(cleared, 2000), []);
  });

  it('clears the disabled reason when re-enabled by hand', () => {
    const disabled = { ...base, enabled: false, disabledReason: 'receiver answered 410 Gone' };
    assert.equal(applyWebhookPatch(disabled, { enabled: true }, 2000, 0).disabledReason, null);
  });

  it('rejects URLs that are not http(s) and short secrets', () => {
    assert.equal(WebhookInputSchema.safeParse({ name: 'x', url: 'ftp://example.com' }).success, false);
    assert.equal(WebhookInputSchema.safeParse({ name: 'x', url: 'https://example.com', secret: 'short' }).success, false);
  });
});

describe('webhook PUT schema', () => {
  it('adds no defaults, so a PUT changes only the fields it names', async () => {
    const { WebhookPatchSchema } = await import('../../src/core/webhook.ts');
    assert.deepEqual(WebhookPatchSchema.parse({ enabled: false }), { enabled: false });
    const tuned = { ...base, timeoutSeconds: 30, concurrency: 16, headers: { 'x-team': 'ops' } };
    const next = applyWebhookPatch(tuned, WebhookPatchSchema.parse({ enabled: false }), 2000, 0);
    assert.deepEqual([next.timeoutSeconds, next.concurrency, next.headers], [30, 16, { 'x-team': 'ops' }]);
  });
});

describe('grouping and rate on a webhook', () => {
  it('keeps them through a PUT that omits them, and null goes back to the platform default', async () => {
    const { WebhookPatchSchema } = await import('../../src/core/webhook.ts');
    const base = createWebhook(WebhookInputSchema.parse({
      name: 'g', platform: 'slack', url: 'https://hooks.slack.com/services/x', grouping: { waitSeconds: 30 }, ratePerMinute: 30,
    }), 'wh_g', 1000);
    assert.equal(base.grouping?.waitSeconds, 30);
    const renamed = applyWebhookPatch(base, WebhookPatchSchema.parse({ name: 'g2' }), 2000, 0);
    assert.deepEqual([renamed.grouping?.waitSeconds, renamed.ratePerMinute], [30, 30]);
    const reset = applyWebhookPatch(base, WebhookPatchSchema.parse({ grouping: null, ratePerMinute: null }), 2000, 0);
    assert.equal('grouping' in reset, false);
    assert.equal('ratePerMinute' in reset, false);
    assert.equal(WebhookInputSchema.safeParse({ name: 'g', url: 'https://x.example', ratePerMinute: 0 }).success, false);
  });
});
