import { z } from 'zod';
import type { FieldChange, HeraldEvent } from './event.ts';

/**
 * The JSON a custom HTTP receiver gets, described once: this schema gives the
 * TypeScript type, the JSON Schema served at /api/v1/schemas/event.json and
 * the payload test. `detail` and every change always carry `field`, `old`
 * and `new`, with null where a side does not exist (a create has no old).
 */
export const PayloadChangeSchema = z.object({
  field: z.string().describe('Dotted path of the changed field, e.g. spec.replicas; empty when the event names no field'),
  old: z.unknown().describe('The value before; null when there was none'),
  new: z.unknown().describe('The value after; null when there is none'),
});
export type PayloadChange = z.infer<typeof PayloadChangeSchema>;

export const EventPayloadSchema = z.object({
  id: z.string().describe('Event id; the same for every webhook the event goes to'),
  event: z.string().describe('create, update, delete, scale, alert, resolved, deny, test, warning, normal, or a sender-specific type'),
  cluster: z.string(),
  namespace: z.string(),
  resource: z.string().describe('Resource kind, e.g. Deployment'),
  name: z.string(),
  reason: z.string().optional().describe('Why, when the source knows it (cluster health: CrashLoopBackOff, NotReady…)'),
  actor: z.string().describe('Who made the change, when known; empty otherwise'),
  timestamp: z.iso.datetime({ offset: true }).describe('When it happened'),
  detail: PayloadChangeSchema.describe('The most significant change'),
  changes: z.array(PayloadChangeSchema).describe('Every changed field'),
  labels: z.record(z.string(), z.string()),
  summary: z.string().describe('One line a person reads first'),
  source: z.string().describe('What saw the event: api, cluster-watch, admission, audit, authz, herald (test events) or an inbound sender\'s name'),
  data: z.record(z.string(), z.unknown()).optional().describe('Source-specific extra fields'),
  text: z.string().optional().describe('The webhook template\'s rendering, when it has one'),
}).meta({ title: 'Herald event payload', description: 'The JSON body Herald POSTs to a custom HTTP webhook' });
export type EventPayload = z.infer<typeof EventPayloadSchema>;

/** `old`/`new` that a source left out become null, so receivers read one shape. */
export function completeChange(c: FieldChange): PayloadChange {
  return { field: c.field, old: c.old ?? null, new: c.new ?? null };
}

/** The payload custom HTTP receivers get: the documented fields first, extras after. */
export function eventPayload(event: HeraldEvent): EventPayload {
  return {
    id: event.id,
    event: event.event,
    cluster: event.cluster,
    namespace: event.namespace,
    resource: event.resource,
    name: event.name,
    ...(event.reason === undefined ? {} : { reason: event.reason }),
    actor: event.actor,
    timestamp: event.timestamp,
    detail: completeChange(event.detail ?? { field: '' }),
    changes: event.changes.map(completeChange),
    labels: event.labels,
    summary: event.summary,
    source: event.source,
    ...(event.data === undefined ? {} : { data: event.data }),
  };
}

/** The JSON Schema (draft 2020-12) of the payload, built from the schema above. */
export function eventPayloadJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(EventPayloadSchema, { target: 'draft-2020-12', io: 'output' }) as Record<string, unknown>;
}
