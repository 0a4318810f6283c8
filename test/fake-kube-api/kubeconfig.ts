import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

/**
 * Writes a kubeconfig naming fake API servers, so the watch under test loads
 * it exactly as it would a real one (KubeConfig.loadFromFile + context).
 */
export interface FakeContext { name: string; server: string; token?: string }

export function writeKubeconfig(dir: string, contexts: readonly FakeContext[], file = 'kubeconfig.yaml'): string {
  const path = join(dir, file);
  writeFileSync(path, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': contexts[0]?.name ?? '',
    // client-node refuses plain http unless TLS verification is explicitly off.
    clusters: contexts.map((c) => ({
      name: c.name,
      cluster: { server: c.server, ...(c.server.startsWith('http:') ? { 'insecure-skip-tls-verify': true } : {}) },
    })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: c.token === undefined ? {} : { token: c.token } })),
    contexts: contexts.map((c) => ({ name: c.name, context: { cluster: c.name, user: `${c.name}-user` } })),
  }));
  return path;
}
