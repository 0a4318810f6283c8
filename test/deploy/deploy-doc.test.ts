import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, describe, test } from 'node:test';
import { parse } from 'yaml';
import { DEPLOYMENTS, FakeKubeApi } from '../fake-kube-api/server.ts';
import { eventually } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { tempDir } from '../support/temp-dir.ts';
import { selfSignedCert } from '../support/tls-cert.ts';
import { docs } from './kustomize.ts';
import { callAsApiServer, startPod, type Pod } from './in-cluster-pod.ts';

/**
 * docs/deploy.md, run: every command of its ```sh blocks, in order, in a
 * scratch copy of the repository, each the closest this machine allows (the
 * page's "What the tests exercise" says which is which). A command this test
 * does not know fails it, so the page cannot grow an untested step.
 */
const page = readFileSync('docs/deploy.md', 'utf8');
const commands = [...page.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n'))
  .map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXX';

const canUnshare = spawnSync('unshare', ['--map-root-user', '--mount', 'true']).status === 0;

describe('docs/deploy.md, from an empty cluster to a first Slack message', () => {
  const work = tempDir('deploy-doc');
  cpSync(resolve('deploy'), join(work, 'deploy'), { recursive: true });
  const applied: Array<{ overlay: string; objects: any[] }> = [];
  const secrets: Record<string, any> = {};
  const serviceAccountToken = `sa-token-${Date.now()}`;
  let api: FakeKubeApi | undefined;
  let receiver: Receiver | undefined;
  let pod: Pod | undefined;
  after(async () => {
    await pod?.stop();
    await api?.close();
    await receiver?.close();
  });

  const kubectl = (args: string[]) => execFileSync('kubectl', args, { cwd: work, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });
  const sh = (line: string) => execFileSync('sh', ['-c', line], { cwd: work, encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'pipe'] });

  async function startInCluster(): Promise<void> {
    assert.ok(canUnshare, 'unshare --map-root-user --mount must work here: the in-cluster walk puts the ServiceAccount files where a pod has them');
    const objects = applied.at(-1)!.objects;
    // In-cluster clients speak HTTPS and verify the API server against the ServiceAccount's ca.crt.
    const apiCert = selfSignedCert();
    api = await FakeKubeApi.start({ token: serviceAccountToken, tls: { cert: apiCert.cert, key: apiCert.key } });
    const u = new URL(api.url);
    pod = await startPod({
      deployment: objects.find((o) => o.kind === 'Deployment'), objects, secrets,
      api: { host: u.hostname, port: Number(u.port), caPem: apiCert.cert }, serviceAccountToken, namespace: 'herald',
    });
    const caPem = Buffer.from(secrets['herald-tls'].data['ca.crt'], 'base64').toString();
    // What `rollout status` waits for: the readiness probe's path answering.
    const ready = await callAsApiServer(pod.url, { caPem, servername: 'herald.herald.svc', path: '/readyz' });
    assert.equal(ready.status, 200);
    const kinds = parse(objects.find((o) => o.kind === 'ConfigMap').data['herald.yaml']).watch.kinds.length;
    await eventually(() => (api!.openWatches >= kinds ? true : undefined), 20_000).catch((e) => { throw new Error(`${e.message}: watches ${api!.openWatches}/${kinds}, requests ${api!.requests.slice(0, 10).join(" ")}\n${pod!.output.join("\n").slice(-3000)}`); });
  }

  test('every command runs, and the Deployment created at the end reaches Slack', async () => {
    receiver = await startReceiver();
    for (const line of commands) {
      let m: RegExpExecArray | null;
      if (line.startsWith('podman build ')) {
        // No base image can be pulled here: test/deploy/containerfile.test.ts checks the recipe.
        assert.ok(existsSync('Containerfile'));
      } else if (/^(openssl|cp) /.test(line)) {
        sh(line);
      } else if ((m = /^kubectl apply -k (\S+)$/.exec(line)) !== null) {
        applied.push({ overlay: m[1]!, objects: docs(kubectl(['kustomize', m[1]!])) });
      } else if ((m = /^kubectl -n (\S+) create secret (.+)$/.exec(line)) !== null) {
        const args = m[2]!.split(' ').map((a) => a.replace(SLACK_URL, receiver!.url));
        const secret = JSON.parse(kubectl(['-n', m[1]!, 'create', 'secret', ...args, '--dry-run=client', '-o', 'json']));
        secrets[secret.metadata.name] = secret;
      } else if (line === 'kubectl -n herald rollout status deployment/herald') {
        await startInCluster();
      } else if (line.startsWith('herald ')) {
        const r = spawnSync(process.execPath, [resolve('src/cli/main.ts'), ...line.split(' ').slice(1)], { cwd: work, encoding: 'utf8', timeout: 30_000 });
        assert.equal(r.status, 0, r.stderr);
      } else if ((m = /^kubectl create deployment (.+)$/.exec(line)) !== null) {
        const obj = JSON.parse(kubectl(['create', 'deployment', ...m[1]!.split(' '), '--dry-run=client', '-o', 'json']));
        api!.create(DEPLOYMENTS, { ...obj, metadata: { ...obj.metadata, namespace: 'default' } });
        const got = await eventually(() => receiver!.requests.find((r) => r.body.includes(obj.metadata.name)), 20_000);
        const message = JSON.parse(got.body);
        // The headline the page promises.
        assert.match(message.text, /Deployment default\/hello created/);
        assert.ok(page.includes("`Deployment default/hello created`"));
      } else {
        assert.fail(`docs/deploy.md runs a command this test does not exercise: ${line}`);
      }
    }
    assert.ok(pod !== undefined, 'the page started Herald');
    assert.deepEqual(applied.map((a) => a.overlay), ['deploy/overlays/sqlite', 'deploy/overlays/postgres']);
  });

  test('the files written for the API server let it call Herald: caBundle verifies Herald, the token is accepted', async () => {
    assert.ok(pod !== undefined, 'the walk above started Herald');
    const objects = applied[0]!.objects;
    const hook = objects.find((o) => o.kind === 'ValidatingWebhookConfiguration').webhooks[0];
    const caPem = Buffer.from(hook.clientConfig.caBundle.replace(/\s+/g, ''), 'base64').toString();
    const host = `${hook.clientConfig.service.name}.${hook.clientConfig.service.namespace}.svc`;

    const admissionConfig = parse(readFileSync(join(work, 'apiserver', 'admission-configuration.yaml'), 'utf8'));
    assert.equal(admissionConfig.apiVersion, 'apiserver.config.k8s.io/v1');
    assert.equal(admissionConfig.kind, 'AdmissionConfiguration');
    const plugin = admissionConfig.plugins.find((p: any) => p.name === 'ValidatingAdmissionWebhook');
    assert.equal(plugin.configuration.kind, 'WebhookAdmissionConfiguration');
    assert.match(plugin.configuration.kubeConfigFile, /\/admission-kubeconfig\.yaml$/);
    const kubeconfig = parse(readFileSync(join(work, 'apiserver', 'admission-kubeconfig.yaml'), 'utf8'));
    // The API server picks the user whose name is the webhook's host.
    const user = kubeconfig.users.find((u: any) => u.name === host);
    assert.ok(user, `a user for ${host}`);

    const review = JSON.parse(readFileSync('test/fixtures/k8s-admission/admissionreview_v1_request_pod_create_real_gke_kube-rs.json', 'utf8'));
    const answer = await callAsApiServer(pod!.url, { caPem, servername: host, path: hook.clientConfig.service.path, token: user.user.token, body: review });
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.equal(answer.body.response.uid, review.request.uid);
    assert.equal(answer.body.response.allowed, true);

    for (const file of ['audit-webhook.yaml', 'authz-webhook.yaml']) {
      const cfg = parse(readFileSync(join(work, 'apiserver', file), 'utf8'));
      assert.equal(Buffer.from(cfg.clusters[0].cluster['certificate-authority-data'], 'base64').toString(), caPem, `${file} trusts the CA`);
      assert.equal(cfg.users[0].user.token, user.user.token, `${file} presents the same token`);
    }
    const audit = parse(readFileSync(join(work, 'apiserver', 'audit-webhook.yaml'), 'utf8'));
    const auditUrl = new URL(audit.clusters[0].cluster.server);
    const batch = await callAsApiServer(pod!.url, { caPem, servername: auditUrl.hostname, path: auditUrl.pathname, token: audit.users[0].user.token, body: { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [] } });
    assert.equal(batch.status, 200, JSON.stringify(batch.body));
  });

  test('the PostgreSQL section\'s Secret holds every key its overlay requires', () => {
    const postgres = applied.find((a) => a.overlay.endsWith('postgres'))!.objects;
    const container = postgres.find((o) => o.kind === 'Deployment').spec.template.spec.containers[0];
    for (const e of container.env) {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref === undefined || ref.optional === true) continue;
      assert.ok(secrets[ref.name]?.data?.[ref.key] !== undefined, `Secret ${ref.name} has ${ref.key}`);
    }
    assert.match(Buffer.from(secrets.herald.data['secret-key'], 'base64').toString(), /^[0-9a-f]{64}$/, 'a 32-byte hex key, no newline');
  });
});
