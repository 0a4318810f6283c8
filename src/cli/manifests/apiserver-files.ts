import { K8S_WEBHOOK_PATHS } from '../../sources/kubernetes/webhook-http.ts';
import { byGroup, type ManifestKind } from './kinds.ts';

/**
 * The files the API server itself reads to call Herald and prove who it is
 * (Kubernetes docs, "Dynamic Admission Control: Authenticate apiservers",
 * "Webhook Mode" and "Auditing: Webhook backend"):
 * - admission: --admission-control-config-file names an AdmissionConfiguration
 *   whose ValidatingAdmissionWebhook plugin points at a kubeconfig; the user
 *   entry named for the webhook's host (herald.<ns>.svc) carries the token or
 *   client certificate it presents. Without it the API server sends nothing.
 * - audit and authorization: --audit-webhook-config-file and
 *   --authorization-webhook-config-file are kubeconfigs whose cluster is Herald
 *   and whose user is the API server.
 */

/** What the API server presents: the bearer token Herald checks (kubernetes.token), or a client certificate (kubernetes.clientCaFile). */
export type ApiServerCredential =
  | { kind: 'none' }
  | { kind: 'token'; token: string }
  | { kind: 'certificate'; certPem: string; keyPem: string };

export interface ApiServerSettings {
  name: string;
  namespace: string;
  /** Base URL; default https://<name>.<namespace>.svc:443 (the API server needs to resolve it). */
  url?: string;
  caBundle?: string;
  credential: ApiServerCredential;
  /** Where the API server's host keeps these files (the AdmissionConfiguration names the kubeconfig by path). */
  dir: string;
  kinds: readonly ManifestKind[];
}

export const ADMISSION_KUBECONFIG_FILE = 'admission-kubeconfig.yaml';

function user(c: ApiServerCredential): object {
  if (c.kind === 'token') return { token: c.token };
  if (c.kind === 'certificate') {
    return {
      'client-certificate-data': Buffer.from(c.certPem).toString('base64'),
      'client-key-data': Buffer.from(c.keyPem).toString('base64'),
    };
  }
  return {};
}

function base(s: ApiServerSettings): string {
  return (s.url ?? `https://${s.name}.${s.namespace}.svc:443`).replace(/\/+$/, '');
}

/**
 * The hosts the API server matches kubeconfig users against: the Service's DNS
 * name (the kustomize overlays call the Service), and with --url that URL's
 * host, with its port unless 443.
 */
export function admissionUserNames(s: Pick<ApiServerSettings, 'name' | 'namespace' | 'url'>): string[] {
  const names = [`${s.name}.${s.namespace}.svc`];
  if (s.url !== undefined) {
    const u = new URL(s.url);
    names.push(u.port === '' || u.port === '443' ? u.hostname : `${u.hostname}:${u.port}`);
  }
  return [...new Set(names)];
}

export function admissionConfiguration(s: ApiServerSettings): object {
  return {
    apiVersion: 'apiserver.config.k8s.io/v1',
    kind: 'AdmissionConfiguration',
    plugins: [{
      name: 'ValidatingAdmissionWebhook',
      configuration: {
        apiVersion: 'apiserver.config.k8s.io/v1',
        kind: 'WebhookAdmissionConfiguration',
        kubeConfigFile: `${s.dir.replace(/\/+$/, '')}/${ADMISSION_KUBECONFIG_FILE}`,
      },
    }],
  };
}

/** Only `users`: the API server looks up credentials by the webhook's host and ignores clusters and contexts here. */
export function admissionKubeconfig(s: ApiServerSettings): object {
  return { apiVersion: 'v1', kind: 'Config', users: admissionUserNames(s).map((name) => ({ name, user: user(s.credential) })) };
}

function webhookKubeconfig(s: ApiServerSettings, path: string): object {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'herald', cluster: { server: `${base(s)}${path}`, ...(s.caBundle === undefined ? {} : { 'certificate-authority-data': s.caBundle }) } }],
    users: [{ name: 'kube-apiserver', user: user(s.credential) }],
    contexts: [{ name: 'webhook', context: { cluster: 'herald', user: 'kube-apiserver' } }],
    'current-context': 'webhook',
  };
}

export const auditKubeconfig = (s: ApiServerSettings) => webhookKubeconfig(s, K8S_WEBHOOK_PATHS.audit);
export const authzKubeconfig = (s: ApiServerSettings) => webhookKubeconfig(s, K8S_WEBHOOK_PATHS.authorize);

export function auditPolicy(kinds: readonly ManifestKind[]): object {
  const scalable = kinds.filter((k) => k.scalable);
  return {
    apiVersion: 'audit.k8s.io/v1',
    kind: 'Policy',
    // Herald reads only ResponseComplete: a change counts once it succeeded.
    omitStages: ['RequestReceived', 'ResponseStarted'],
    rules: [
      ...(scalable.length === 0 ? [] : [{
        // Request level carries the new replica count in the scale request body.
        level: 'Request', verbs: ['update', 'patch'], resources: byGroup(scalable, (k) => [`${k.resource}/scale`]),
      }]),
      // Metadata only for every write, Secrets included: who changed one is recorded, its values never leave the API server.
      { level: 'Metadata', verbs: ['create', 'update', 'patch', 'delete'], resources: [...byGroup(kinds, (k) => [k.resource]), { group: '', resources: ['secrets'] }] },
      { level: 'None' },
    ],
  };
}
