import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import {
  allEvents, brief, deployment, openStore, settle, startWatch, storePath, waitForEvents, type Running,
} from './harness.ts';

/** One cluster, Deployments: the event types, field diffs, churn, bookmarks and 410 handling. */
describe('cluster watch: one cluster', () => {
  let api: FakeKubeApi;
  let run: Running;

  before(async () => {
    api = await FakeKubeApi.start({ token: 'secret-token-123' });
    api.create(DEPLOYMENTS, deployment('existing', 1));
    const { dir, db } = storePath();
    const kubeconfig = writeKubeconfig(dir, [{ name: 'prod', server: api.url, token: 'secret-token-123' }]);
    run = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'], announceExisting: true }, openStore(db));
  });
  after(async () => {
    await run.stop();
    await run.store.close();
    await api.close();
  });

  it('lists in pages with the kubeconfig token, then watches with bookmarks', async () => {
    const events = await waitForEvents(run.store, 1);
    assert.deepEqual(events.map(brief), ['create prod/Deployment/default/existing']);
    for (let i = 0; i < 100 && api.openWatches === 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(api.requests.some((r) => r.includes('limit=2')), 'the list is chunked');
    const watch = api.requests.find((r) => r.includes('watch=1'));
    assert.match(watch ?? '', /allowWatchBookmarks=true/);
    assert.match(watch ?? '', /resourceVersion=101/);
  });

  it('turns create, image update, scale and delete into events with the changed fields', async () => {
    const start = (await allEvents(run.store)).length;
    api.create(DEPLOYMENTS, deployment('web', 2, 'web:1'));
    api.update(DEPLOYMENTS, 'default', 'web', (o) => { o.spec.template.spec.containers[0].image = 'web:2'; });
    api.scale(DEPLOYMENTS, 'default', 'web', 5);
    api.delete(DEPLOYMENTS, 'default', 'web');
    const events = (await waitForEvents(run.store, start + 4)).slice(start);
    assert.deepEqual(events.map((e) => e.event), ['create', 'update', 'scale', 'delete']);
    assert.deepEqual(events[1]!.changes, [{ field: 'spec.template.spec.containers[name=app].image', old: 'web:1', new: 'web:2' }]);
    assert.deepEqual(events[2]!.detail, { field: 'spec.replicas', old: 2, new: 5 });
    assert.equal(events[2]!.summary, 'Deployment default/web scaled from 2 to 5');
    assert.deepEqual(events[0]!.labels, { app: 'web' });
    assert.equal(events[3]!.source, 'cluster-watch');
    assert.equal(await run.store.getSourceState('kube:prod:Deployment', 'default/web'), undefined, 'state of a deleted object is gone');
  });

  it('announces nothing and writes no state for status-only and metadata churn', async () => {
    const start = (await settle(run.store)).length;
    const stateBefore = await run.store.getSourceState('kube:prod:Deployment', 'default/existing');
    api.setStatus(DEPLOYMENTS, 'default', 'existing', { replicas: 1, readyReplicas: 1 });
    api.update(DEPLOYMENTS, 'default', 'existing', (o) => {
      o.metadata.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{}' };
      o.metadata.managedFields = [{ manager: 'kube-controller-manager' }];
    });
    // A real change after the churn proves the churn was processed (and skipped), not merely slow.
    api.update(DEPLOYMENTS, 'default', 'existing', (o) => { o.metadata.labels.tier = 'backend'; });
    const events = (await waitForEvents(run.store, start + 1)).slice(start);
    assert.deepEqual(events.map((e) => `${e.event} ${e.detail?.field}`), ['update metadata.labels.tier']);
    assert.equal((await settle(run.store)).length, start + 1);
    const stateAfter = await run.store.getSourceState('kube:prod:Deployment', 'default/existing') as { rv: string };
    assert.notDeepEqual(stateAfter, stateBefore);
    assert.equal(stateAfter.rv, String(api.resourceVersion), 'state moved only with the real change');
  });

  it('follows bookmarks: the next watch resumes from the bookmarked resourceVersion', async () => {
    const rv = api.bumpResourceVersion(50);
    api.bookmark();
    const watcher = run.watch.sources[0]!.watchers[0]!;
    for (let i = 0; i < 100 && watcher.resourceVersion !== String(rv); i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(watcher.resourceVersion, String(rv));
    const lists = watcher.lists;
    api.endWatches();
    for (let i = 0; i < 100 && !api.requests.at(-1)!.includes(`resourceVersion=${rv}`); i++) await new Promise((r) => setTimeout(r, 10));
    assert.match(api.requests.at(-1)!, new RegExp(`watch=1.*resourceVersion=${rv}`));
    assert.equal(watcher.lists, lists, 'a normally ended watch is resumed, not relisted');
  });

  it('relists on 410 Gone (ERROR event) and emits exactly the missed changes', async () => {
    const start = (await settle(run.store)).length;
    const watcher = run.watch.sources[0]!.watchers[0]!;
    const lists = watcher.lists;
    // Changes the open watch never streams, then compaction: only a relist after the ERROR can find them.
    api.holdEvents = true;
    api.create(DEPLOYMENTS, deployment('during-gap', 1));
    api.scale(DEPLOYMENTS, 'default', 'existing', 3);
    api.compact();
    assert.equal(api.openWatches, 1);
    api.expireWatches();
    api.holdEvents = false;
    const events = (await waitForEvents(run.store, start + 2)).slice(start);
    assert.deepEqual(events.map(brief).sort(), ['create prod/Deployment/default/during-gap', 'scale prod/Deployment/default/existing']);
    assert.ok(watcher.lists > lists, 'relisted');
    assert.equal((await settle(run.store)).length, start + 2, 'no duplicates');
  });

  it('relists on HTTP 410 when re-watching from a compacted version', async () => {
    const start = (await settle(run.store)).length;
    const watcher = run.watch.sources[0]!.watchers[0]!;
    const lists = watcher.lists;
    api.goneAs = 'http';
    api.bumpResourceVersion(); // a change elsewhere, then compaction: the watch's version is now too old
    api.compact();
    api.endWatches();
    for (let i = 0; i < 200 && watcher.lists === lists; i++) await new Promise((r) => setTimeout(r, 10));
    api.goneAs = 'event';
    assert.equal(watcher.lists, lists + 1);
    api.delete(DEPLOYMENTS, 'default', 'during-gap');
    const events = (await waitForEvents(run.store, start + 1)).slice(start);
    assert.deepEqual(events.map(brief), ['delete prod/Deployment/default/during-gap']);
  });

  it('relists after a dropped stream without duplicates', async () => {
    const start = (await settle(run.store)).length;
    const watcher = run.watch.sources[0]!.watchers[0]!;
    const lists = watcher.lists;
    api.dropConnections();
    for (let i = 0; i < 200 && watcher.lists === lists; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(watcher.lists, lists + 1);
    assert.equal((await settle(run.store)).length, start, 'an unchanged relist announces nothing');
  });
});
