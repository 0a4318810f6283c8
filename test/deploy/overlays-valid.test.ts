import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config/load-config.ts';
import { resolveKinds } from '../../src/sources/cluster-watch/config.ts';
import { builtinByKind } from '../../src/sources/kubernetes/resources.ts';
import { K8S_WEBHOOK_PATHS } from '../../src/sources/kubernetes/webhook-http.ts';
import { selfSignedCert } from '../support/tls-cert.ts';
import { tempDir } from '../support/temp-dir.ts';
import { renderOverlay } from './kustomize.ts';

/**
 * Every overlay, as `kubectl kustomize` renders it, against the Kubernetes
 * schemas (kubernetes-models, generated from the API's OpenAPI documents) and
 * against itself: every name one object uses to point at another resolves.
 */
const { cert: caPem } = selfSignedCert();

/** Secrets and their keys the user creates (docs/deploy.md, "Create the Secrets"); nothing in deploy/ inlines them. */
const USER_SECRETS: Record<string, { keys: string[] }> = {
  herald: { keys: ['kubernetes-token', 'slack-webhook-url', 'admin-token', 'store-url', 'secret-key'] },
  'herald-tls': { keys: ['tls.crt', 'tls.key', 'ca.crt'] },
};

async function modelFor(o: any): Promise<new (data: any) => { validate(): void }> {
  const [group, version] = String(o.apiVersion).includes('/') ? String(o.apiVersion).split('/') : ['', o.apiVersion];
  const module = group === 'monitoring.coreos.com'
    ? await import(`@kubernetes-models/prometheus-operator/${group}/${version}`)
    : await import(group === '' ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`);
  const model = module[o.kind];
  assert.ok(model, `kubernetes-models knows ${o.apiVersion} ${o.kind}`);
  return model;
}

const CASES = [
  { overlay: 'sqlite', components: [] },
  { overlay: 'postgres', components: [] },
  { overlay: 'sqlite', components: ['monitoring', 'network-policy'] },
  { overlay: 'postgres', components: ['monitoring', 'network-policy'] },
] as const;

for (const c of CASES) {
  describe(`deploy/overlays/${c.overlay}${c.components.length > 0 ? ` + ${c.components.join(', ')}` : ''}`, () => {
    const objects = renderOverlay({ overlay: c.overlay, caPem, components: [...c.components] });
    const find = (kind: string, name?: string) => objects.filter((o) => o.kind === kind && (name === undefined || o.metadata.name === name));
    const deployment = find('Deployment')[0];
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];

    test('every object is valid against its Kubernetes schema', async () => {
      for (const o of objects) {
        const Model = await modelFor(o);
        // Kustomize wraps generated base64 at 70 columns; the API server's Go decoder skips line
        // breaks, the schema's "byte" format does not, so the check sees the unwrapped value.
        const checked = o.kind === 'ValidatingWebhookConfiguration'
          ? { ...o, webhooks: o.webhooks.map((w: any) => ({ ...w, clientConfig: { ...w.clientConfig, caBundle: w.clientConfig.caBundle.replace(/\s+/g, '') } })) }
          : o;
        assert.doesNotThrow(() => new Model(checked).validate(), `${o.kind}/${o.metadata.name}`);
      }
      // The validator is real: a wrong type is refused.
      const Model = await modelFor(deployment);
      assert.throws(() => new Model({ ...deployment, spec: { ...deployment.spec, replicas: 'two' } }).validate(), /replicas/);
    });

    test('no Secret is inlined, and RBAC never reaches Secrets or writes', () => {
      assert.deepEqual(find('Secret'), []);
      for (const role of [...find('ClusterRole'), ...find('Role')]) {
        for (const rule of role.rules) {
          assert.ok(!(rule.apiGroups.includes('') && (rule.resources.includes('secrets') || rule.resources.includes('*'))), 'no access to Secrets');
          assert.deepEqual(rule.verbs, ['get', 'list', 'watch']);
        }
      }
    });

    test('names that point at other objects resolve', () => {
      assert.equal(find('ServiceAccount', pod.serviceAccountName).length, 1, 'the pod\'s ServiceAccount exists');
      const binding = find('ClusterRoleBinding')[0];
      assert.equal(find('ClusterRole', binding.roleRef.name).length, 1);
      for (const s of binding.subjects) assert.equal(find('ServiceAccount', s.name).filter((sa) => sa.metadata.namespace === s.namespace).length, 1, 'the binding names the pod\'s ServiceAccount in its namespace');
      const ns = find('Namespace')[0].metadata.name;
      for (const o of objects) if (!['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingWebhookConfiguration'].includes(o.kind)) assert.equal(o.metadata.namespace, ns, `${o.kind}/${o.metadata.name} in ${ns}`);

      for (const v of pod.volumes) {
        if (v.configMap !== undefined) assert.equal(find('ConfigMap', v.configMap.name).length, 1, `ConfigMap ${v.configMap.name}`);
        if (v.persistentVolumeClaim !== undefined) assert.equal(find('PersistentVolumeClaim', v.persistentVolumeClaim.claimName).length, 1);
        if (v.secret !== undefined) assert.ok(USER_SECRETS[v.secret.secretName], `Secret ${v.secret.secretName} is documented as user-provided`);
      }
      for (const m of container.volumeMounts) assert.ok(pod.volumes.some((v: any) => v.name === m.name), `volume ${m.name}`);
      for (const e of container.env) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref !== undefined) assert.ok(USER_SECRETS[ref.name]?.keys.includes(ref.key), `Secret ${ref.name} key ${ref.key} is documented`);
      }
      const docsPage = readFileSync('docs/deploy.md', 'utf8');
      for (const [name, { keys }] of Object.entries(USER_SECRETS)) {
        assert.ok(docsPage.includes(name), `docs/deploy.md tells to create ${name}`);
        for (const key of keys) assert.ok(docsPage.includes(key), `docs/deploy.md names key ${key}`);
      }
    });

    test('Service, probes, PodDisruptionBudget and webhook point at what the container serves', () => {
      const service = find('Service')[0];
      const portNames = container.ports.map((p: any) => p.name);
      for (const p of service.spec.ports) assert.ok(portNames.includes(p.targetPort), `Service port ${p.name} targets a container port`);
      assert.deepEqual(service.spec.selector, deployment.spec.template.metadata.labels);
      assert.deepEqual(find('PodDisruptionBudget')[0].spec.selector.matchLabels, deployment.spec.template.metadata.labels);
      assert.equal(container.livenessProbe.httpGet.path, '/healthz');
      assert.equal(container.readinessProbe.httpGet.path, '/readyz');
      const app = readFileSync('src/api/app.ts', 'utf8');
      for (const path of ['/healthz', '/readyz']) assert.ok(app.includes(`app.get('${path}'`), `Herald serves ${path}`);
      for (const probe of [container.livenessProbe, container.readinessProbe]) assert.ok(portNames.includes(probe.httpGet.port));
      const hook = find('ValidatingWebhookConfiguration')[0].webhooks[0];
      assert.equal(hook.clientConfig.service.name, service.metadata.name);
      assert.equal(hook.clientConfig.service.namespace, service.metadata.namespace);
      assert.ok(service.spec.ports.some((p: any) => p.port === hook.clientConfig.service.port));
      assert.equal(hook.clientConfig.service.path, K8S_WEBHOOK_PATHS.admission);
      assert.equal(Buffer.from(hook.clientConfig.caBundle.replace(/\s+/g, ''), 'base64').toString(), caPem, 'caBundle is ca.crt');
      for (const sm of find('ServiceMonitor')) assert.ok(service.spec.ports.some((p: any) => p.name === sm.spec.endpoints[0].port));
      for (const np of find('NetworkPolicy')) assert.ok(np.spec.ingress[0].ports.some((p: any) => p.port === container.ports[0].containerPort));
    });

    test('the pod is locked down, with requests and limits', () => {
      assert.equal(pod.securityContext.runAsNonRoot, true);
      assert.deepEqual(pod.securityContext.seccompProfile, { type: 'RuntimeDefault' });
      assert.deepEqual(container.securityContext, { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, readOnlyRootFilesystem: true });
      assert.deepEqual(container.resources, { limits: { cpu: '1', memory: '320Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
      const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
      assert.equal(container.image, `ghcr.io/herald/herald:${pkg.version}`, 'the image is tagged with the version');
      if (c.overlay === 'sqlite') {
        assert.equal(deployment.spec.replicas, 1);
        assert.equal(deployment.spec.strategy.type, 'Recreate');
      } else {
        assert.ok(deployment.spec.replicas >= 2);
        assert.ok(container.env.some((e: any) => e.name === 'HERALD_STORE_URL' && e.valueFrom.secretKeyRef.key === 'store-url'));
      }
    });

    test('herald.yaml in the ConfigMap loads through Herald\'s own loader and RBAC covers exactly its kinds', () => {
      const cm = find('ConfigMap')[0];
      const dir = tempDir('deploy-config');
      const file = join(dir, 'herald.yaml');
      writeFileSync(file, cm.data['herald.yaml']);
      // The variables the container gets from Secrets.
      const env: Record<string, string> = {};
      for (const e of container.env) env[e.name] = e.value ?? (e.valueFrom.secretKeyRef.key === 'secret-key' ? 'a'.repeat(64) : `placeholder-${e.valueFrom.secretKeyRef.key}-0123456789`);
      env.HERALD_CONFIG = file;
      env.SLACK_WEBHOOK_URL = 'https://hooks.slack.com/services/T000/B000/XXXX';
      if (env.HERALD_STORE_URL !== undefined) env.HERALD_STORE_URL = 'postgres://herald@db.example/herald';
      const config = loadConfig({ env });
      assert.equal(config.watch?.clusters[0]?.inCluster, true);
      assert.equal(config.server.port, container.ports[0].containerPort);
      assert.equal(config.server.tls?.certFile.startsWith(container.volumeMounts.find((m: any) => m.name === 'tls').mountPath), true);
      assert.equal(config.dataDir, container.volumeMounts.find((m: any) => m.name === 'data').mountPath);
      assert.equal(env.HERALD_CONFIG, file);
      assert.ok(container.env.some((e: any) => e.name === 'HERALD_CONFIG' && e.value.startsWith(container.volumeMounts.find((m: any) => m.name === 'config').mountPath)));
      const watched = resolveKinds(config.watch!.kinds).map((k) => `${k.group}/${k.plural}`).sort();
      // The health source (src/sources/cluster-health) reads Events in either API group, Pods and Nodes.
      assert.equal(config.health?.clusters[0]?.inCluster, true);
      const healthReads = ['/events', '/nodes', '/pods', 'events.k8s.io/events'];
      const granted = find('ClusterRole')[0].rules.flatMap((r: any) => r.apiGroups.flatMap((g: string) => r.resources.map((res: string) => `${g}/${res}`))).sort();
      assert.deepEqual(granted, [...watched, ...healthReads].sort(), 'RBAC grants the watched kinds, what the health source reads, and nothing more');
      assert.ok(find('ClusterRole')[0].rules.every((r: any) => r.verbs.join() === 'get,list,watch'), 'read-only');
      const admitted = find('ValidatingWebhookConfiguration')[0].webhooks[0].rules
        .flatMap((r: any) => r.resources.filter((res: string) => !res.endsWith('/scale')).map((res: string) => `${r.apiGroups[0]}/${res}`)).sort();
      assert.deepEqual(admitted, watched, 'admission covers the watched kinds');
      assert.ok(builtinByKind('Deployment'));
    });
  });
}
