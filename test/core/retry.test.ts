import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAttempt } from '../../src/core/attempt-outcome.ts';
import {
  backoffDelayMs, MAX_RETRY_AFTER_MS, MIN_DELAY_WHEN_OVERLOADED_MS, NAMED_SCHEDULES, parseRetryAfter, retrySchedule, RetryPolicySchema,
} from '../../src/core/retry-policy.ts';

const exp = (input: object) => retrySchedule(RetryPolicySchema.parse(input), false);
const noJitter = () => 0.5; // random() * 2 - 1 = 0
const standard = NAMED_SCHEDULES.standard;
const kubevision = NAMED_SCHEDULES.kubevision;

describe('retry policy', () => {
  it('defaults to the standard schedule for custom HTTP and the short chat schedule for chat platforms', () => {
    const none = RetryPolicySchema.parse({});
    assert.equal(retrySchedule(none, false).name, 'standard');
    assert.equal(retrySchedule(none, true).name, 'chat');
    assert.equal(retrySchedule(RetryPolicySchema.parse({ policy: 'default' }), true).name, 'chat');
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(standard, n, noJitter) / 1000),
      [5, 300, 1800, 7200, 18000, 36000, 36000], 'about 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h');
    assert.equal(standard.maxAttempts, 8);
    const chat = NAMED_SCHEDULES.chat;
    const chatTotal = [1, 2, 3, 4, 5].reduce((sum, n) => sum + backoffDelayMs(chat, n, noJitter), 0);
    assert.ok(chatTotal <= 3600_000, 'a chat message is given up within an hour');
  });

  it('keeps the KubeVision-compatible "3 attempts, at most 30 s" as a named policy', () => {
    const s = retrySchedule(RetryPolicySchema.parse({ policy: 'kubevision' }), false);
    assert.equal(s.maxAttempts, 3);
    assert.equal(s.maxDelaySeconds, 30);
    assert.deepEqual([1, 2].map((n) => backoffDelayMs(s, n, noJitter)), [1000, 2000]);
  });

  it('reads explicit backoff fields without a policy as an exponential policy (as webhooks stored before policies)', () => {
    const s = exp({ maxAttempts: 10, initialDelaySeconds: 1, maxDelaySeconds: 30 });
    assert.equal(s.name, 'exponential');
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => backoffDelayMs(s, n, noJitter)), [1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('refuses backoff fields beside a named policy, naming the field', () => {
    const r = RetryPolicySchema.safeParse({ policy: 'standard', maxAttempts: 3 });
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['maxAttempts']);
    assert.equal(RetryPolicySchema.safeParse({ policy: 'sometimes' }).success, false);
  });

  it('spreads delays with jitter, an exponential one never beyond its maximum', () => {
    const p = exp({ initialDelaySeconds: 10, maxDelaySeconds: 10, jitter: 0.2 });
    assert.equal(backoffDelayMs(p, 1, () => 0), 8000);
    assert.equal(backoffDelayMs(p, 1, () => 0.999999), 10000);
    assert.equal(backoffDelayMs(standard, 2, () => 0), 240_000);
    assert.equal(backoffDelayMs(standard, 2, () => 1), 360_000);
  });

  it('allows delays of days for teams that want persistence', () => {
    const p = exp({ maxAttempts: 20, initialDelaySeconds: 5, maxDelaySeconds: 5 * 24 * 3600 });
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
    assert.deepEqual(decideAttempt({ statusCode: 204 }, 1, kubevision), { kind: 'succeeded' });
    assert.equal(decideAttempt({ statusCode: 302 }, 1, kubevision, noJitter).kind, 'retry');
    assert.match((decideAttempt({ statusCode: 302 }, 3, kubevision) as { reason: string }).reason, /redirects are not followed/);
    assert.equal(decideAttempt({ statusCode: 200, platformError: 'errcode 310000: sign not match' }, 1, kubevision, noJitter).kind, 'retry');
  });

  it('gives up after the schedule\'s attempts', () => {
    assert.equal(decideAttempt({ statusCode: 500 }, 2, kubevision, noJitter).kind, 'retry');
    assert.deepEqual(decideAttempt({ statusCode: 500 }, 3, kubevision), { kind: 'failed', reason: 'HTTP 500' });
    assert.equal(decideAttempt({ statusCode: 500 }, 7, standard, noJitter).kind, 'retry');
    assert.equal(decideAttempt({ statusCode: 500 }, 8, standard, noJitter).kind, 'failed');
  });

  it('disables the webhook on 410 Gone', () => {
    assert.equal(decideAttempt({ statusCode: 410 }, 1, kubevision).kind, 'disable');
  });

  it('waits at least a minute after a 429 or a timeout, even when the schedule says 5 s', () => {
    const after429 = decideAttempt({ statusCode: 429 }, 1, standard, noJitter);
    assert.deepEqual(after429, { kind: 'retry', delayMs: MIN_DELAY_WHEN_OVERLOADED_MS, reason: 'HTTP 429' });
    const afterTimeout = decideAttempt({ statusCode: null, networkError: 'timed out after 10000 ms', timedOut: true }, 1, standard, noJitter);
    assert.equal(afterTimeout.kind === 'retry' && afterTimeout.delayMs, MIN_DELAY_WHEN_OVERLOADED_MS);
    assert.equal((decideAttempt({ statusCode: 500 }, 1, standard, noJitter) as { delayMs: number }).delayMs, 5000, 'a plain 500 keeps the schedule');
    const short = exp({ initialDelaySeconds: 0.1, maxDelaySeconds: 0.5, jitter: 0 });
    assert.equal((decideAttempt({ statusCode: 429 }, 1, short) as { delayMs: number }).delayMs, 500, 'never beyond a schedule\'s own longest delay');
  });

  it('honours Retry-After beyond the backoff, up to a ceiling', () => {
    const d = decideAttempt({ statusCode: 429, retryAfterMs: 120_000 }, 1, kubevision, noJitter);
    assert.deepEqual(d, { kind: 'retry', delayMs: 120_000, reason: 'HTTP 429' });
    const capped = decideAttempt({ statusCode: 503, retryAfterMs: 10 * 24 * 3600 * 1000 }, 1, kubevision, noJitter);
    assert.equal(capped.kind === 'retry' && capped.delayMs, MAX_RETRY_AFTER_MS);
    const early = decideAttempt({ statusCode: 429, retryAfterMs: 1000 }, 1, standard, noJitter);
    assert.equal(early.kind === 'retry' && early.delayMs, MIN_DELAY_WHEN_OVERLOADED_MS, 'a Retry-After shorter than the floor is raised to it');
  });

  it('does not retry permanent errors such as an SSRF refusal', () => {
    assert.equal(decideAttempt({ statusCode: null, networkError: 'refused', permanent: true }, 1, standard).kind, 'failed');
  });
});
