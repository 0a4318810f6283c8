import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { HeraldError } from '../core/errors.ts';
import { buildInfo } from '../observability/build-info.ts';
import {
  admissionConfiguration, admissionKubeconfig, auditKubeconfig, auditPolicy, authzKubeconfig, type ApiServerCredential,
} from './manifests/apiserver-files.ts';
import { clusterObjects, type Overlay } from './manifests/cluster-objects.ts';
import { CONTAINER_PORT } from './manifests/herald-config.ts';
import { DEFAULT_KINDS, resolveKind } from './manifests/kinds.ts';

/**
 * `herald manifests`: what a cluster needs to run Herald and call it — the
 * in-cluster objects of deploy/overlays/<overlay> (one multi-document YAML for
 * kubectl apply) and the files the API server reads: the AdmissionConfiguration
 * and its kubeconfig, the audit and authorization webhook kubeconfigs, a sample
 * audit policy and the caBundle. The API server usually runs on the host
 * network without cluster DNS, so those configs want --url, a name it can resolve.
 */

export { DEFAULT_KINDS, resolveKind };

export interface ManifestOptions {
  overlay: Overlay;
  namespace: string;
  image: string;
  /** Name of the ServiceAccount, Deployment, Service, and prefix of the Secrets and ConfigMap. */
  serviceName: string;
  /** Container port Herald listens on (TLS). */
  port: number;
  /** Base URL the API server reaches Herald at, e.g. https://herald.example.com; default the Service's DNS name. */
  url?: string;
  /** Base64 PEM CA that signed Herald's serving certificate. */
  caBundle?: string;
  /** Built-in Kinds (Deployment) or custom resources as plural.group/version (widgets.example.com/v1). */
  kinds: string[];
  cluster: string;
  /** Bearer token the API server presents to every Kubernetes endpoint (Herald's kubernetes.token). */
  token?: string;
  /** Client certificate the API server presents instead (Herald's kubernetes.clientCaFile verifies it). */
  clientCert?: { certPem: string; keyPem: string };
  storage: string;
  replicas: number;
  serviceMonitor: boolean;
  networkPolicy: boolean;
  /** Directory on the API server's host holding these files. */
  apiserverDir: string;
}

export interface RenderedManifests {
  manifests: string;
  admissionConfig: string;
  admissionKubeconfig: string;
  auditWebhookConfig: string;
  authzWebhookConfig: string;
  auditPolicy: string;
}

export const DEFAULT_IMAGE = `ghcr.io/herald/herald:${buildInfo().version}`;

const DEFAULTS: ManifestOptions = {
  overlay: 'sqlite', namespace: 'herald', image: DEFAULT_IMAGE, serviceName: 'herald', port: CONTAINER_PORT,
  kinds: DEFAULT_KINDS, cluster: 'default', storage: '1Gi', replicas: 2, serviceMonitor: false, networkPolicy: false,
  apiserverDir: '/etc/kubernetes/herald',
};

/** Plain YAML: shared objects would otherwise come out as &anchors, which people misread. */
function toYaml(obj: object): string {
  return stringify(obj, { aliasDuplicateObjects: false });
}

export function renderManifests(partial: Partial<ManifestOptions> = {}): RenderedManifests {
  const o: ManifestOptions = { ...DEFAULTS, ...partial };
  const kinds = o.kinds.map(resolveKind);
  const credential: ApiServerCredential = o.clientCert !== undefined ? { kind: 'certificate', ...o.clientCert }
    : o.token !== undefined ? { kind: 'token', token: o.token } : { kind: 'none' };
  const api = {
    name: o.serviceName, namespace: o.namespace, credential, dir: o.apiserverDir, kinds,
    ...(o.url === undefined ? {} : { url: o.url }), ...(o.caBundle === undefined ? {} : { caBundle: o.caBundle }),
  };
  const objects = clusterObjects({
    overlay: o.overlay, namespace: o.namespace, image: o.image, name: o.serviceName, port: o.port, kinds,
    cluster: o.cluster, storage: o.storage, replicas: o.replicas, serviceMonitor: o.serviceMonitor, networkPolicy: o.networkPolicy,
    ...(o.url === undefined ? {} : { url: o.url }), ...(o.caBundle === undefined ? {} : { caBundle: o.caBundle }),
  });
  return {
    manifests: objects.map(toYaml).join('---\n'),
    admissionConfig: toYaml(admissionConfiguration(api)),
    admissionKubeconfig: toYaml(admissionKubeconfig(api)),
    auditWebhookConfig: toYaml(auditKubeconfig(api)),
    authzWebhookConfig: toYaml(authzKubeconfig(api)),
    auditPolicy: toYaml(auditPolicy(kinds)),
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

function readPem(file: string, flag: string, marker: RegExp, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new HeraldError('CONFIG_INVALID', `--${flag}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, flag);
  }
  if (!marker.test(text)) throw new HeraldError('CONFIG_INVALID', `--${flag} must be ${what}`, flag);
  return text;
}

/** Each output: its --only name, the file name --out-dir writes, and what reads it. */
const SECTIONS = [
  ['manifests', 'herald.yaml', 'kubectl apply -f', (r: RenderedManifests) => r.manifests],
  ['admission-config', 'admission-configuration.yaml', 'kube-apiserver --admission-control-config-file', (r: RenderedManifests) => r.admissionConfig],
  ['admission-kubeconfig', 'admission-kubeconfig.yaml', 'named by the AdmissionConfiguration', (r: RenderedManifests) => r.admissionKubeconfig],
  ['audit-config', 'audit-webhook.yaml', 'kube-apiserver --audit-webhook-config-file', (r: RenderedManifests) => r.auditWebhookConfig],
  ['authz-config', 'authz-webhook.yaml', 'kube-apiserver --authorization-webhook-config-file', (r: RenderedManifests) => r.authzWebhookConfig],
  ['audit-policy', 'audit-policy.yaml', 'kube-apiserver --audit-policy-file', (r: RenderedManifests) => r.auditPolicy],
] as const;
type Only = (typeof SECTIONS)[number][0] | 'all';
const ONLY: readonly Only[] = [...SECTIONS.map((s) => s[0]), 'all'];

const USAGE = `usage: herald manifests [--overlay sqlite|postgres] [--namespace herald] [--image IMAGE]
  [--service-name herald] [--port 8443] [--url https://herald.example.com] [--kinds Deployment,widgets.example.com/v1]
  [--cluster NAME] [--storage 1Gi] [--replicas 2] [--service-monitor] [--network-policy]
  [--ca-file ca.crt | --allow-no-ca-bundle] [--token-file FILE | --client-cert-file FILE --client-key-file FILE]
  [--apiserver-dir /etc/kubernetes/herald] [--only ${ONLY.join('|')}] [--out-dir DIR]
`;

/** The `herald manifests` subcommand; returns the exit code. */
export function runManifests(argv: string[], out: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(s)): number {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        overlay: { type: 'string' }, namespace: { type: 'string' }, image: { type: 'string' }, 'service-name': { type: 'string' },
        port: { type: 'string' }, url: { type: 'string' }, 'ca-file': { type: 'string' }, 'allow-no-ca-bundle': { type: 'boolean' },
        kinds: { type: 'string' }, cluster: { type: 'string' }, 'token-file': { type: 'string' },
        'client-cert-file': { type: 'string' }, 'client-key-file': { type: 'string' }, storage: { type: 'string' },
        replicas: { type: 'string' }, 'service-monitor': { type: 'boolean' }, 'network-policy': { type: 'boolean' },
        'apiserver-dir': { type: 'string' }, only: { type: 'string', default: 'manifests' }, 'out-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help === true) { out(USAGE); return 0; }
    const only = values.only as Only;
    if (!ONLY.includes(only)) throw new HeraldError('CONFIG_INVALID', `--only must be one of ${ONLY.join(', ')}`, 'only');
    const overlay = values.overlay ?? 'sqlite';
    if (overlay !== 'sqlite' && overlay !== 'postgres') throw new HeraldError('CONFIG_INVALID', '--overlay must be sqlite or postgres', 'overlay');
    const kinds = values.kinds === undefined ? undefined : values.kinds.split(',').map((k) => k.trim()).filter((k) => k !== '');
    // First, so `--kinds Secret` is refused for what it is, before any other complaint.
    kinds?.forEach(resolveKind);
    const port = values.port === undefined ? undefined : Number(values.port);
    if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
      throw new HeraldError('CONFIG_INVALID', '--port must be a port number', 'port');
    }
    const replicas = values.replicas === undefined ? undefined : Number(values.replicas);
    if (replicas !== undefined && !(Number.isInteger(replicas) && replicas >= 1 && replicas <= 100)) {
      throw new HeraldError('CONFIG_INVALID', '--replicas must be a whole number from 1 to 100', 'replicas');
    }
    if (replicas !== undefined && overlay === 'sqlite' && replicas !== 1) {
      throw new HeraldError('CONFIG_INVALID', '--replicas: the sqlite overlay runs one replica (one SQLite file); use --overlay postgres for more', 'replicas');
    }
    if (values.url !== undefined && !isHttpsBase(values.url)) {
      throw new HeraldError('CONFIG_INVALID', '--url must be an https:// URL without a query: the API server calls webhooks over TLS only', 'url');
    }
    let caBundle: string | undefined;
    if (values['ca-file'] !== undefined) {
      caBundle = Buffer.from(readPem(values['ca-file'], 'ca-file', /-----BEGIN CERTIFICATE-----/, 'a PEM certificate')).toString('base64');
    } else if (values['allow-no-ca-bundle'] !== true && (only === 'manifests' || only === 'all' || only === 'audit-config' || only === 'authz-config')) {
      // Without it the API server cannot verify Herald's certificate: every admission call fails, silently with failurePolicy Ignore.
      throw new HeraldError('CONFIG_INVALID', '--ca-file is required: without the CA that signed Herald\'s serving certificate the API server cannot call Herald (every admission review would fail and, with failurePolicy Ignore, be lost silently); pass --allow-no-ca-bundle only if something else injects it (e.g. cert-manager\'s CA injector)', 'ca-file');
    }
    if ((values['client-cert-file'] === undefined) !== (values['client-key-file'] === undefined)) {
      throw new HeraldError('CONFIG_INVALID', '--client-cert-file and --client-key-file go together', 'client-cert-file');
    }
    if (values['client-cert-file'] !== undefined && values['token-file'] !== undefined) {
      throw new HeraldError('CONFIG_INVALID', 'give --token-file or --client-cert-file, not both', 'token-file');
    }
    const clientCert = values['client-cert-file'] === undefined ? undefined : {
      certPem: readPem(values['client-cert-file'], 'client-cert-file', /-----BEGIN CERTIFICATE-----/, 'a PEM certificate'),
      keyPem: readPem(values['client-key-file']!, 'client-key-file', /-----BEGIN [A-Z ]*PRIVATE KEY-----/, 'a PEM private key'),
    };
    const token = values['token-file'] === undefined ? undefined : readFileSync(values['token-file'], 'utf8').trim();
    if (token === '') throw new HeraldError('CONFIG_INVALID', `--token-file ${values['token-file']} is empty`, 'token-file');
    const rendered = renderManifests({
      overlay,
      ...(values.namespace === undefined ? {} : { namespace: values.namespace }),
      ...(values.image === undefined ? {} : { image: values.image }),
      ...(values['service-name'] === undefined ? {} : { serviceName: values['service-name'] }),
      ...(port === undefined ? {} : { port }),
      ...(replicas === undefined ? {} : { replicas }),
      ...(values.url === undefined ? {} : { url: values.url }),
      ...(kinds === undefined ? {} : { kinds }),
      ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
      ...(values.storage === undefined ? {} : { storage: values.storage }),
      ...(values['apiserver-dir'] === undefined ? {} : { apiserverDir: values['apiserver-dir'] }),
      ...(caBundle === undefined ? {} : { caBundle }),
      ...(token === undefined ? {} : { token }),
      ...(clientCert === undefined ? {} : { clientCert }),
      serviceMonitor: values['service-monitor'] === true,
      networkPolicy: values['network-policy'] === true,
    });
    const chosen = SECTIONS.filter(([key]) => only === 'all' || key === only);
    if (values['out-dir'] !== undefined) {
      mkdirSync(values['out-dir'], { recursive: true });
      for (const [, file, , text] of chosen) {
        // Owner-only: the kubeconfigs hold the API server's token or key.
        writeFileSync(join(values['out-dir'], file), text(rendered), { mode: 0o600 });
      }
      out(chosen.map(([, file, reader]) => `${join(values['out-dir']!, file)}  (${reader})`).join('\n'));
      return 0;
    }
    if (only === 'all') out(chosen.map(([, file, reader, text]) => `# ${file} (${reader})\n${text(rendered)}`).join('---\n'));
    else out(chosen[0]![3](rendered));
    return 0;
  } catch (e) {
    err(`herald manifests: ${(e as Error).message}\n${USAGE}`);
    return 2;
  }
}
