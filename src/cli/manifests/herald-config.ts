import { createHash } from 'node:crypto';
import type { CustomKind } from './kinds.ts';

/**
 * The herald.yaml Herald reads inside the cluster (the ConfigMap), as text so
 * `herald manifests` and deploy/base/herald.yaml are byte for byte the same
 * for the same settings (test/deploy compares them). Secret values are
 * `${VARIABLE}`s filled from the Secret "herald", never written here.
 */
export const CONFIG_DIR = '/etc/herald/config';
export const TLS_DIR = '/etc/herald/tls';
export const DATA_DIR = '/data';
export const CONTAINER_PORT = 8443;

export function heraldYaml(o: { cluster: string; kinds: ReadonlyArray<string | CustomKind>; port: number }): string {
  const kinds = o.kinds.map((k) => typeof k === 'string'
    ? `    - ${k}\n`
    : `    - group: ${k.group}\n      version: ${k.version}\n      kind: ${k.kind}\n      plural: ${k.plural}\n`).join('');
  return `# Herald inside the cluster (docs/deploy.md). Secret values come from the
# environment (Secret "herald"), never from this file.
server:
  host: 0.0.0.0
  port: ${o.port}
  tls:
    certFile: ${TLS_DIR}/tls.crt
    keyFile: ${TLS_DIR}/tls.key
dataDir: ${DATA_DIR}
kubernetes:
  cluster: ${scalar(o.cluster)}
watch:
  clusters:
    - name: ${scalar(o.cluster)}
      inCluster: true
  kinds:
${kinds}health:
  clusters:
    - name: ${scalar(o.cluster)}
      inCluster: true
webhooks:
  - name: slack
    platform: slack
    url: \${SLACK_WEBHOOK_URL}
`;
}

/** A YAML scalar: plain when it cannot be misread, else double-quoted (JSON strings are YAML). */
function scalar(v: string): string {
  return /^[A-Za-z][A-Za-z0-9._-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(v) ? v : JSON.stringify(v);
}

/** JSON as Go's encoding/json writes it: <, >, &, U+2028 and U+2029 escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The name suffix kustomize's configMapGenerator gives a ConfigMap, so a
 * changed herald.yaml gets a new name and rolls the pods. Kustomize v5
 * (kyaml hasher) hashes {"data","kind","name"} with the name still empty at
 * that point; checked against `kubectl kustomize` by test/deploy.
 */
export function kustomizeConfigMapSuffix(data: Record<string, string>): string {
  const sorted = Object.fromEntries(Object.keys(data).sort().map((k) => [k, data[k]]));
  const hex = createHash('sha256').update(goJson({ data: sorted, kind: 'ConfigMap', name: '' })).digest('hex');
  // Vowel-like hex digits become consonants so no word forms (kustomize's own mapping).
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' })[c as '0']!);
}
