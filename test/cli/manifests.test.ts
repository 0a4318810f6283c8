import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { renderManifests, runManifests } from '../../src/cli/manifests.ts';
import { fixtureText } from '../sources/kubernetes/harness.ts';

const CA = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n').toString('base64');

function docs(yamlText: string): any[] {
  return parseAllDocuments(yamlText).map((d) => {
    assert.deepEqual(d.errors, []);
    return d.toJS();
  });
}

function byKind(objects: any[], kind: string): any {
  const found = objects.find((o) => o.kind === kind);
  assert.ok(found, `no ${kind}`);
  return found;
}

/** The kubeconfig shape the API server's webhook config loader needs: the current context resolves to a cluster and a user. */
function assertKubeconfig(cfg: any, pathSuffix: string): string {
  assert.equal(cfg.apiVersion, 'v1');
  assert.equal(cfg.kind, 'Config');
  const context = cfg.contexts.find((c: any) => c.name === cfg['current-context']);
  assert.ok(context, 'current-context names a context');
  const cluster = cfg.clusters.find((c: any) => c.name === context.context.cluster);
  assert.ok(cluster, 'the context names a cluster');
  assert.ok(cfg.users.some((u: any) => u.name === context.context.user), 'the context names a user');
  assert.ok(cluster.cluster.server.startsWith('https://'));
  assert.ok(cluster.cluster.server.endsWith(pathSuffix));
  return cluster.cluster.server;
}

/** The health source in the cluster reads Events (both API groups), Pods and Nodes, read-only. */
const HEALTH_RULES = [
  { apiGroups: [''], resources: ['events', 'pods', 'nodes'], verbs: ['get', 'list', 'watch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['get', 'list', 'watch'] },
];

describe('herald manifests', () => {
  test('the cluster manifests parse as YAML with every object a cluster needs', () => {
    const objects = docs(renderManifests({ namespace: 'obs', caBundle: CA, kinds: ['Deployment', 'ConfigMap'] }).manifests);
    assert.deepEqual(objects.map((o) => o.kind), [
      'Namespace', 'ServiceAccount', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Service', 'PersistentVolumeClaim',
      'Deployment', 'PodDisruptionBudget', 'ValidatingWebhookConfiguration',
    ]);
    assert.equal(byKind(objects, 'Namespace').metadata.name, 'obs');

    const role = byKind(objects, 'ClusterRole');
    assert.deepEqual(role.rules, [
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      ...HEALTH_RULES,
    ]);
    const binding = byKind(objects, 'ClusterRoleBinding');
    assert.equal(binding.roleRef.name, role.metadata.name);
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'herald', namespace: 'obs' }]);

    const vwc = byKind(objects, 'ValidatingWebhookConfiguration');
    const [hook] = vwc.webhooks;
    assert.equal(hook.failurePolicy, 'Ignore');
    assert.equal(hook.sideEffects, 'None');
    assert.equal(hook.timeoutSeconds, 5);
    assert.deepEqual(hook.admissionReviewVersions, ['v1', 'v1beta1']);
    assert.equal(hook.clientConfig.caBundle, CA);
    assert.deepEqual(hook.clientConfig.service, { name: 'herald', namespace: 'obs', path: '/k8s/admission', port: 443 });
    const apps = hook.rules.find((r: any) => r.apiGroups[0] === 'apps');
    assert.deepEqual(apps.resources, ['deployments', 'deployments/scale']);
    assert.deepEqual(apps.operations, ['CREATE', 'UPDATE', 'DELETE']);
  });

  test('the Deployment runs herald serve on the port with the TLS secret mounted', () => {
    const objects = docs(renderManifests({ port: 9443, image: 'registry.local/herald:1.2.3' }).manifests);
    const pod = byKind(objects, 'Deployment').spec.template.spec;
    const [container] = pod.containers;
    assert.equal(container.image, 'registry.local/herald:1.2.3');
    assert.equal(container.args[0], 'serve');
    assert.equal(container.ports[0].containerPort, 9443);
    const tlsVolume = pod.volumes.find((v: any) => v.secret !== undefined);
    assert.equal(tlsVolume.secret.secretName, 'herald-tls');
    assert.ok(container.volumeMounts.some((m: any) => m.name === tlsVolume.name));
    const service = byKind(objects, 'Service');
    assert.equal(service.spec.ports[0].targetPort, container.ports[0].name);
  });

  test('audit and authorization webhook configs have the kubeconfig shape of the docs examples', () => {
    const out = renderManifests({ url: 'https://herald.example.com/', caBundle: CA, token: 'tok-123' });
    const audit = parse(out.auditWebhookConfig);
    const authz = parse(out.authzWebhookConfig);
    assert.equal(assertKubeconfig(audit, '/k8s/audit'), 'https://herald.example.com/k8s/audit');
    assert.equal(assertKubeconfig(authz, '/k8s/authorize'), 'https://herald.example.com/k8s/authorize');
    assert.equal(audit.clusters[0].cluster['certificate-authority-data'], CA);
    assert.equal(authz.users[0].user.token, 'tok-123');
    const docsExample = parse(fixtureText('k8s-authz/authz_webhook_kubeconfig_docs.yaml'));
    assert.deepEqual(Object.keys(authz).sort(), Object.keys(docsExample).sort());
    // With --url the admission webhook calls the same host.
    const vwc = byKind(docs(out.manifests), 'ValidatingWebhookConfiguration');
    assert.equal(vwc.webhooks[0].clientConfig.url, 'https://herald.example.com/k8s/admission');
  });

  test('the sample audit policy logs writes (scale at Request level), who changed Secrets, and nothing else', () => {
    const policy = parse(renderManifests({ kinds: ['Deployment'] }).auditPolicy);
    assert.equal(policy.apiVersion, 'audit.k8s.io/v1');
    assert.equal(policy.kind, 'Policy');
    assert.ok(policy.omitStages.includes('RequestReceived'));
    assert.deepEqual(policy.rules[0].resources, [{ group: 'apps', resources: ['deployments/scale'] }]);
    assert.equal(policy.rules[1].level, 'Metadata');
    assert.deepEqual(policy.rules[1].resources, [{ group: 'apps', resources: ['deployments'] }, { group: '', resources: ['secrets'] }]);
    assert.deepEqual(policy.rules.at(-1), { level: 'None' });
  });

  test('runManifests prints one output per --only and reads --ca-file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-manifests-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, Buffer.from(CA, 'base64'));
      let printed = '';
      const code = runManifests(['--only', 'audit-config', '--ca-file', caFile, '--url', 'https://h.example.com'], (s) => { printed += s; });
      assert.equal(code, 0);
      const cfg = parse(printed);
      assertKubeconfig(cfg, '/k8s/audit');
      assert.equal(cfg.clusters[0].cluster['certificate-authority-data'], CA);

      let all = '';
      assert.equal(runManifests(['--only', 'all', '--namespace', 'x', '--ca-file', caFile], (s) => { all += s; }), 0);
      const kinds = docs(all).map((d) => d.kind);
      assert.ok(kinds.includes('ValidatingWebhookConfiguration') && kinds.includes('Policy') && kinds.includes('AdmissionConfiguration'));
      assert.equal(kinds.filter((k) => k === 'Config').length, 3, 'admission, audit and authz kubeconfigs');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('bad flags print a message and return non-zero', () => {
    const cases: string[][] = [
      ['--nope'], ['--only', 'everything'], ['--port', 'eighty'], ['--url', 'http://insecure.example.com'],
      ['--kinds', 'Widget'], ['--ca-file', '/nonexistent/ca.pem'], ['--overlay', 'mysql'],
      ['--replicas', '3'], ['--client-cert-file', '/tmp/x.pem'],
    ];
    for (const argv of cases) {
      let message = '';
      let printed = '';
      const code = runManifests(argv, (s) => { printed += s; }, (s) => { message += s; });
      assert.notEqual(code, 0, argv.join(' '));
      assert.equal(printed, '');
      assert.match(message, /herald manifests: .+\nusage:/, argv.join(' '));
    }
  });

  test('custom resources are named plural.group/version, and herald.yaml watches them', () => {
    const objects = docs(renderManifests({ kinds: ['widgets.example.com/v1'] }).manifests);
    assert.deepEqual(byKind(objects, 'ClusterRole').rules, [
      { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] },
      ...HEALTH_RULES,
    ]);
    const config = parse(byKind(objects, 'ConfigMap').data['herald.yaml']);
    assert.deepEqual(config.watch.kinds, [{ group: 'example.com', version: 'v1', kind: 'Widget', plural: 'widgets' }]);
    assert.deepEqual(config.health, { clusters: [{ name: 'default', inCluster: true }] }, 'the health source reads the same cluster');
  });

  test('--kinds Secret is refused with exit code 2 and a reason, never granted', () => {
    let message = '';
    let printed = '';
    const code = runManifests(['--kinds', 'Deployment,Secret'], (s) => { printed += s; }, (s) => { message += s; });
    assert.equal(code, 2);
    assert.equal(printed, '');
    assert.match(message, /Secrets cannot be watched: list\/watch on Secrets would give Herald every Secret value/);
  });

  test('an admission webhook without a caBundle is printed only when asked for', () => {
    let message = '';
    assert.equal(runManifests([], () => {}, (s) => { message += s; }), 2);
    assert.match(message, /--ca-file is required.*--allow-no-ca-bundle/s);
    let printed = '';
    assert.equal(runManifests(['--allow-no-ca-bundle'], (s) => { printed += s; }), 0);
    const hook = byKind(docs(printed), 'ValidatingWebhookConfiguration').webhooks[0];
    assert.equal(hook.clientConfig.caBundle, undefined);
  });

  test('the admission kubeconfig names the webhook host and carries the token or client certificate', () => {
    const withToken = parse(renderManifests({ token: 'tok-123', namespace: 'obs' }).admissionKubeconfig);
    assert.deepEqual(withToken, { apiVersion: 'v1', kind: 'Config', users: [{ name: 'herald.obs.svc', user: { token: 'tok-123' } }] });
    const withUrl = parse(renderManifests({ token: 'tok-123', url: 'https://herald.example.com:8443' }).admissionKubeconfig);
    assert.deepEqual(withUrl.users.map((u: any) => u.name), ['herald.herald.svc', 'herald.example.com:8443'], 'a non-443 port is part of the name');
    const withCert = parse(renderManifests({ clientCert: { certPem: 'CERT', keyPem: 'KEY' } }).admissionKubeconfig);
    assert.deepEqual(withCert.users[0].user, { 'client-certificate-data': Buffer.from('CERT').toString('base64'), 'client-key-data': Buffer.from('KEY').toString('base64') });
    const config = parse(renderManifests({ apiserverDir: '/etc/kubernetes/herald' }).admissionConfig);
    assert.deepEqual(config, {
      apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration',
      plugins: [{ name: 'ValidatingAdmissionWebhook', configuration: { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'WebhookAdmissionConfiguration', kubeConfigFile: '/etc/kubernetes/herald/admission-kubeconfig.yaml' } }],
    });
  });

  test('--out-dir writes every API server file, owner-only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-manifests-'));
    try {
      const caFile = join(dir, 'ca.pem');
      writeFileSync(caFile, Buffer.from(CA, 'base64'));
      const tokenFile = join(dir, 'token');
      writeFileSync(tokenFile, 'tok-0123456789abcdef\n');
      const out = join(dir, 'out');
      assert.equal(runManifests(['--only', 'all', '--ca-file', caFile, '--token-file', tokenFile, '--out-dir', out], () => {}), 0);
      for (const f of ['herald.yaml', 'admission-configuration.yaml', 'admission-kubeconfig.yaml', 'audit-webhook.yaml', 'authz-webhook.yaml', 'audit-policy.yaml']) {
        assert.equal(statSync(join(out, f)).mode & 0o777, 0o600, f);
      }
      assert.equal(parse(readFileSync(join(out, 'admission-kubeconfig.yaml'), 'utf8')).users[0].user.token, 'tok-0123456789abcdef', 'the token file is trimmed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
