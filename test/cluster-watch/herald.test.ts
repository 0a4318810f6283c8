import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi } from '../fake-kube-api/server.ts';
import { writeKubeconfig } from '../fake-kube-api/kubeconfig.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';
import { tempDir } from '../support/temp-dir.ts';
import { brief, deployment, waitForEvents } from './harness.ts';

/** The `watch` section of herald.yaml: Herald starts the watch after the dispatcher and stops it first. */
describe('cluster watch inside Herald', () => {
  let api: FakeKubeApi;
  let herald: TestHerald;

  before(async () => {
    api = await FakeKubeApi.start();
    api.create(DEPLOYMENTS, deployment('api', 1));
    const kubeconfig = writeKubeconfig(tempDir('herald-watch'), [{ name: 'kind-dev', server: api.url }]);
    herald = await startTestHerald({ watch: { clusters: [{ name: 'dev', kubeconfig }], kinds: ['Deployment'] } });
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
});
