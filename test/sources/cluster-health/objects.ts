/**
 * Kubernetes objects as the kubelet, the scheduler and controllers write
 * them, for the cluster health tests: Events in the core v1 shape (the fake
 * API server serves them in events.k8s.io/v1 too), Pods and Nodes with status.
 */

/** An RFC 3339 time `offsetS` seconds from now, at whole seconds as Kubernetes writes it. */
export function at(offsetS = 0): string {
  return new Date(Math.floor(Date.now() / 1000) * 1000 + offsetS * 1000).toISOString().replace('.000Z', 'Z');
}

export interface About { kind: string; namespace: string; name: string }

export function kubeEvent(name: string, about: About, reason: string, message: string,
  o: { type?: 'Warning' | 'Normal'; count?: number; first?: string; last?: string; series?: boolean } = {}): object {
  const first = o.first ?? at();
  const last = o.last ?? first;
  const count = o.count ?? 1;
  const base = {
    metadata: { name, namespace: about.namespace === '' ? 'default' : about.namespace },
    involvedObject: { apiVersion: 'v1', kind: about.kind, namespace: about.namespace, name: about.name, uid: `uid-${about.name}` },
    reason, message, type: o.type ?? 'Warning', source: { component: 'kubelet', host: 'worker-1' },
  };
  // An events.k8s.io client records repeats in `series`; a legacy one in `count`/`lastTimestamp`.
  return o.series === true
    ? { ...base, eventTime: `${first.replace('Z', '')}.000000Z`, reportingComponent: 'kubelet', reportingInstance: 'worker-1',
      ...(count > 1 ? { series: { count, lastObservedTime: `${last.replace('Z', '')}.000000Z` } } : {}) }
    : { ...base, count, firstTimestamp: first, lastTimestamp: last };
}

export function pod(namespace: string, name: string, labels: Record<string, string> = { app: name }): object {
  return {
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'registry.example.com/app:1' }] },
    status: running(0, at(-60)),
  };
}

export function running(restarts: number, readySince: string, ready = true): object {
  return {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: readySince }],
    containerStatuses: [{ name: 'app', ready, restartCount: restarts, state: { running: { startedAt: readySince } } }],
  };
}

export function waiting(reason: string, restarts: number, message = '', lastTerminated?: { reason: string; finishedAt: string }): object {
  return {
    phase: 'Running',
    conditions: [{ type: 'Ready', status: 'False', lastTransitionTime: at(-30), reason: 'ContainersNotReady' }],
    containerStatuses: [{
      name: 'app', ready: false, restartCount: restarts, state: { waiting: { reason, message } },
      ...(lastTerminated === undefined ? {} : { lastState: { terminated: { ...lastTerminated, exitCode: lastTerminated.reason === 'OOMKilled' ? 137 : 1 } } }),
    }],
  };
}

export function node(name: string, ready: 'True' | 'False' | 'Unknown', since: string, message = 'kubelet is posting ready status'): object {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name } },
    status: { conditions: [
      { type: 'MemoryPressure', status: 'False', lastTransitionTime: at(-3600) },
      { type: 'Ready', status: ready, lastTransitionTime: since, reason: ready === 'True' ? 'KubeletReady' : 'NodeStatusUnknown', message },
    ] },
  };
}
