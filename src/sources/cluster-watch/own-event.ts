import type { z } from 'zod';
import { checkEventInput, EventInputSchema, type CheckedEventInput } from '../../core/event.ts';
import { MAX_CHANGES } from '../../core/kube-diff.ts';

/**
 * The watch records events it built itself, so they go in through
 * `ingestChecked`, without a second parse by the event schema (checkEventInput
 * was 4.5% of the main thread in the watch bench). The tracker fills every
 * field, each of the type the schema asks; what it cannot promise is the length
 * of what came from outside — object names, a custom resource's Kind, the
 * actor an admission hint left (and the summary naming them all). Those are
 * compared with the schema's own limits, and an event that does not fit takes
 * the full check, which fails naming the field, as before.
 */

/** An event with every field the schema would fill by default filled. */
export type OwnEvent = z.output<typeof EventInputSchema>;

const shape = EventInputSchema.shape;
const LIMITS: ReadonlyArray<readonly ['cluster' | 'namespace' | 'resource' | 'name' | 'actor' | 'summary' | 'source' | 'dedupKey', number]> = [
  ['cluster', shape.cluster.unwrap().maxLength ?? Infinity],
  ['namespace', shape.namespace.unwrap().maxLength ?? Infinity],
  ['resource', shape.resource.unwrap().maxLength ?? Infinity],
  ['name', shape.name.unwrap().maxLength ?? Infinity],
  ['actor', shape.actor.unwrap().maxLength ?? Infinity],
  ['summary', shape.summary.unwrap().maxLength ?? Infinity],
  ['source', shape.source.unwrap().maxLength ?? Infinity],
  ['dedupKey', shape.dedupKey.unwrap().maxLength ?? Infinity],
];

export function ownEvent(input: OwnEvent): CheckedEventInput {
  let fits = input.changes.length <= MAX_CHANGES;
  for (const [field, max] of LIMITS) if ((input[field]?.length ?? 0) > max) fits = false;
  return fits ? input as CheckedEventInput : checkEventInput(input);
}
