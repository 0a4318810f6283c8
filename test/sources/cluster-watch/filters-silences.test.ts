import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { deployment, waitForEvents } from './harness.ts';

/**
 * The whole path, fake API server → watch → record-event → dispatcher →
 * loopback receiver: a field filter passes only image rollouts, an exclusion
 * drops a namespace, and a silence mutes another while its events are recorded.
 */
describe('filters and silences on watched changes', () => {
  let api: FakeKubeApi;
  let herald: TestHerald;
  let receiver: Receiver;

  before(async () => {
    api = await FakeKubeApi.start();
    for (const ns of ['shop', 'kube-system', 'maint']) api.create(DEPLOYMENTS, deployment('api', 1, 'api:1', ns));
    receiver = await startReceiver();
    const kubeconfig = writeKubeconfig(tempDir('herald-filters'), [{ name: 'kind-dev', server: api.url }]);
    herald = await startTestHerald({
      watch: { clusters: [{ name: 'dev', kubeconfig }], kinds: ['Deployment'] },
      webhooks: [{ name: 'rollouts', url: receiver.url,
        filters: { events: ['update'], namespaces: ['!kube-system'], fields: ['spec.template.spec.containers[*].image'] } }],
    });
  });
  after(async () => {
    await herald.close();
    await receiver.close();
    await api.close();
  });

  it('delivers the image rollout of shop only; the maint one is recorded as muted', async () => {
    const silence = await herald.api('/api/v1/silences', {
      body: { matchers: { namespaces: ['maint'] }, endsAt: new Date(Date.now() + 3_600_000).toISOString(), comment: 'maintenance' },
    });
    assert.equal(silence.status, 201, JSON.stringify(silence.body));
    // The first sync's silent baseline is stored before any change is made, so each change below is an event.
    await eventually(async () => ((await herald.store.listSourceState('kube:dev:Deployment')).length === 3 ? true : undefined));
    const image = (o: any) => { o.spec.template.spec.containers[0].image = 'api:2'; };
    api.update(DEPLOYMENTS, 'shop', 'api', (o) => { o.metadata.labels.team = 'web'; });
    api.update(DEPLOYMENTS, 'kube-system', 'api', image);
    api.update(DEPLOYMENTS, 'maint', 'api', image);
    api.update(DEPLOYMENTS, 'shop', 'api', image);
    const events = await waitForEvents(herald.store, 4, 10_000);
    const [got] = await receiver.waitFor(1);
    const sent = JSON.parse(got!.body);
    assert.equal(sent.namespace, 'shop');
    assert.equal(sent.detail.field, 'spec.template.spec.containers[name=app].image');
    const byNs = (ns: string) => events.filter((e) => e.namespace === ns);
    assert.deepEqual(byNs('maint').map((e) => e.silencedBy), [[silence.body.id]], 'muted, recorded, naming the silence');
    assert.deepEqual(byNs('shop').map((e) => e.silencedBy), [undefined, undefined]);
    // Routing is decided when each event is recorded: one delivery in all, for the shop rollout.
    const webhook = (await herald.api('/api/v1/webhooks')).body.items[0];
    assert.equal((await herald.api(`/api/v1/webhooks/${webhook.id}/deliveries`)).body.items.length, 1);
  });
});
