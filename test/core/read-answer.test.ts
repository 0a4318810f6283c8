import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decideAttempt } from '../../src/core/attempt-outcome.ts';
import { readAnswer, type BodyInterpreter } from '../../src/core/read-answer.ts';
import { retrySchedule } from '../../src/core/retry-policy.ts';
import { codeInBody } from '../../src/platforms/answer.ts';

const plain: BodyInterpreter = () => ({ ok: true });
const dingtalkLike: BodyInterpreter = (_s, body) => codeInBody(body, ['errcode'], ['errmsg'], 'errcode');
const response = (statusCode: number, body = '', headers: Record<string, string> = {}) =>
  ({ ok: true as const, response: { statusCode, headers, body } });
const NOW = Date.parse('2026-01-01T00:00:00Z');

describe('reading a receiver\'s answer', () => {
  it('reads a broker\'s or SMTP server\'s confirmation as success, with no HTTP status', () => {
    const result = readAnswer({ ok: true, confirmed: 'stream HERALD seq 7' }, plain, NOW);
    assert.deepEqual(result, { statusCode: null, confirmed: 'stream HERALD seq 7' });
    assert.deepEqual(decideAttempt(result, 1, retrySchedule({}, false)), { kind: 'succeeded' });
    const lost = readAnswer({ ok: false, error: 'ECONNRESET: socket hang up', permanent: false }, plain, NOW);
    assert.equal(decideAttempt(lost, 1, retrySchedule({}, false)).kind, 'retry', 'no confirmation is retried as an HTTP failure is');
  });

  it('keeps the status of a plain answer', () => {
    assert.deepEqual(readAnswer(response(204), plain, NOW), { statusCode: 204 });
    assert.deepEqual(readAnswer(response(500, 'boom'), plain, NOW), { statusCode: 500 });
  });

  it('reads Retry-After on 429 and 503, as seconds or as a date', () => {
    assert.deepEqual(readAnswer(response(429, '', { 'retry-after': '120' }), plain, NOW), { statusCode: 429, retryAfterMs: 120_000 });
    const at = new Date(NOW + 300_000).toUTCString();
    assert.deepEqual(readAnswer(response(503, '', { 'retry-after': at }), plain, NOW), { statusCode: 503, retryAfterMs: 300_000 });
    assert.deepEqual(readAnswer(response(500, '', { 'retry-after': '120' }), plain, NOW), { statusCode: 500 }, 'only where HTTP defines it');
    assert.deepEqual(readAnswer(response(429, '', { 'retry-after': 'later' }), plain, NOW), { statusCode: 429 });
  });

  it('finds a platform error code in a 2xx body', () => {
    const r = readAnswer(response(200, '{"errcode":310000,"errmsg":"sign not match"}'), dingtalkLike, NOW);
    assert.deepEqual(r, { statusCode: 200, platformError: 'errcode 310000: sign not match' });
    assert.deepEqual(readAnswer(response(200, '{"errcode":0}'), dingtalkLike, NOW), { statusCode: 200 });
    assert.deepEqual(readAnswer(response(500, '{"errcode":1}'), dingtalkLike, NOW), { statusCode: 500 }, 'bodies of non-2xx are not read');
    assert.deepEqual(readAnswer(response(200), () => ({ ok: false }), NOW), { statusCode: 200, platformError: 'the platform reported an error' });
  });

  it('reads a refusal\'s body when the platform knows its error bodies (Telegram, PagerDuty)', () => {
    const telegramLike = (_s: number, body: string) => {
      const b = JSON.parse(body) as { description: string; parameters?: { retry_after: number } };
      return { error: b.description, ...(b.parameters === undefined ? {} : { retryAfterMs: b.parameters.retry_after * 1000 }), permanent: _s === 400 };
    };
    const limited = response(429, '{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 7","parameters":{"retry_after":7}}');
    assert.deepEqual(readAnswer(limited, plain, NOW, telegramLike),
      { statusCode: 429, retryAfterMs: 7000, platformError: 'HTTP 429: Too Many Requests: retry after 7' });
    const withHeader = response(429, '{"description":"slow down","parameters":{"retry_after":7}}', { 'retry-after': '30' });
    assert.equal(readAnswer(withHeader, plain, NOW, telegramLike).retryAfterMs, 30_000, 'the header wins over the body');
    assert.deepEqual(readAnswer(response(400, '{"description":"Bad Request: chat not found"}'), plain, NOW, telegramLike),
      { statusCode: 400, platformError: 'HTTP 400: Bad Request: chat not found', permanent: true });
    assert.deepEqual(readAnswer(response(500, '{"description":"x","parameters":{"retry_after":7}}'), plain, NOW, telegramLike).retryAfterMs, undefined,
      'a body delay counts only on 429');
  });

  it('turns a network error into a result, keeping timeouts and permanent refusals apart', () => {
    assert.deepEqual(readAnswer({ ok: false, error: 'ECONNREFUSED: connect', permanent: false }, plain, NOW),
      { statusCode: null, networkError: 'ECONNREFUSED: connect', permanent: false });
    assert.deepEqual(readAnswer({ ok: false, error: 'timed out after 1000 ms', permanent: false, timedOut: true }, plain, NOW),
      { statusCode: null, networkError: 'timed out after 1000 ms', permanent: false, timedOut: true });
    assert.equal(readAnswer({ ok: false, error: 'address is loopback', permanent: true }, plain, NOW).permanent, true);
  });
});
