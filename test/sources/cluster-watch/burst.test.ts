import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ignoreMatcher } from '../../../src/core/kube-diff.ts';
import { Ingestor } from '../../../src/app/record-event.ts';
import { clientFor } from '../../../src/sources/cluster-watch/index.ts';
import { resolveKinds } from '../../../src/sources/cluster-watch/config.ts';
import { ObjectTracker, type WatchIngest } from '../../../src/sources/cluster-watch/object-tracker.ts';
import { KindWatcher } from '../../../src/sources/cluster-watch/watcher.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { allEvents, deployment, openStore, quietLogger, storePath } from './harness.ts';

/**
 * A burst of watch events arriving together (a lagging watch cache catching
 * up) is handed to the store without waiting for each write, yet the watch
 * never resumes from a version whose change is not stored.
 */
describe('cluster watch: a burst of changes', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

  async function setUp(gate: (ingest: WatchIngest) => WatchIngest) {
    const api = await FakeKubeApi.start();
    cleanups.push(() => api.close());
    for (let i = 0; i < 50; i++) api.create(DEPLOYMENTS, deployment(`app-${i}`, 1));
    const { dir, db } = storePath('burst');
    const kubeconfig = writeKubeconfig(dir, [{ name: 'prod', server: api.url }]);
    const store = openStore(db);
    cleanups.push(() => store.close());
    const client = clientFor({ name: 'prod', kubeconfig, inCluster: false }, 'watch.clusters.0');
    cleanups.push(() => client.close());
    const tracker = new ObjectTracker({ store, cluster: 'prod', kind: 'Deployment', group: 'apps', ignore: ignoreMatcher() });
    const watcher = new KindWatcher({ client, spec: resolveKinds(['Deployment'])[0]!, tracker, logger: quietLogger, cluster: 'prod', maxBackoffMs: 50 });
    await watcher.start(gate(new Ingestor(store)));
    cleanups.push(() => watcher.stop());
    await watcher.synced;
    for (let i = 0; i < 200 && api.openWatches === 0; i++) await new Promise((r) => setTimeout(r, 5));
    return { api, store, watcher, tracker };
  }

  it('stores every change of the burst in order per object and resumes from the last one', async () => {
    const { api, store, watcher } = await setUp((i) => i);
    api.holdEvents = true;
    for (let r = 2; r <= 4; r++) {
      for (let i = 0; i < 50; i++) {
        api.scale(DEPLOYMENTS, 'default', `app-${i}`, r);
        api.setStatus(DEPLOYMENTS, 'default', `app-${i}`, { replicas: r });
      }
    }
    const last = String(api.resourceVersion);
    api.releaseHeld();
    for (let i = 0; i < 500 && watcher.resourceVersion !== last; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(watcher.resourceVersion, last);
    const events = await allEvents(store);
    assert.equal(events.length, 150, 'three scales of 50 objects; the status churn made none');
    for (let i = 0; i < 50; i++) {
      const mine = events.filter((e) => e.name === `app-${i}`).map((e) => `${String(e.detail?.old)}→${String(e.detail?.new)}`);
      assert.deepEqual(mine, ['1→2', '2→3', '3→4'], `app-${i}`);
      const state = await store.getSourceState('kube:prod:Deployment', `default/app-${i}`) as { obj: { spec: { replicas: number } } };
      assert.equal(state.obj.spec.replicas, 4);
    }
  });

  it('does not move the resume point past a change still being stored, though later ones are', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    const { api, store, watcher } = await setUp((inner) => ({
      ingest: (input, opts) => inner.ingest(input, opts),
      ingestChecked: async (input, opts) => {
        if (input.name === 'app-10') await held;
        return inner.ingestChecked(input, opts);
      },
    }));
    const before = watcher.resourceVersion;
    api.holdEvents = true;
    const slowRv = String(Number(api.resourceVersion) + 11);
    for (let i = 0; i < 50; i++) api.scale(DEPLOYMENTS, 'default', `app-${i}`, 2);
    api.releaseHeld();
    for (let i = 0; i < 500 && (await allEvents(store)).length < 49; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal((await allEvents(store)).length, 49, 'every change but app-10 stored');
    assert.ok(Number(watcher.resourceVersion) < Number(slowRv), `resume point ${watcher.resourceVersion} stays before app-10's ${slowRv}`);
    assert.ok(Number(watcher.resourceVersion) >= Number(before));
    release();
    const last = String(api.resourceVersion);
    for (let i = 0; i < 500 && watcher.resourceVersion !== last; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(watcher.resourceVersion, last);
    assert.equal((await allEvents(store)).length, 50);
  });

  it('a failed write ends the watch at once and the relist records exactly what was not stored', async () => {
    let failures = 1;
    const { api, store, watcher } = await setUp((inner) => ({
      ingest: (input, opts) => inner.ingest(input, opts),
      ingestChecked: async (input, opts) => {
        if (input.name === 'app-7' && failures-- > 0) throw new Error('disk full');
        return inner.ingestChecked(input, opts);
      },
    }));
    const lists = watcher.lists;
    api.holdEvents = true;
    for (let i = 0; i < 50; i++) api.scale(DEPLOYMENTS, 'default', `app-${i}`, 2);
    api.releaseHeld();
    for (let i = 0; i < 500 && (await allEvents(store)).length < 50; i++) await new Promise((r) => setTimeout(r, 10));
    const events = await allEvents(store);
    assert.equal(events.length, 50, 'app-7 recorded by the relist, nothing twice');
    assert.equal(new Set(events.map((e) => e.name)).size, 50);
    assert.ok(watcher.lists > lists, 'relisted after the failure, with no new event to wake the watch');
  });
});
