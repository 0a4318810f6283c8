import { K8S_WEBHOOK_PATHS } from '../../sources/kubernetes/webhook-http.ts';
import { CONFIG_DIR, DATA_DIR, heraldYaml, kustomizeConfigMapSuffix, TLS_DIR } from './herald-config.ts';
import { byGroup, type ManifestKind } from './kinds.ts';

/**
 * The in-cluster objects of deploy/overlays/<overlay> (plus the optional
 * components), built as data. They must equal `kubectl kustomize` of the same
 * overlay for the same settings, field for field and in kustomize's array
 * order: test/deploy/manifests-match-kustomize.test.ts compares them.
 */
export type Overlay = 'sqlite' | 'postgres';

export interface ClusterSettings {
  overlay: Overlay;
  namespace: string;
  image: string;
  /** Name of the ServiceAccount, Deployment, Service and the prefix of its Secrets and ConfigMap. */
  name: string;
  port: number;
  kinds: readonly ManifestKind[];
  cluster: string;
  /** PersistentVolumeClaim size (sqlite). */
  storage: string;
  /** Replicas (postgres; sqlite is always one). */
  replicas: number;
  /** Base URL the API server reaches Herald at; default the Service. */
  url?: string;
  caBundle?: string;
  serviceMonitor: boolean;
  networkPolicy: boolean;
}

/** What the health source reads (herald.yaml `health:`): Events in both API groups, Pods, Nodes; read-only. */
const HEALTH_RULES = [
  { apiGroups: [''], resources: ['events', 'pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

const secretEnv = (env: string, secret: string, key: string, optional?: boolean) => ({
  name: env, valueFrom: { secretKeyRef: { key, name: secret, ...(optional === undefined ? {} : { optional }) } },
});

export function clusterObjects(s: ClusterSettings): object[] {
  const labels = { 'app.kubernetes.io/instance': s.name, 'app.kubernetes.io/name': 'herald' };
  const meta = (name = s.name) => ({ labels, name, namespace: s.namespace });
  const config = heraldYaml({ cluster: s.cluster, kinds: s.kinds.map((k) => k.watch), port: s.port });
  const configMapName = `${s.name}-config-${kustomizeConfigMapSuffix({ 'herald.yaml': config })}`;
  const base = s.url?.replace(/\/+$/, '');

  const objects: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: s.namespace } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { labels, name: s.name },
      rules: [
        ...byGroup(s.kinds, (k) => [k.resource]).map((g) => ({ apiGroups: [g.group], resources: g.resources, verbs: ['get', 'list', 'watch'] })),
        ...HEALTH_RULES,
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { labels, name: s.name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: s.name },
      subjects: [{ kind: 'ServiceAccount', name: s.name, namespace: s.namespace }],
    },
    { apiVersion: 'v1', data: { 'herald.yaml': config }, kind: 'ConfigMap', metadata: meta(configMapName) },
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(),
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }], selector: labels },
    },
    ...(s.overlay === 'sqlite' ? [{
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta(`${s.name}-data`),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: s.storage } } },
    }] : []),
    deployment(s, meta(), labels, configMapName),
    {
      apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta(),
      spec: { maxUnavailable: 1, selector: { matchLabels: labels } },
    },
    ...(s.serviceMonitor ? [{
      apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: meta(),
      spec: {
        endpoints: [{
          interval: '30s', path: '/metrics', port: 'https', scheme: 'https',
          tlsConfig: { ca: { secret: { key: 'ca.crt', name: `${s.name}-tls` } }, serverName: `${s.name}.${s.namespace}.svc` },
        }],
        selector: { matchLabels: labels },
      },
    }] : []),
    ...(s.networkPolicy ? [{
      apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: meta(),
      spec: {
        egress: [{ ports: [[53, 'UDP'], [53, 'TCP'], [443, 'TCP'], [6443, 'TCP'], [5432, 'TCP']].map(([port, protocol]) => ({ port, protocol })) }],
        ingress: [{ ports: [{ port: s.port, protocol: 'TCP' }] }],
        podSelector: { matchLabels: labels },
        policyTypes: ['Ingress', 'Egress'],
      },
    }] : []),
    // Last, so it is applied once the Service behind it exists.
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { labels, name: s.name },
      webhooks: [{
        admissionReviewVersions: ['v1', 'v1beta1'],
        clientConfig: {
          ...(s.caBundle === undefined ? {} : { caBundle: s.caBundle }),
          ...(base === undefined
            ? { service: { name: s.name, namespace: s.namespace, path: K8S_WEBHOOK_PATHS.admission, port: 443 } }
            : { url: `${base}${K8S_WEBHOOK_PATHS.admission}` }),
        },
        failurePolicy: 'Ignore',
        matchPolicy: 'Equivalent',
        name: 'events.herald.dev',
        rules: byGroup(s.kinds, (k) => (k.scalable ? [k.resource, `${k.resource}/scale`] : [k.resource])).map((g) => ({
          apiGroups: [g.group], apiVersions: ['*'], operations: ['CREATE', 'UPDATE', 'DELETE'], resources: g.resources, scope: '*',
        })),
        sideEffects: 'None',
        timeoutSeconds: 5,
      }],
    },
  ];
  return objects;
}

function deployment(s: ClusterSettings, metadata: object, labels: Record<string, string>, configMapName: string): object {
  const secret = s.name;
  const common = [
    // Heap cap and resource figures: deploy/base/deployment.yaml, docs/benchmarks.md.
    { name: 'NODE_OPTIONS', value: '--max-semi-space-size=4 --max-old-space-size=192' },
    { name: 'HERALD_CONFIG', value: `${CONFIG_DIR}/herald.yaml` },
    secretEnv('HERALD_KUBERNETES_TOKEN', secret, 'kubernetes-token'),
    secretEnv('SLACK_WEBHOOK_URL', secret, 'slack-webhook-url'),
  ];
  // Kustomize's strategic merge puts the overlay's env entries first.
  const env = s.overlay === 'sqlite'
    ? [...common, secretEnv('HERALD_ADMIN_TOKEN', secret, 'admin-token', true)]
    : [secretEnv('HERALD_STORE_URL', secret, 'store-url'), secretEnv('HERALD_SECRET_KEY', secret, 'secret-key'),
      secretEnv('HERALD_ADMIN_TOKEN', secret, 'admin-token', false), ...common];
  const config = { configMap: { name: configMapName }, name: 'config' };
  const tls = { name: 'tls', secret: { secretName: `${s.name}-tls` } };
  const tmp = { emptyDir: { sizeLimit: '64Mi' }, name: 'tmp' };
  const volumes = s.overlay === 'sqlite'
    ? [{ name: 'data', persistentVolumeClaim: { claimName: `${s.name}-data` } }, config, tls, tmp]
    : [config, tls, { emptyDir: {}, name: 'data' }, tmp];
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    failureThreshold, httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds,
  });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata,
    spec: {
      replicas: s.overlay === 'sqlite' ? 1 : s.replicas,
      selector: { matchLabels: labels },
      strategy: s.overlay === 'sqlite' ? { type: 'Recreate' } : { rollingUpdate: { maxSurge: 1, maxUnavailable: 0 }, type: 'RollingUpdate' },
      template: {
        metadata: { labels },
        spec: {
          containers: [{
            args: ['serve'],
            env,
            image: s.image,
            livenessProbe: probe('/healthz', 10, 3),
            name: 'herald',
            ports: [{ containerPort: s.port, name: 'https', protocol: 'TCP' }],
            readinessProbe: probe('/readyz', 5, 2),
            resources: { limits: { cpu: '1', memory: '320Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
            securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true },
            volumeMounts: [
              { mountPath: CONFIG_DIR, name: 'config', readOnly: true },
              { mountPath: TLS_DIR, name: 'tls', readOnly: true },
              { mountPath: DATA_DIR, name: 'data' },
              { mountPath: '/tmp', name: 'tmp' },
            ],
          }],
          securityContext: { fsGroup: 65532, runAsGroup: 65532, runAsNonRoot: true, runAsUser: 65532, seccompProfile: { type: 'RuntimeDefault' } },
          serviceAccountName: s.name,
          terminationGracePeriodSeconds: 30,
          volumes,
        },
      },
    },
  };
}
