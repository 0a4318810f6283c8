import { z } from 'zod';
import type { HeraldEvent } from './event.ts';

/**
 * Grouping, after Alertmanager's route settings: the events of a burst that
 * share the `by` fields become one message. `waitSeconds` is group_wait (how
 * long a new group gathers before its first message), `intervalSeconds`
 * group_interval (the least time between two messages of one group). Grouping
 * lives in the deliveries themselves: a group is the pending deliveries of one
 * webhook with one key, so a restart loses nothing and flushes it.
 */
export const GROUP_FIELDS = ['cluster', 'namespace', 'resource', 'event', 'source', 'name'] as const;
export type GroupField = typeof GROUP_FIELDS[number];

/** Events listed in one message at most; the rest of a burst makes the next one. */
export const GROUP_MAX_EVENTS = 100;

export const GroupingSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('false sends every event on its own'),
  by: z.array(z.enum(GROUP_FIELDS)).max(GROUP_FIELDS.length).default(['cluster'])
    .describe('Events with equal values of these fields share a message (Alertmanager group_by)'),
  waitSeconds: z.number().int().min(0).max(3600).default(0)
    .describe('How long a new group gathers before it is sent (group_wait); 0: at once, grouping only what waits for its turn'),
  intervalSeconds: z.number().int().min(0).max(86400).default(0)
    .describe('Least time between two messages of one group (group_interval)'),
  maxEvents: z.number().int().min(1).max(GROUP_MAX_EVENTS).default(50).describe('Events in one message at most'),
}).describe('Grouping of bursts into one message; omitted: on for chat platforms (by cluster, no wait), off for custom HTTP');
export type Grouping = z.infer<typeof GroupingSchema>;

/** Chat platforms group what waits for its turn: a burst that outruns the rate limit becomes a few messages. */
export const CHAT_GROUPING: Grouping = GroupingSchema.parse({});
export const NO_GROUPING: Grouping = GroupingSchema.parse({ enabled: false });

/** The grouping in force: the webhook's own, else its platform kind's default. */
export function groupingOf(grouping: Grouping | undefined, chat: boolean): Grouping {
  return grouping ?? (chat ? CHAT_GROUPING : NO_GROUPING);
}

/** Equal keys share a message. JSON, so values holding any separator cannot collide. */
export function groupKey(event: HeraldEvent, by: readonly GroupField[]): string {
  return JSON.stringify(by.map((f) => event[f]));
}
