import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { brief, deployment, openStore, settle, startWatch, stopAll, storePath, waitForEvents } from './harness.ts';

/**
 * Nothing lost across restarts: whatever happens while Herald is down is
 * announced exactly once by the next run on the same store file, and nothing
 * that was already announced is announced again.
 */
describe('cluster watch: restart', () => {
  let api: FakeKubeApi;
  let kubeconfig: string;
  let db: string;

  before(async () => {
    api = await FakeKubeApi.start();
    const paths = storePath('restart');
    db = paths.db;
    kubeconfig = writeKubeconfig(paths.dir, [{ name: 'prod', server: api.url }]);
  });
  after(async () => {
    await stopAll();
    await api.close();
  });

  const config = () => ({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'] });

  it('sees every change made while stopped exactly once', async () => {
    for (const name of ['keep', 'change', 'scale', 'remove', 'churn']) api.create(DEPLOYMENTS, deployment(name, 1));

    // Run 1, the first start: the five existing objects become the baseline, announced by nobody.
    const store1 = openStore(db);
    const run1 = await startWatch(config(), store1);
    assert.equal((await settle(store1)).length, 0, 'the first sync announces nothing');
    assert.equal((await store1.listSourceState('kube:prod:Deployment')).length, 5, 'but stores all five');
    await run1.stop();
    await store1.close();

    // While Herald is down.
    api.update(DEPLOYMENTS, 'default', 'change', (o) => { o.spec.template.spec.containers[0].image = 'app:2'; });
    api.scale(DEPLOYMENTS, 'default', 'scale', 4);
    api.delete(DEPLOYMENTS, 'default', 'remove');
    api.setStatus(DEPLOYMENTS, 'default', 'churn', { replicas: 1, readyReplicas: 1 });
    api.create(DEPLOYMENTS, deployment('new', 2));
    api.compact(); // history is gone too: only the stored state can tell what changed

    // Run 2: a new watcher on the same store file.
    const store2 = openStore(db);
    const run2 = await startWatch(config(), store2);
    const events = await waitForEvents(store2, 4);
    assert.deepEqual(events.map(brief).sort(), [
      'create prod/Deployment/default/new',
      'delete prod/Deployment/default/remove',
      'scale prod/Deployment/default/scale',
      'update prod/Deployment/default/change',
    ]);
    const update = events.find((e) => e.name === 'change')!;
    assert.deepEqual(update.changes, [{ field: 'spec.template.spec.containers[name=app].image', old: 'app:1', new: 'app:2' }]);
    assert.deepEqual(events.find((e) => e.name === 'scale')!.detail, { field: 'spec.replicas', old: 1, new: 4 });
    assert.equal((await settle(store2)).length, 4, 'nothing else, in particular nothing for keep or churn');
    await run2.stop();

    // Run 3 with no changes in between: silence.
    const run3 = await startWatch(config(), store2);
    assert.equal((await settle(store2)).length, 4);
    await run3.stop();
    await store2.close();
  });

  it('persists state with each event, so the next run does not announce it again', async () => {
    // Run 4 sees a change; its state write makes run 5 (after a "crash" = stop without any extra step) silent.
    const store = openStore(db);
    const start = (await settle(store)).length;
    api.scale(DEPLOYMENTS, 'default', 'keep', 7);
    const run4 = await startWatch(config(), store);
    await waitForEvents(store, start + 1);
    const state = await store.getSourceState('kube:prod:Deployment', 'default/keep') as { obj: any };
    assert.equal(state.obj.spec.replicas, 7);
    await run4.stop();
    const run5 = await startWatch(config(), store);
    assert.equal((await settle(store)).length, start + 1);
    await run5.stop();
    await store.close();
  });
});
