/**
 * One reading of a Kubernetes Event, whichever group served it. The same
 * Event reads differently in the two: events.k8s.io/v1 has `regarding`,
 * `note`, `series.count` and `deprecated*` copies of the core fields; core v1
 * has `involvedObject`, `message`, `count`, `firstTimestamp`/`lastTimestamp`
 * (and `series` when a new-style client wrote it).
 * https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/event-v1/
 */
export interface EventReading {
  uid: string;
  kind: string;
  namespace: string;
  name: string;
  reason: string;
  message: string;
  type: string;
  /** How many times it happened: series.count, else count / deprecatedCount, else 1. */
  count: number;
  /** ISO time of the first and the last occurrence. */
  first: string;
  last: string;
}

type Obj = Record<string, any>;

export function readEvent(e: Obj): EventReading | undefined {
  const about: Obj | undefined = e.regarding ?? e.involvedObject;
  const reason = str(e.reason);
  if (about === undefined || reason === '') return undefined;
  const created = str(e.metadata?.creationTimestamp);
  const first = str(e.deprecatedFirstTimestamp) || str(e.firstTimestamp) || str(e.eventTime) || created;
  const last = str(e.series?.lastObservedTime) || str(e.deprecatedLastTimestamp) || str(e.lastTimestamp) || str(e.eventTime) || first;
  const count = num(e.series?.count) ?? num(e.count) ?? num(e.deprecatedCount) ?? 1;
  return {
    uid: str(e.metadata?.uid) || `${str(e.metadata?.namespace)}/${str(e.metadata?.name)}`,
    kind: str(about.kind), namespace: str(about.namespace), name: str(about.name),
    reason, message: str(e.note) || str(e.message), type: str(e.type) || 'Normal',
    count: Math.max(count, 1), first: iso(first), last: iso(last),
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : undefined);

/** Kubernetes times are RFC 3339 (seconds, or microseconds for eventTime); an unreadable one reads as now. */
function iso(t: string): string {
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? new Date().toISOString() : new Date(ms).toISOString();
}
