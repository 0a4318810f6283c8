import { z } from 'zod';

/**
 * How fast Herald sends to one webhook: requests per minute, spaced evenly.
 * Omitted, the platform's documented limit applies (Platform.rate, as messages a minute);
 * custom HTTP has none.
 */
export const RatePerMinuteSchema = z.number().int().min(1).max(60_000)
  .describe('Requests per minute to this webhook at most; omitted: the platform\'s documented limit (docs/grouping-and-rate-limits.md)');

/** The spacing between two requests, or null when there is no limit. */
export function sendIntervalMs(ratePerMinute: number | undefined): number | null {
  return ratePerMinute === undefined ? null : Math.ceil(60_000 / ratePerMinute);
}
