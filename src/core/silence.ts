import { z } from 'zod';
import { HeraldError } from './errors.ts';
import type { HeraldEvent } from './event.ts';
import { FiltersSchema, matchesFilters, selectsEverything, type Filters } from './filters.ts';

/**
 * A silence mutes, for a while, the events its matchers select, as
 * Alertmanager's silences do: muted events are recorded (with the silences
 * that muted them) but delivered to no webhook. Matchers are the webhook
 * filter fields, so `!`, globs, actors, labels and changed fields mean the
 * same here. Times are epoch ms; a silence is active from `startsAt` until
 * just before `endsAt`, and expiring one moves `endsAt` to now.
 */

export const SilenceInputSchema = z.strictObject({
  matchers: FiltersSchema.describe('The webhook filter fields; at least one must select something'),
  startsAt: z.iso.datetime({ offset: true }).optional().describe('Defaults to now'),
  endsAt: z.iso.datetime({ offset: true }),
  comment: z.string().trim().min(1, 'say why the events are muted').max(1000),
});
export type SilenceInput = z.input<typeof SilenceInputSchema>;

export interface Silence {
  id: string;
  matchers: Filters;
  startsAt: number;
  endsAt: number;
  /** Who made it: the signed-in user or token name. */
  createdBy: string;
  comment: string;
  createdAt: number;
  updatedAt: number;
}

export type SilenceState = 'pending' | 'active' | 'expired';

export function silenceState(s: Pick<Silence, 'startsAt' | 'endsAt'>, now: number): SilenceState {
  if (now >= s.endsAt) return 'expired';
  return now < s.startsAt ? 'pending' : 'active';
}

/** Checks a parsed input against the clock; refuses a silence that mutes everything or is over before it starts. */
export function createSilence(input: z.output<typeof SilenceInputSchema>, id: string, createdBy: string, now: number): Silence {
  const startsAt = input.startsAt === undefined ? now : Date.parse(input.startsAt);
  const endsAt = Date.parse(input.endsAt);
  if (selectsEverything(input.matchers)) {
    throw new HeraldError('VALIDATION', 'a silence needs at least one matcher narrower than "*", or it would mute every event', 'matchers');
  }
  if (endsAt <= startsAt) throw new HeraldError('VALIDATION', 'endsAt must be after startsAt', 'endsAt');
  if (endsAt <= now) throw new HeraldError('VALIDATION', 'endsAt is in the past: the silence would never mute anything', 'endsAt');
  return { id, matchers: input.matchers, startsAt, endsAt, createdBy, comment: input.comment, createdAt: now, updatedAt: now };
}

/** The ids of the silences muting `event` at `now`, in the order given. */
export function silencedBy(silences: readonly Silence[], event: HeraldEvent, now: number): string[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && matchesFilters(s.matchers, event)).map((s) => s.id);
}

/** What the API and CLI show: ISO times and the state at `now`. */
export function viewSilence(s: Silence, now: number) {
  return {
    id: s.id, matchers: s.matchers, state: silenceState(s, now),
    startsAt: new Date(s.startsAt).toISOString(), endsAt: new Date(s.endsAt).toISOString(),
    createdBy: s.createdBy, comment: s.comment,
    createdAt: new Date(s.createdAt).toISOString(), updatedAt: new Date(s.updatedAt).toISOString(),
  };
}

export const SilenceViewSchema = z.object({
  id: z.string(), matchers: FiltersSchema, state: z.enum(['pending', 'active', 'expired']),
  startsAt: z.string(), endsAt: z.string(), createdBy: z.string(), comment: z.string(),
  createdAt: z.string(), updatedAt: z.string(),
});
export type SilenceView = z.infer<typeof SilenceViewSchema>;
