import type { EventQuery, HeraldEvent } from '../../api/types.ts';

/** The filter fields of the event browser, in the order the form shows them. */
export const FILTER_FIELDS = [
  { key: 'type', label: 'Type', placeholder: 'scale' },
  { key: 'cluster', label: 'Cluster', placeholder: 'prod' },
  { key: 'namespace', label: 'Namespace', placeholder: 'shop' },
  { key: 'kind', label: 'Kind', placeholder: 'Deployment' },
  { key: 'actor', label: 'Actor', placeholder: 'alice@example.com' },
] as const;

/**
 * Whether a streamed event belongs in the list the server filtered, by the
 * same exact-match rules as GET /events (kind is the event's resource).
 */
export function matchesQuery(e: HeraldEvent, q: EventQuery): boolean {
  const same = (want: string | undefined, have: string) => want === undefined || want === '' || want === have;
  if (!same(q.type, e.event) || !same(q.cluster, e.cluster) || !same(q.namespace, e.namespace)) return false;
  if (!same(q.kind, e.resource) || !same(q.actor, e.actor)) return false;
  // A live event was recorded now: it is inside any range that is still open.
  return q.until === undefined || q.until === '' || Date.parse(q.until) > Date.now();
}

/** A datetime-local value ("2026-12-01T10:30") as the ISO time the API takes; blank stays blank. */
export function localToIso(value: string): string | undefined {
  if (value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
