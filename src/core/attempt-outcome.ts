import { backoffDelayMs, MAX_RETRY_AFTER_MS, MIN_DELAY_WHEN_OVERLOADED_MS, type RetrySchedule } from './retry-policy.ts';

/** What one HTTP attempt produced, as the dispatcher saw it. */
export interface AttemptResult {
  statusCode: number | null;
  /** A broker or SMTP server confirmed the message (there is no HTTP status). */
  confirmed?: string;
  /** From a 429/503 Retry-After header, already in ms. */
  retryAfterMs?: number;
  /** The platform's own reason: an error code in a 200 body (DingTalk, Feishu, WeCom) or an error body's message (Telegram, PagerDuty). */
  platformError?: string;
  /** Connection refused, TLS failure, timeout, SSRF refusal… */
  networkError?: string;
  /** The receiver did not answer within the webhook's timeout. */
  timedOut?: boolean;
  /** Errors no retry can fix (the SSRF guard, an unrenderable template). */
  permanent?: boolean;
}

export type AttemptDecision =
  | { kind: 'succeeded' }
  | { kind: 'retry'; delayMs: number; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'disable'; reason: string };

export function describeResult(r: AttemptResult): string {
  if (r.networkError !== undefined) return r.networkError;
  if (r.platformError !== undefined) return `platform error: ${r.platformError}`;
  if (r.statusCode === null) return 'no response';
  if (r.statusCode >= 300 && r.statusCode < 400) return `HTTP ${r.statusCode} (redirects are not followed)`;
  return `HTTP ${r.statusCode}`;
}

/**
 * Only a 2xx without a platform error is success; 410 Gone means the receiver
 * is gone for good, so the webhook is disabled rather than retried. After a
 * 429 or a timeout the next attempt waits at least a minute (capped by the
 * schedule's longest delay); a Retry-After is honoured up to six hours.
 */
export function decideAttempt(
  result: AttemptResult, attempt: number, schedule: RetrySchedule, random: () => number = Math.random,
): AttemptDecision {
  const ok = result.confirmed !== undefined || (result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300
    && result.platformError === undefined && result.networkError === undefined);
  if (ok) return { kind: 'succeeded' };
  const reason = describeResult(result);
  if (result.statusCode === 410) return { kind: 'disable', reason: 'receiver answered 410 Gone' };
  if (result.permanent === true || attempt >= schedule.maxAttempts) return { kind: 'failed', reason };
  const overloaded = result.statusCode === 429 || result.timedOut === true;
  const floor = overloaded ? Math.min(MIN_DELAY_WHEN_OVERLOADED_MS, schedule.maxDelaySeconds * 1000) : 0;
  const backoff = Math.max(backoffDelayMs(schedule, attempt, random), floor);
  const delayMs = result.retryAfterMs === undefined
    ? backoff
    : Math.min(Math.max(result.retryAfterMs, backoff), MAX_RETRY_AFTER_MS);
  return { kind: 'retry', delayMs, reason };
}

/**
 * A 429 is the receiver asking Herald to wait its turn, not a failure: the
 * attempt is recorded but not counted (Completion.throttled). The next one
 * goes after the Retry-After (capped at six hours): the platforms that send
 * one (Slack, Discord) mean it, and the pacing usually keeps 429s away.
 * Without one, a minute, as for any overloaded receiver. Undefined for any
 * other answer.
 */
export function decideThrottled(result: AttemptResult): AttemptDecision | undefined {
  if (result.statusCode !== 429) return undefined;
  const delayMs = Math.min(Math.max(result.retryAfterMs ?? MIN_DELAY_WHEN_OVERLOADED_MS, 0), MAX_RETRY_AFTER_MS);
  return { kind: 'retry', delayMs, reason: `${describeResult(result)} (throttled; not counted as an attempt)` };
}
