import { z } from 'zod';

/**
 * How hard Herald tries one delivery. The default (3 attempts, delays growing
 * from 1 s to at most 30 s) matches the documented behaviour; teams that need
 * Svix-like persistence raise maxAttempts and maxDelaySeconds up to days.
 */
const WEEK_SECONDS = 7 * 24 * 3600;

export const RetryPolicySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).default(3),
  initialDelaySeconds: z.number().min(0.1).max(WEEK_SECONDS).default(1),
  maxDelaySeconds: z.number().min(0.1).max(WEEK_SECONDS).default(30),
  multiplier: z.number().min(1).max(10).default(2),
  jitter: z.number().min(0).max(1).default(0.2).describe('±fraction of each delay, so retries of many deliveries spread out'),
}).refine((p) => p.maxDelaySeconds >= p.initialDelaySeconds, {
  message: 'must be at least initialDelaySeconds', path: ['maxDelaySeconds'],
});
export type RetryPolicy = z.infer<typeof RetryPolicySchema>;

/** A receiver's Retry-After is honoured up to this ceiling so one header cannot park a delivery for ever. */
export const MAX_RETRY_AFTER_MS = 6 * 3600 * 1000;

/**
 * Delay before attempt `attempt + 1`, after `attempt` attempts (1-based) failed.
 * `random` is injectable so tests can pin the jitter.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const base = Math.min(policy.initialDelaySeconds * policy.multiplier ** (attempt - 1), policy.maxDelaySeconds) * 1000;
  const spread = base * policy.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(base + spread, policy.maxDelaySeconds * 1000)));
}

/** Parses Retry-After (delta-seconds or HTTP date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
