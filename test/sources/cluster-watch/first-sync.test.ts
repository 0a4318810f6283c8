import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi, NODES } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { webhook } from '../../store/store.case.ts';
import { brief, deployment, openStore, settle, startWatch, stopAll, storePath, waitForEvents } from './harness.ts';

/**
 * The first start against a cluster announces nothing: what exists is recorded
 * silently as the baseline, so turning Herald on does not post one message per
 * existing object. Only changes from then on (including while Herald is down
 * later) are announced, unless watch.announceExisting asks for the creates.
 */
describe('cluster watch: first sync', () => {
  let api: FakeKubeApi;
  let kubeconfig: string;
  let dir: string;

  before(async () => {
    api = await FakeKubeApi.start();
    dir = storePath('first-sync').dir;
    kubeconfig = writeKubeconfig(dir, [{ name: 'prod', server: api.url }]);
    for (let i = 0; i < 500; i++) api.create(DEPLOYMENTS, deployment(`app-${i}`, 1));
  });
  after(async () => {
    await stopAll();
    await api.close();
  });

  it('records 500 existing objects as the baseline: no event, no delivery, all state stored; then one change is one event', async () => {
    const store = openStore(storePath('first-sync').db);
    await store.createWebhook(webhook('everything'));
    const logged: Array<{ obj: any; msg: string }> = [];
    const logger = { info: (obj: object, msg: string) => logged.push({ obj, msg }), warn: () => {}, error: () => {} };
    const run = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'] }, store, { logger, pageSize: 100 });
    assert.equal((await settle(store)).length, 0, 'no event for existing objects');
    assert.deepEqual(await store.deliveryCounts(), { pending: 0, delivering: 0, succeeded: 0, failed: 0 });
    assert.equal((await store.listSourceState('kube:prod:Deployment')).length, 500);
    const line = logged.find((l) => l.msg.startsWith('first sync'));
    assert.deepEqual(line?.obj, { cluster: 'prod', objects: 500 }, 'one log line with the count');
    assert.equal(logged.filter((l) => l.msg.startsWith('first sync')).length, 1);

    api.scale(DEPLOYMENTS, 'default', 'app-7', 3);
    const events = await waitForEvents(store, 1);
    assert.deepEqual(events.map(brief), ['scale prod/Deployment/default/app-7']);
    assert.equal((await settle(store)).length, 1, 'exactly one');
    assert.equal((await store.deliveryCounts()).pending, 1);
    await run.stop();
    await store.close();
  });

  it('announces every existing object as a create with watch.announceExisting: true', async () => {
    const store = openStore(storePath('first-sync').db);
    const run = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'], announceExisting: true }, store, { pageSize: 100 });
    const events = await waitForEvents(store, 500, 20_000);
    assert.equal(events.length, 500);
    assert.ok(events.every((e) => e.event === 'create'));
    await run.stop();
    await store.close();
  });

  it('treats a kind with no objects yet as synced: an object created while Herald is down is announced', async () => {
    const db = storePath('first-sync').db;
    const config = { clusters: [{ name: 'prod', kubeconfig }], kinds: ['Node'] };
    const store1 = openStore(db);
    const run1 = await startWatch(config, store1);
    assert.equal((await settle(store1)).length, 0);
    await run1.stop();
    await store1.close();

    api.create(NODES, { metadata: { name: 'node-1' }, spec: {} });
    const store2 = openStore(db);
    const run2 = await startWatch(config, store2);
    assert.deepEqual((await waitForEvents(store2, 1)).map(brief), ['create prod/Node//node-1']);
    await run2.stop();
    await store2.close();
  });

  it('baselines a kind newly added to the config while the kinds already watched announce what changed', async () => {
    const db = storePath('first-sync').db;
    const store1 = openStore(db);
    const run1 = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Node'] }, store1);
    await run1.stop();
    await store1.close();

    api.create(NODES, { metadata: { name: 'node-2' }, spec: {} });
    const store2 = openStore(db);
    const run2 = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Node', 'Deployment'] }, store2);
    assert.deepEqual((await settle(store2, 300)).map(brief), ['create prod/Node//node-2'], 'no create for the 500 Deployments');
    assert.equal((await store2.listSourceState('kube:prod:Deployment')).length, 500);
    await run2.stop();
    await store2.close();
  });
});
