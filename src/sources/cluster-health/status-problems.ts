/**
 * What a Pod's or a Node's status says is wrong, read the way an operator
 * reads `kubectl get pods` / `kubectl get nodes`. Pure: status in, findings out.
 */

/** One thing wrong with an object, as seen in its status now. */
export interface StatusFinding {
  reason: string;
  message: string;
  /** Tells apart the places a reason shows (a container, a condition); counts of one source never add twice. */
  sourceId: string;
  /** Monotonic for a source (restarts); 1 where there is nothing to count. */
  count: number;
  /** ISO time it was last seen, from the status where it says, else undefined (now). */
  at?: string;
  container?: string;
  restarts?: number;
}

/** Container waiting reasons an operator acts on (kubelet's names). */
const WAITING_REASONS = new Set([
  'CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName',
  'CreateContainerConfigError', 'CreateContainerError', 'RunContainerError',
]);

type Obj = Record<string, any>;

export function podFindings(pod: Obj): StatusFinding[] {
  const uid = String(pod.metadata?.uid ?? '');
  const status: Obj = pod.status ?? {};
  const found: StatusFinding[] = [];
  if (status.reason === 'Evicted') {
    found.push({ reason: 'Evicted', message: String(status.message ?? ''), sourceId: `status:${uid}`, count: 1 });
  }
  for (const c of [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])] as Obj[]) {
    const restarts = Number(c.restartCount ?? 0);
    const waiting: Obj | undefined = c.state?.waiting;
    if (waiting !== undefined && WAITING_REASONS.has(waiting.reason)) {
      found.push({
        reason: waiting.reason, message: String(waiting.message ?? ''), sourceId: `status:${uid}:${c.name}`,
        count: waiting.reason === 'CrashLoopBackOff' ? Math.max(restarts, 1) : 1,
        at: c.lastState?.terminated?.finishedAt, container: c.name, restarts,
      });
    }
    const terminated: Obj | undefined = c.state?.terminated?.reason === 'OOMKilled' ? c.state.terminated
      : c.lastState?.terminated?.reason === 'OOMKilled' ? c.lastState.terminated : undefined;
    if (terminated !== undefined) {
      found.push({
        reason: 'OOMKilled', message: `container ${c.name} ran out of memory (exit code ${terminated.exitCode ?? 137})`,
        sourceId: `oom:${uid}:${c.name}`, count: Math.max(restarts, 1), at: terminated.finishedAt, container: c.name, restarts,
      });
    }
  }
  return found;
}

/** When the Pod became Ready, or undefined while it is not. */
export function podReadySince(pod: Obj): string | undefined {
  return readySince(pod.status?.conditions, 'Ready');
}

/** Node conditions that are trouble when True; Ready is trouble when not True. */
const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];

export function nodeFindings(node: Obj): StatusFinding[] {
  const uid = String(node.metadata?.uid ?? '');
  const found: StatusFinding[] = [];
  for (const c of (node.status?.conditions ?? []) as Obj[]) {
    const bad = c.type === 'Ready' ? c.status !== 'True' : PRESSURES.includes(c.type) && c.status === 'True';
    if (!bad) continue;
    // Each fresh transition into the bad state counts once.
    found.push({
      reason: c.type === 'Ready' ? 'NotReady' : c.type, message: String(c.message ?? c.reason ?? ''),
      sourceId: `node:${uid}:${c.type}:${c.lastTransitionTime ?? ''}`, count: 1, at: c.lastTransitionTime,
    });
  }
  return found;
}

/** The node reasons that are over now, each with the time its condition turned healthy. */
export function nodeRecovered(node: Obj): Map<string, string> {
  const over = new Map<string, string>();
  for (const c of (node.status?.conditions ?? []) as Obj[]) {
    if (c.type === 'Ready' && c.status === 'True') over.set('NotReady', String(c.lastTransitionTime ?? ''));
    else if (PRESSURES.includes(c.type) && c.status !== 'True') over.set(c.type, String(c.lastTransitionTime ?? ''));
  }
  return over;
}

function readySince(conditions: Obj[] | undefined, type: string): string | undefined {
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True' ? String(c.lastTransitionTime ?? '') : undefined;
}
