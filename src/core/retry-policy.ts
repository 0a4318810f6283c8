import { z } from 'zod';

/**
 * How hard Herald tries one delivery. A named policy, or an explicit
 * exponential backoff:
 * - `standard` (the default for custom HTTP): about 5 s, 5 min, 30 min, 2 h,
 *   5 h, 10 h, 10 h, with ±20% jitter, as Svix and Standard Webhooks
 *   recommend, so a receiver down for a day still gets every event;
 * - `chat` (the default for chat platforms): 5 s, 30 s, 2 min, 10 min, 30 min,
 *   since a chat message hours late is noise, and a late one says how late;
 * - `kubevision`: the old "3 attempts, at most 30 s", for KubeVision users;
 * - `exponential`: `initialDelaySeconds` × `multiplier`ⁿ up to `maxDelaySeconds`.
 * `default` (or no `policy`) picks standard or chat by platform; giving the
 * exponential fields without a policy means `exponential`.
 */
const WEEK_SECONDS = 7 * 24 * 3600;

export const RETRY_POLICY_NAMES = ['default', 'standard', 'chat', 'kubevision', 'exponential'] as const;
export type RetryPolicyName = typeof RETRY_POLICY_NAMES[number];

const EXPONENTIAL_FIELDS = ['maxAttempts', 'initialDelaySeconds', 'maxDelaySeconds', 'multiplier', 'jitter'] as const;

export const RetryPolicySchema = z.strictObject({
  policy: z.enum(RETRY_POLICY_NAMES).optional()
    .describe('default (standard for custom HTTP, chat for chat platforms), standard, chat, kubevision or exponential'),
  maxAttempts: z.number().int().min(1).max(100).optional().describe('exponential only; default 3'),
  initialDelaySeconds: z.number().min(0.1).max(WEEK_SECONDS).optional().describe('exponential only; default 1'),
  maxDelaySeconds: z.number().min(0.1).max(WEEK_SECONDS).optional().describe('exponential only; default 30'),
  multiplier: z.number().min(1).max(10).optional().describe('exponential only; default 2'),
  jitter: z.number().min(0).max(1).optional().describe('±fraction of each delay, so retries of many deliveries spread out; default 0.2'),
}).superRefine((p, ctx) => {
  if (p.policy !== undefined && p.policy !== 'exponential') {
    for (const f of EXPONENTIAL_FIELDS) {
      if (p[f] !== undefined) ctx.addIssue({ code: 'custom', path: [f], message: `only applies with policy "exponential", not "${p.policy}"` });
    }
  }
  if ((p.maxDelaySeconds ?? 30) < (p.initialDelaySeconds ?? 1)) {
    ctx.addIssue({ code: 'custom', path: ['maxDelaySeconds'], message: 'must be at least initialDelaySeconds' });
  }
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** A policy made concrete for one webhook's platform. */
export interface RetrySchedule {
  name: Exclude<RetryPolicyName, 'default'>;
  maxAttempts: number;
  jitter: number;
  /** Fixed delays (seconds) after attempt 1, 2, …; the last repeats. Absent for exponential backoff. */
  delaysSeconds?: readonly number[];
  initialDelaySeconds: number;
  maxDelaySeconds: number;
  multiplier: number;
}

const STANDARD_DELAYS = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 10 * 3600];
const CHAT_DELAYS = [5, 30, 2 * 60, 10 * 60, 30 * 60];

function fixed(name: 'standard' | 'chat', delays: readonly number[]): RetrySchedule {
  return {
    name, maxAttempts: delays.length + 1, jitter: 0.2, delaysSeconds: delays,
    initialDelaySeconds: delays[0]!, maxDelaySeconds: Math.max(...delays), multiplier: 1,
  };
}

export const NAMED_SCHEDULES = {
  standard: fixed('standard', STANDARD_DELAYS),
  chat: fixed('chat', CHAT_DELAYS),
  kubevision: { name: 'kubevision', maxAttempts: 3, jitter: 0.2, initialDelaySeconds: 1, maxDelaySeconds: 30, multiplier: 2 },
} as const satisfies Record<string, RetrySchedule>;

/** `chat` is true for platforms that post messages people read (Slack, Teams, …). */
export function retrySchedule(policy: RetryPolicy, chat: boolean): RetrySchedule {
  const explicit = EXPONENTIAL_FIELDS.some((f) => policy[f] !== undefined);
  const name = policy.policy === undefined || policy.policy === 'default'
    ? (explicit ? 'exponential' : chat ? 'chat' : 'standard')
    : policy.policy;
  if (name !== 'exponential') return NAMED_SCHEDULES[name];
  return {
    name, maxAttempts: policy.maxAttempts ?? 3, jitter: policy.jitter ?? 0.2,
    initialDelaySeconds: policy.initialDelaySeconds ?? 1, maxDelaySeconds: policy.maxDelaySeconds ?? 30,
    multiplier: policy.multiplier ?? 2,
  };
}

/** A receiver's Retry-After is honoured up to this ceiling so one header cannot park a delivery for ever. */
export const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;

/**
 * After a 429 or a timeout the receiver is overloaded: retrying it within
 * seconds only adds load, so the next attempt waits at least this long (or
 * the schedule's longest delay, if that is shorter).
 */
export const MIN_DELAY_WHEN_OVERLOADED_MS = 60_000;

/**
 * Delay before attempt `attempt + 1`, after `attempt` attempts (1-based) failed.
 * `random` is injectable so tests can pin the jitter.
 */
export function backoffDelayMs(schedule: RetrySchedule, attempt: number, random: () => number = Math.random): number {
  const spread = (base: number) => base * schedule.jitter * (random() * 2 - 1);
  if (schedule.delaysSeconds !== undefined) {
    const base = schedule.delaysSeconds[Math.min(attempt, schedule.delaysSeconds.length) - 1]! * 1000;
    return Math.max(0, Math.round(base + spread(base)));
  }
  const base = Math.min(schedule.initialDelaySeconds * schedule.multiplier ** (attempt - 1), schedule.maxDelaySeconds) * 1000;
  return Math.max(0, Math.round(Math.min(base + spread(base), schedule.maxDelaySeconds * 1000)));
}

/** Parses Retry-After (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
