import type { AttemptResult } from './attempt-outcome.ts';
import { parseRetryAfter } from './retry-policy.ts';

/**
 * What came back from one send: a response (status, headers, body read up to
 * a cap) or the reason there was none. The HTTP sender produces it; reading
 * it is pure, so every case is unit-tested without a network.
 */
export type ReceiverAnswer =
  | { ok: true; response: { statusCode: number; headers: Record<string, string>; body: string } }
  /** A broker or SMTP server took the message: what it said (a stream sequence, an entry id, a queue id). */
  | { ok: true; confirmed: string }
  | { ok: false; error: string; permanent: boolean; timedOut?: boolean };

/** A platform's reading of a 2xx body (DingTalk, Feishu and WeCom put refusals there). */
export type BodyInterpreter = (statusCode: number, body: string) => { ok: boolean; error?: string };

/**
 * A platform's reading of a non-2xx body: Telegram's `description` and `parameters.retry_after`,
 * PagerDuty's `errors`, and whether the platform documents that a retry cannot help.
 */
export type RefusalReader = (statusCode: number, body: string) => { error?: string; retryAfterMs?: number; permanent?: boolean };

/**
 * Turns an answer into the AttemptResult the retry decision reads. `now` resolves an HTTP-date Retry-After;
 * a Retry-After header wins over a delay the body names.
 */
export function readAnswer(answer: ReceiverAnswer, interpret: BodyInterpreter, now: number, readRefusal?: RefusalReader): AttemptResult {
  if (!answer.ok) {
    const result: AttemptResult = { statusCode: null, networkError: answer.error, permanent: answer.permanent };
    if (answer.timedOut === true) result.timedOut = true;
    return result;
  }
  if ('confirmed' in answer) return { statusCode: null, confirmed: answer.confirmed };
  const { statusCode, headers, body } = answer.response;
  const result: AttemptResult = { statusCode };
  if (statusCode === 429 || statusCode === 503) {
    const retryAfterMs = parseRetryAfter(headers['retry-after'], now);
    if (retryAfterMs !== undefined) result.retryAfterMs = retryAfterMs;
  }
  if (statusCode >= 200 && statusCode < 300) {
    const verdict = interpret(statusCode, body);
    if (!verdict.ok) result.platformError = verdict.error ?? 'the platform reported an error';
  } else if (readRefusal !== undefined && statusCode >= 400) {
    const refusal = readRefusal(statusCode, body);
    if (refusal.error !== undefined) result.platformError = `HTTP ${statusCode}: ${refusal.error}`;
    if (result.retryAfterMs === undefined && refusal.retryAfterMs !== undefined && statusCode === 429) result.retryAfterMs = refusal.retryAfterMs;
    if (refusal.permanent === true) result.permanent = true;
  }
  return result;
}
