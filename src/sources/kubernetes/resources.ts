/**
 * Built-in Kubernetes resources: Kind, plural resource name, group, version,
 * scope, and whether they have a scale subresource. Audit events and
 * authorization reviews name only the plural resource, events and filters
 * speak Kinds, and the watch needs the URL parts: one table serves all three.
 */
export interface BuiltinResource {
  kind: string; resource: string; group: string; version: string; namespaced: boolean; scalable: boolean;
}

const NS = true;
const CLUSTER = false;
const SCALE = true;

export const BUILTIN_RESOURCES: readonly BuiltinResource[] = ([
  ['Pod', 'pods', '', 'v1', NS], ['Service', 'services', '', 'v1', NS], ['ConfigMap', 'configmaps', '', 'v1', NS],
  ['Secret', 'secrets', '', 'v1', NS], ['Namespace', 'namespaces', '', 'v1', CLUSTER], ['Node', 'nodes', '', 'v1', CLUSTER],
  ['ServiceAccount', 'serviceaccounts', '', 'v1', NS], ['PersistentVolumeClaim', 'persistentvolumeclaims', '', 'v1', NS],
  ['PersistentVolume', 'persistentvolumes', '', 'v1', CLUSTER], ['ReplicationController', 'replicationcontrollers', '', 'v1', NS, SCALE],
  ['Endpoints', 'endpoints', '', 'v1', NS], ['LimitRange', 'limitranges', '', 'v1', NS], ['ResourceQuota', 'resourcequotas', '', 'v1', NS],
  ['Deployment', 'deployments', 'apps', 'v1', NS, SCALE], ['StatefulSet', 'statefulsets', 'apps', 'v1', NS, SCALE],
  ['ReplicaSet', 'replicasets', 'apps', 'v1', NS, SCALE], ['DaemonSet', 'daemonsets', 'apps', 'v1', NS],
  ['Job', 'jobs', 'batch', 'v1', NS], ['CronJob', 'cronjobs', 'batch', 'v1', NS],
  ['HorizontalPodAutoscaler', 'horizontalpodautoscalers', 'autoscaling', 'v2', NS],
  ['Ingress', 'ingresses', 'networking.k8s.io', 'v1', NS], ['IngressClass', 'ingressclasses', 'networking.k8s.io', 'v1', CLUSTER],
  ['NetworkPolicy', 'networkpolicies', 'networking.k8s.io', 'v1', NS], ['PodDisruptionBudget', 'poddisruptionbudgets', 'policy', 'v1', NS],
  ['Role', 'roles', 'rbac.authorization.k8s.io', 'v1', NS], ['RoleBinding', 'rolebindings', 'rbac.authorization.k8s.io', 'v1', NS],
  ['ClusterRole', 'clusterroles', 'rbac.authorization.k8s.io', 'v1', CLUSTER],
  ['ClusterRoleBinding', 'clusterrolebindings', 'rbac.authorization.k8s.io', 'v1', CLUSTER],
  ['StorageClass', 'storageclasses', 'storage.k8s.io', 'v1', CLUSTER],
  ['CustomResourceDefinition', 'customresourcedefinitions', 'apiextensions.k8s.io', 'v1', CLUSTER],
] as Array<[string, string, string, string, boolean, boolean?]>).map(([kind, resource, group, version, namespaced, scalable]) => ({
  kind, resource, group, version, namespaced, scalable: scalable === true,
}));

const byResource = new Map(BUILTIN_RESOURCES.map((r) => [`${r.group}/${r.resource}`, r]));

/** The built-in resource with this Kind, case-insensitively. */
export function builtinByKind(kind: string): BuiltinResource | undefined {
  return BUILTIN_RESOURCES.find((r) => r.kind.toLowerCase() === kind.toLowerCase());
}

/** The Kind for a plural resource; unknown (custom) resources get a singular, capitalised guess. */
export function kindForResource(resource: string, group = ''): string {
  // Name-only fallback: older audit events carry no apiGroup.
  const known = byResource.get(`${group}/${resource}`) ?? BUILTIN_RESOURCES.find((r) => r.resource === resource);
  if (known !== undefined) return known.kind;
  const singular = resource.endsWith('ies') ? `${resource.slice(0, -3)}y`
    : /(ses|xes|ches|shes)$/.test(resource) ? resource.slice(0, -2)
      : resource.endsWith('s') ? resource.slice(0, -1) : resource;
  return singular.charAt(0).toUpperCase() + singular.slice(1);
}
