/**
 * One ongoing problem: an (object, reason) pair with its aggregated count,
 * as persisted in source state (scope `health:<cluster>`). `counts` keeps the
 * last count seen from each source of it (an Event's uid, a container's
 * status), so a relist or a restart adds nothing already counted.
 */
export interface Problem {
  kind: string;
  namespace: string;
  name: string;
  reason: string;
  message: string;
  /** Kubernetes' event type: Warning, or Normal (reported only when asked). */
  type: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  counts: Record<string, number>;
  container?: string;
  restarts?: number;
  /** When and at which count it was last announced; absent for the silent baseline. */
  announced?: { at: number; count: number; seq: number };
}

export function problemKey(kind: string, namespace: string, name: string, reason: string): string {
  return `${objectPrefix(kind, namespace, name)}${reason}`;
}

export function objectPrefix(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}/`;
}

export function problemScope(cluster: string): string {
  return `health:${cluster}`;
}

export function healthSyncedScope(cluster: string): string {
  return `health-synced:${cluster}`;
}

/** Where the time of each object's last recovery is kept (key: objectPrefix). */
export function recoveredScope(cluster: string): string {
  return `health-recovered:${cluster}`;
}
