/** The event every Herald run posts: its `t0` label lets the receiver time POST → arrival. */
export function benchEvent(i: number, t0 = Date.now()): Record<string, unknown> {
  return {
    event: 'update', cluster: 'bench', namespace: 'default', resource: 'Deployment', name: `api-${i}`,
    actor: 'system:serviceaccount:ci:deployer', detail: { field: 'spec.replicas', old: 1, new: 2 },
    labels: { t0: String(t0), app: 'api' }, summary: 'spec.replicas 1 → 2',
  };
}
