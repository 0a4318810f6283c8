import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAttempt } from '../../src/core/attempt-outcome.ts';
import { backoffDelayMs, MAX_RETRY_AFTER_MS, parseRetryAfter, RetryPolicySchema } from '../../src/core/retry-policy.ts';

const policy = RetryPolicySchema.parse({});
const noJitter = () => 0.5; // random() * 2 - 1 = 0

describe('retry policy', () => {
  it('defaults to the documented 3 attempts with at most 30 s between them', () => {
    assert.equal(policy.maxAttempts, 3);
    assert.equal(policy.maxDelaySeconds, 30);
  });

  it('grows delays exponentially up to the maximum', () => {
    const p = RetryPolicySchema.parse({ maxAttempts: 10, initialDelaySeconds: 1, maxDelaySeconds: 30 });
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(p, n, noJitter)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('spreads delays with jitter but never beyond the maximum', () => {
    const p = RetryPolicySchema.parse({ initialDelaySeconds: 10, maxDelaySeconds: 10, jitter: 0.2 });
    assert.equal(backoffDelayMs(p, 1, () => 0), 8000);
    assert.equal(backoffDelayMs(p, 1, () => 0.999999), 10000);
  });

  it('allows delays of days for teams that want persistence', () => {
    const p = RetryPolicySchema.parse({ maxAttempts: 20, initialDelaySeconds: 5, maxDelaySeconds: 5 * 24 * 3600 });
    assert.equal(backoffDelayMs(p, 20, noJitter), 5 * 24 * 3600 * 1000);
    assert.equal(RetryPolicySchema.safeParse({ maxDelaySeconds: 30 * 24 * 3600 }).success, false);
    assert.equal(RetryPolicySchema.safeParse({ initialDelaySeconds: 60, maxDelaySeconds: 30 }).success, false);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    assert.equal(parseRetryAfter('7', 0), 7000);
    assert.equal(parseRetryAfter(new Date(60_000).toUTCString(), 0), 60_000);
    assert.equal(parseRetryAfter('soon', 0), undefined);
    assert.equal(parseRetryAfter(undefined, 0), undefined);
  });
});

describe('attempt decisions', () => {
  it('treats only 2xx without a platform error as success', () => {
    assert.deepEqual(decideAttempt({ statusCode: 204 }, 1, policy), { kind: 'succeeded' });
    assert.equal(decideAttempt({ statusCode: 302 }, 1, policy, noJitter).kind, 'retry');
    assert.match((decideAttempt({ statusCode: 302 }, 3, policy) as { reason: string }).reason, /redirects are not followed/);
    assert.equal(decideAttempt({ statusCode: 200, platformError: 'errcode 310000: sign not match' }, 1, policy, noJitter).kind, 'retry');
  });

  it('gives up after maxAttempts', () => {
    assert.equal(decideAttempt({ statusCode: 500 }, 2, policy, noJitter).kind, 'retry');
    assert.deepEqual(decideAttempt({ statusCode: 500 }, 3, policy), { kind: 'failed', reason: 'HTTP 500' });
  });

  it('disables the webhook on 410 Gone', () => {
    assert.equal(decideAttempt({ statusCode: 410 }, 1, policy).kind, 'disable');
  });

  it('honours Retry-After beyond the backoff, up to a ceiling', () => {
    const d = decideAttempt({ statusCode: 429, retryAfterMs: 20_000 }, 1, policy, noJitter);
    assert.deepEqual(d, { kind: 'retry', delayMs: 20_000, reason: 'HTTP 429' });
    const capped = decideAttempt({ statusCode: 503, retryAfterMs: 10 * 24 * 3600 * 1000 }, 1, policy, noJitter);
    assert.equal(capped.kind === 'retry' && capped.delayMs, MAX_RETRY_AFTER_MS);
  });

  it('does not retry permanent errors such as an SSRF refusal', () => {
    assert.equal(decideAttempt({ statusCode: null, networkError: 'refused', permanent: true }, 1, policy).kind, 'failed');
  });
});
