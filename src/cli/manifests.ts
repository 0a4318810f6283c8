import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { builtinByKind, BUILTIN_RESOURCES, kindForResource, type BuiltinResource } from '../sources/kubernetes/resources.ts';
import { K8S_WEBHOOK_PATHS } from '../sources/kubernetes/webhook-http.ts';

/**
 * `herald manifests`: what a cluster needs to run Herald and call it — the
 * in-cluster objects (one multi-document YAML for kubectl apply) and, as
 * separate files, the kubeconfig-format configs the API server reads for
 * --audit-webhook-config-file and --authorization-webhook-config-file, plus a
 * sample --audit-policy-file. The API server usually runs on the host network
 * without cluster DNS, so those configs want --url, a name it can resolve.
 */

export interface ManifestOptions {
  namespace: string;
  image: string;
  /** Name of the ServiceAccount, Deployment, Service and TLS secret prefix. */
  serviceName: string;
  /** Container port Herald listens on (TLS). */
  port: number;
  /** Base URL the API server reaches Herald at, e.g. https://herald.example.com; default the Service's DNS name. */
  url?: string;
  /** Base64 PEM CA that signed Herald's serving certificate. */
  caBundle?: string;
  /** Kinds Herald watches: built-in Kinds (Deployment) or custom resources as plural.group (widgets.example.com). */
  kinds: string[];
  cluster: string;
  /** Bearer token the API server presents to the audit and authorization endpoints. */
  token?: string;
  storage: string;
}

export interface RenderedManifests {
  manifests: string;
  auditWebhookConfig: string;
  authzWebhookConfig: string;
  auditPolicy: string;
}

export const DEFAULT_KINDS = ['Deployment', 'StatefulSet', 'DaemonSet', 'Service', 'ConfigMap', 'Ingress'];

const DEFAULTS: ManifestOptions = {
  namespace: 'herald', image: 'ghcr.io/herald/herald:latest', serviceName: 'herald', port: 8443,
  kinds: DEFAULT_KINDS, cluster: 'default', storage: '1Gi',
};

/** Container paths; `herald serve` reads the matching HERALD_* variables (test/cli checks it). */
const TLS_DIR = '/etc/herald/tls';
const DATA_DIR = '/var/lib/herald';

export function resolveKind(spec: string): BuiltinResource {
  const known = builtinByKind(spec);
  if (known !== undefined) return known;
  const dot = spec.indexOf('.');
  if (dot > 0) {
    const resource = spec.slice(0, dot);
    const group = spec.slice(dot + 1);
    return { kind: kindForResource(resource, group), resource, group, version: '', namespaced: true, scalable: false };
  }
  throw new HeraldError('CONFIG_INVALID', `unknown kind "${spec}"; name custom resources as plural.group, e.g. widgets.example.com`, 'kinds');
}

function byGroup(resources: readonly BuiltinResource[], names: (r: BuiltinResource) => string[]): Array<{ group: string; resources: string[] }> {
  const groups = new Map<string, string[]>();
  for (const r of resources) groups.set(r.group, [...(groups.get(r.group) ?? []), ...names(r)]);
  return [...groups].map(([group, list]) => ({ group, resources: list }));
}

/** Plain YAML: the shared labels object would otherwise come out as &anchors, which people misread. */
function toYaml(obj: object): string {
  return stringify(obj, { aliasDuplicateObjects: false });
}

function kubeconfig(server: string, caBundle: string | undefined, token: string | undefined): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'herald', cluster: { server, ...(caBundle === undefined ? {} : { 'certificate-authority-data': caBundle }) } }],
    users: [{ name: 'kube-apiserver', user: token === undefined ? {} : { token } }],
    contexts: [{ name: 'webhook', context: { cluster: 'herald', user: 'kube-apiserver' } }],
    'current-context': 'webhook',
  };
}

export function renderManifests(partial: Partial<ManifestOptions> = {}): RenderedManifests {
  const o: ManifestOptions = { ...DEFAULTS, ...partial };
  const kinds = o.kinds.map(resolveKind);
  const name = o.serviceName;
  const labels = { 'app.kubernetes.io/name': 'herald', 'app.kubernetes.io/instance': name };
  const meta = (extra: object = {}) => ({ name, namespace: o.namespace, labels, ...extra });
  const base = (o.url ?? `https://${name}.${o.namespace}.svc:443`).replace(/\/+$/, '');

  const objects: object[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta() },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name, labels },
      rules: byGroup(kinds, (r) => [r.resource]).map((g) => ({ apiGroups: [g.group], resources: g.resources, verbs: ['get', 'list', 'watch'] })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: o.namespace }],
    },
    {
      apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta({ name: `${name}-data` }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: o.storage } } },
    },
    deployment(o, meta(), labels),
    {
      apiVersion: 'v1', kind: 'Service', metadata: meta(),
      spec: { selector: labels, ports: [{ name: 'https', port: 443, targetPort: 'https', protocol: 'TCP' }] },
    },
    {
      apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name, labels },
      webhooks: [{
        name: 'events.herald.dev',
        clientConfig: {
          ...(o.url === undefined
            ? { service: { namespace: o.namespace, name, path: K8S_WEBHOOK_PATHS.admission, port: 443 } }
            : { url: `${base}${K8S_WEBHOOK_PATHS.admission}` }),
          ...(o.caBundle === undefined ? {} : { caBundle: o.caBundle }),
        },
        rules: byGroup(kinds, (r) => (r.scalable ? [r.resource, `${r.resource}/scale`] : [r.resource])).map((g) => ({
          operations: ['CREATE', 'UPDATE', 'DELETE'], apiGroups: [g.group], apiVersions: ['*'], resources: g.resources, scope: '*',
        })),
        // Herald only observes: if it is down or slow, the API request goes ahead without it.
        failurePolicy: 'Ignore',
        sideEffects: 'None',
        timeoutSeconds: 5,
        matchPolicy: 'Equivalent',
        admissionReviewVersions: ['v1', 'v1beta1'],
      }],
    },
  ];

  const scalable = kinds.filter((k) => k.scalable);
  const auditPolicy = {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // Herald reads only ResponseComplete: a change counts once it succeeded.
    omitStages: ['RequestReceived', 'ResponseStarted'],
    rules: [
      ...(scalable.length === 0 ? [] : [{
        // Request level carries the new replica count in the scale request body.
        level: 'Request', verbs: ['update', 'patch'], resources: byGroup(scalable, (r) => [`${r.resource}/scale`]),
      }]),
      // Metadata only: Secret and ConfigMap contents never leave the API server.
      { level: 'Metadata', verbs: ['create', 'update', 'patch', 'delete'], resources: byGroup(kinds, (r) => [r.resource]) },
      { level: 'None' },
    ],
  };

  return {
    manifests: objects.map(toYaml).join('---\n'),
    auditWebhookConfig: toYaml(kubeconfig(`${base}${K8S_WEBHOOK_PATHS.audit}`, o.caBundle, o.token)),
    authzWebhookConfig: toYaml(kubeconfig(`${base}${K8S_WEBHOOK_PATHS.authorize}`, o.caBundle, o.token)),
    auditPolicy: toYaml(auditPolicy),
  };
}

function deployment(o: ManifestOptions, metadata: object, labels: Record<string, string>): object {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata,
    spec: {
      // One replica with the embedded SQLite store; Recreate so two pods never share the file.
      replicas: 1,
      strategy: { type: 'Recreate' },
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          serviceAccountName: o.serviceName,
          securityContext: { runAsNonRoot: true, runAsUser: 65532, fsGroup: 65532 },
          containers: [{
            name: 'herald',
            image: o.image,
            args: ['serve'],
            env: [
              { name: 'HERALD_HOST', value: '0.0.0.0' },
              { name: 'HERALD_PORT', value: String(o.port) },
              { name: 'HERALD_TLS_CERT_FILE', value: `${TLS_DIR}/tls.crt` },
              { name: 'HERALD_TLS_KEY_FILE', value: `${TLS_DIR}/tls.key` },
              { name: 'HERALD_DATA_DIR', value: DATA_DIR },
              { name: 'HERALD_CLUSTER', value: o.cluster },
            ],
            ports: [{ name: 'https', containerPort: o.port, protocol: 'TCP' }],
            readinessProbe: { tcpSocket: { port: 'https' }, periodSeconds: 5 },
            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
            volumeMounts: [
              { name: 'tls', mountPath: TLS_DIR, readOnly: true },
              { name: 'data', mountPath: DATA_DIR },
            ],
          }],
          volumes: [
            // A kubernetes.io/tls secret made by the operator or cert-manager; see docs/kubernetes-webhooks.md.
            { name: 'tls', secret: { secretName: `${o.serviceName}-tls` } },
            { name: 'data', persistentVolumeClaim: { claimName: `${o.serviceName}-data` } },
          ],
        },
      },
    },
  };
}

function isHttpsBase(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.search === '' && u.hash === '';
  } catch {
    return false;
  }
}

const ONLY = ['manifests', 'audit-config', 'authz-config', 'audit-policy', 'all'] as const;

const USAGE = `usage: herald manifests [--namespace herald] [--image IMAGE] [--service-name herald] [--port 8443]
  [--url https://herald.example.com] [--ca-file ca.pem] [--kinds Deployment,StatefulSet,widgets.example.com]
  [--cluster NAME] [--token-file FILE] [--storage 1Gi] [--only ${ONLY.join('|')}]
`;

/** The `herald manifests` subcommand; returns the exit code. */
export function runManifests(argv: string[], out: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(s)): number {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        namespace: { type: 'string' }, image: { type: 'string' }, 'service-name': { type: 'string' },
        port: { type: 'string' }, url: { type: 'string' }, 'ca-file': { type: 'string' }, kinds: { type: 'string' },
        cluster: { type: 'string' }, 'token-file': { type: 'string' }, storage: { type: 'string' },
        only: { type: 'string', default: 'manifests' }, help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) { out(USAGE); return 0; }
    const only = values.only as (typeof ONLY)[number];
    if (!ONLY.includes(only)) throw new HeraldError('CONFIG_INVALID', `--only must be one of ${ONLY.join(', ')}`, 'only');
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new HeraldError('CONFIG_INVALID', '--port must be a port number', 'port');
    }
    if (values.url !== undefined && !isHttpsBase(values.url)) {
      throw new HeraldError('CONFIG_INVALID', '--url must be an https:// URL without a query: the API server calls webhooks over TLS only', 'url');
    }
    let caBundle: string | undefined;
    if (values['ca-file'] !== undefined) {
      const pem = readCaFile(values['ca-file']);
      if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new HeraldError('CONFIG_INVALID', '--ca-file must be a PEM certificate', 'ca-file');
      caBundle = Buffer.from(pem).toString('base64');
    }
    const token = values['token-file'] === undefined ? undefined : readFileSync(values['token-file'], 'utf8').trim();
    const rendered = renderManifests({
      ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
      ...(values.image === undefined ? {} : { image: values.image }),
      ...(values['service-name'] === undefined ? {} : { serviceName: values['service-name'] }),
      ...(port === undefined ? {} : { port }),
      ...(values.url === undefined ? {} : { url: values.url }),
      ...(values.kinds === undefined ? {} : { kinds: values.kinds.split(',').map((k) => k.trim()).filter((k) => k !== '') }),
      ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      ...(values.storage === undefined ? {} : { storage: values.storage }),
      ...(caBundle === undefined ? {} : { caBundle }),
      ...(token === undefined || token === '' ? {} : { token }),
    });
    const sections: Array<[(typeof ONLY)[number], string, string]> = [
      ['manifests', 'herald.yaml (kubectl apply -f)', rendered.manifests],
      ['audit-config', 'audit-webhook.yaml (--audit-webhook-config-file)', rendered.auditWebhookConfig],
      ['authz-config', 'authz-webhook.yaml (--authorization-webhook-config-file)', rendered.authzWebhookConfig],
      ['audit-policy', 'audit-policy.yaml (--audit-policy-file)', rendered.auditPolicy],
    ];
    if (only === 'all') out(sections.map(([, file, text]) => `# ${file}\n${text}`).join('---\n'));
    else out(sections.find(([key]) => key === only)![2]);
    return 0;
  } catch (e) {
    err(`herald manifests: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
}

function readCaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new HeraldError('CONFIG_INVALID', `--ca-file: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { field: 'ca-file', cause: err });
  }
}
