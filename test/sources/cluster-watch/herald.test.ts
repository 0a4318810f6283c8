import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { startTestHerald, type TestHerald } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { brief, deployment, waitForEvents } from './harness.ts';

/** The `watch` section of herald.yaml: Herald starts the watch after the dispatcher and stops it first. */
describe('cluster watch inside Herald', () => {
  let api: FakeKubeApi;
  let herald: TestHerald;

  before(async () => {
    api = await FakeKubeApi.start();
    api.create(DEPLOYMENTS, deployment('api', 1));
    const kubeconfig = writeKubeconfig(tempDir('herald-watch'), [{ name: 'kind-dev', server: api.url }]);
    herald = await startTestHerald({ watch: { clusters: [{ name: 'dev', kubeconfig }], kinds: ['Deployment'], announceExisting: true }, kubernetes: { cluster: 'dev', insecureAllowUnauthenticated: true } });
  });
  after(async () => {
    await herald.close();
    await api.close();
  });

  it('records watch events through the configured store', async () => {
    await waitForEvents(herald.store, 1);
    api.scale(DEPLOYMENTS, 'default', 'api', 2);
    const events = await waitForEvents(herald.store, 2);
    assert.deepEqual(events.map(brief), ['create dev/Deployment/default/api', 'scale dev/Deployment/default/api']);
  });

  it('reports itself the watcher of the cluster on /metrics (one process on SQLite: no election)', async () => {
    const text = await (await fetch(`${herald.url}/metrics`)).text();
    assert.match(text, /^herald_cluster_watch_leader\{cluster="dev"\} 1$/m);
  });

  it('gives one event for a change both the admission webhook and the watch see, with the admission actor', async () => {
    await waitForEvents(herald.store, 2);
    const review = {
      apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
      request: {
        uid: 'b7b7c1f0-0000-4000-8000-000000000001', operation: 'UPDATE', namespace: 'default', name: 'api',
        kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
        resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        userInfo: { username: 'alice@example.com', groups: ['system:authenticated'] },
        object: deployment('api', 5), oldObject: deployment('api', 2), dryRun: false,
      },
    };
    const res = await fetch(`${herald.url}/k8s/admission`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(review) });
    assert.equal(((await res.json()) as { response: { allowed: boolean } }).response.allowed, true);
    api.scale(DEPLOYMENTS, 'default', 'api', 5);
    const events = await waitForEvents(herald.store, 3);
    await new Promise((r) => setTimeout(r, 300));
    const all = (await herald.store.listEvents(undefined, 100)).items;
    assert.equal(all.length, 3, 'the admission review added no event of its own');
    assert.equal(events[2]!.event, 'scale');
    assert.equal(events[2]!.actor, 'alice@example.com');
  });
});
