import { z } from 'zod';
import { capDepth } from './json-depth.ts';
import { schemaError } from './schema-error.ts';

/**
 * The normalized event every source produces and every platform renders.
 * Compatible with the documented payload
 * `{event, cluster, namespace, resource, name, actor, timestamp, detail:{field, old, new}}`
 * plus an id, every changed field, labels and the source that saw it.
 */

/** Event types Herald's own sources emit; inbound senders may add their own (e.g. `github.push`). */
export const KNOWN_EVENT_TYPES = [
  'create', 'update', 'delete', 'scale', 'alert', 'resolved', 'deny', 'test', 'warning', 'normal',
] as const;

export const EventTypeSchema = z.string().min(1).max(100)
  .regex(/^[a-z][a-z0-9_.-]*$/, 'lower-case letters, digits, ".", "_" or "-", starting with a letter');

export const FieldChangeSchema = z.object({
  field: z.string().describe('Dotted path of the changed field, e.g. spec.replicas'),
  old: z.unknown().optional(),
  new: z.unknown().optional(),
});
export type FieldChange = z.infer<typeof FieldChangeSchema>;

export const EventInputSchema = z.object({
  event: EventTypeSchema.describe('create, update, delete, scale, alert, resolved, deny, test, warning, normal, or a sender-specific type'),
  cluster: z.string().max(253).default(''),
  namespace: z.string().max(253).default(''),
  resource: z.string().max(253).default('').describe('Resource kind, e.g. Deployment'),
  name: z.string().max(253).default(''),
  reason: z.string().max(253).optional().describe('Why, in one CamelCase word, when the source knows it: a Kubernetes Event reason (CrashLoopBackOff, FailedScheduling…)'),
  actor: z.string().max(512).default('').describe('Who made the change, when known'),
  timestamp: z.iso.datetime({ offset: true }).optional().describe('When it happened; defaults to now'),
  detail: FieldChangeSchema.nullable().optional().describe('The most significant change'),
  changes: z.array(FieldChangeSchema).max(1000).default([]),
  labels: z.record(z.string(), z.string()).default({}),
  summary: z.string().max(4000).default('').describe('One line a person reads first'),
  source: z.string().max(100).default('api'),
  dedupKey: z.string().max(512).optional().describe('Events with the same key are recorded once'),
  data: z.record(z.string(), z.unknown()).optional().describe('Source-specific extra fields'),
});
export type EventInput = z.input<typeof EventInputSchema>;

/**
 * An event input that EventInputSchema has already parsed (defaults filled),
 * e.g. by the REST API's request validator: normalizeCheckedEvent takes it as
 * it is, so an event is validated once on its way in.
 */
export const CheckedEventInputSchema = EventInputSchema.brand<'CheckedEventInput'>();
export type CheckedEventInput = z.output<typeof CheckedEventInputSchema>;

/** Validates `input`; a failure is a VALIDATION error naming the field. */
export function checkEventInput(input: EventInput): CheckedEventInput {
  const checked = CheckedEventInputSchema.safeParse(input);
  if (!checked.success) throw schemaError(checked.error, { code: 'VALIDATION', at: 'event' });
  return checked.data;
}

export const HeraldEventSchema = EventInputSchema.extend({
  id: z.string(),
  timestamp: z.string(),
  detail: FieldChangeSchema.nullable(),
  silencedBy: z.array(z.string()).optional().describe('The silences that muted this event: recorded, not delivered'),
});
export type HeraldEvent = z.infer<typeof HeraldEventSchema>;

/** The change a person reads first: a scale's spec.replicas, else the first change. */
export function mainChange(event: string, changes: readonly FieldChange[]): FieldChange | null {
  return (event === 'scale' ? changes.find((c) => c.field === 'spec.replicas') : undefined) ?? changes[0] ?? null;
}

/** Validates, fills defaults and derives `detail` (mainChange) when the source gave none. */
export function normalizeEvent(input: EventInput, id: string, now: Date = new Date()): HeraldEvent {
  return normalizeCheckedEvent(checkEventInput(input), id, now);
}

/** normalizeEvent for an input already validated: no second parse. */
export function normalizeCheckedEvent(parsed: CheckedEventInput, id: string, now: Date = new Date()): HeraldEvent {
  // Free-form values are cut at MAX_EVENT_VALUE_DEPTH, so nothing downstream walks deep JSON.
  const changes = parsed.changes.map(capChange);
  const main = parsed.detail == null ? mainChange(parsed.event, changes) : capChange(parsed.detail);
  // Always both sides: an audit scale names only the new replica count.
  const detail = main === null ? null : { field: main.field, old: main.old ?? null, new: main.new ?? null };
  return {
    ...parsed,
    changes,
    ...(parsed.data === undefined ? {} : { data: capDepth(parsed.data) }),
    id,
    timestamp: parsed.timestamp ?? now.toISOString(),
    detail,
  };
}

function capChange(c: FieldChange): FieldChange {
  const old = capDepth(c.old);
  const next = capDepth(c.new);
  return old === c.old && next === c.new ? c : { ...c, old, new: next };
}
