import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Herald started the way the kubelet would start the Deployment's container,
 * on this machine: its args, its env with secretKeyRefs resolved from the
 * Secrets (a missing required key fails as CreateContainerConfigError would),
 * its volumes written to scratch directories and every mount path in the env
 * and in the mounted herald.yaml mapped to them, KUBERNETES_SERVICE_HOST/PORT
 * pointing at the fake API server, and the ServiceAccount token, ca.crt and
 * namespace at /var/run/secrets/kubernetes.io/serviceaccount inside a private
 * mount namespace (unshare), where client-node's in-cluster loader reads them.
 *
 * What differs from a pod, because the machine needs it: Herald listens on a
 * free loopback port instead of 0.0.0.0:8443, and the SSRF guard lets loopback
 * through, since the receiver standing in for Slack is on loopback.
 */
export interface Pod { url: string; child: ChildProcess; output: string[]; stop(): Promise<void> }

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function decode(secret: any, key: string): string | undefined {
  const b64 = secret?.data?.[key];
  return b64 === undefined ? undefined : Buffer.from(b64, 'base64').toString('utf8');
}

export async function startPod(o: {
  deployment: any; objects: any[]; secrets: Record<string, any>;
  api: { host: string; port: number; caPem: string }; serviceAccountToken: string; namespace: string;
}): Promise<Pod> {
  const spec = o.deployment.spec.template.spec;
  const container = spec.containers[0];
  const root = tempDir('pod');
  const mounts: Array<[string, string]> = [];
  for (const m of container.volumeMounts) {
    const volume = spec.volumes.find((v: any) => v.name === m.name);
    const dir = join(root, m.name);
    mkdirSync(dir, { recursive: true });
    if (volume.configMap !== undefined) {
      const cm = o.objects.find((x) => x.kind === 'ConfigMap' && x.metadata.name === volume.configMap.name);
      if (cm === undefined) throw new Error(`ConfigMap ${volume.configMap.name} not found`);
      for (const [file, text] of Object.entries(cm.data)) writeFileSync(join(dir, file), text as string);
    } else if (volume.secret !== undefined) {
      const secret = o.secrets[volume.secret.secretName];
      if (secret === undefined) throw new Error(`Secret ${volume.secret.secretName} not found (the pod would wait in ContainerCreating)`);
      for (const key of Object.keys(secret.data)) writeFileSync(join(dir, key), decode(secret, key)!);
    }
    mounts.push([m.mountPath, dir]);
  }
  // One pass, longest first and only at a path boundary: the scratch dirs live under /tmp, itself a mount.
  mounts.sort((a, b) => b[0].length - a[0].length);
  const pattern = new RegExp(`(?<![\\w/.-])(${mounts.map(([p]) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})(?=/|$|\\s)`, 'gm');
  const mapPaths = (text: string) => text.replace(pattern, (p) => mounts.find(([from]) => from === p)![1]);
  for (const [mountPath, dir] of mounts) {
    if (mountPath.endsWith('/config')) {
      const file = join(dir, 'herald.yaml');
      writeFileSync(file, mapPaths(readFileSync(file, 'utf8')));
    }
  }

  const env: Record<string, string> = {};
  for (const e of container.env) {
    if (e.value !== undefined) { env[e.name] = mapPaths(e.value); continue; }
    const ref = e.valueFrom.secretKeyRef;
    const value = decode(o.secrets[ref.name], ref.key);
    if (value === undefined) {
      if (ref.optional === true) continue;
      throw new Error(`CreateContainerConfigError: Secret ${ref.name} has no key ${ref.key}`);
    }
    env[e.name] = value;
  }

  const sa = join(root, 'serviceaccount');
  mkdirSync(sa);
  writeFileSync(join(sa, 'token'), o.serviceAccountToken);
  writeFileSync(join(sa, 'namespace'), o.namespace);
  writeFileSync(join(sa, 'ca.crt'), o.api.caPem);
  const script = `mount -t tmpfs tmpfs /run && mkdir -p ${SA_DIR} && cp "$SA_SRC"/* ${SA_DIR}/ && exec "$@"`;
  const child = spawn('unshare', ['--map-root-user', '--mount', 'sh', '-c', script, 'sh',
    process.execPath, resolve('src/cli/main.ts'), ...container.args, '--host', '127.0.0.1', '--port', '0'], {
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, SA_SRC: sa,
      KUBERNETES_SERVICE_HOST: o.api.host, KUBERNETES_SERVICE_PORT: String(o.api.port),
      HERALD_ALLOWED_NETWORKS: '127.0.0.0/8',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`herald did not start: ${output.join('')}`)), 20_000);
    lines.on('line', (line) => {
      output.push(line);
      const m = /"url":"([^"]+)".*herald is listening/.exec(line);
      if (m !== null) { clearTimeout(timer); ok(m[1]!); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`herald exited with ${code}: ${output.join('\n')}`)); });
  });
  return {
    url, child, output,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An HTTPS request that verifies Herald's certificate the way the API server does: against caBundle, for the Service's host name. */
export function callAsApiServer(url: string, o: { caPem: string; servername: string; path: string; token?: string; body?: unknown }): Promise<{ status: number; body: any }> {
  const u = new URL(url);
  const payload = o.body === undefined ? undefined : JSON.stringify(o.body);
  return new Promise((ok, fail) => {
    const req = request({
      host: u.hostname, port: u.port, path: o.path, method: payload === undefined ? 'GET' : 'POST', ca: o.caPem, servername: o.servername,
      headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...(o.token === undefined ? {} : { authorization: `Bearer ${o.token}` }) },
    }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let body: unknown = text;
        try { body = JSON.parse(text); } catch { /* keep text */ }
        ok({ status: res.statusCode ?? 0, body });
      });
    });
    req.on('error', fail);
    req.end(payload);
  });
}
