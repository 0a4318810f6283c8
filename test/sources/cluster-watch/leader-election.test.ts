import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Ingestor } from '../../../src/app/record-event.ts';
import { ClusterWatchConfigSchema, createClusterWatch, type ClusterWatch } from '../../../src/sources/cluster-watch/index.ts';
import type { PostgresStore } from '../../../src/store/postgres/postgres-store.ts';
import type { LeaseStore } from '../../../src/app/ports/lease.ts';
import type { Store } from '../../../src/store/store.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { eventually } from '../../support/herald.ts';
import { dropSchemas, newSchema, openInSchema } from '../../store/pg-support.ts';
import { allEvents, brief, deployment, settle, storePath } from './harness.ts';

/**
 * The fence at work in one process: a leader frozen mid-term (as by a long
 * pause: it cannot renew and does not know it lost) keeps its watch running
 * after a standby took the lease over; its writes are refused by the store
 * (LEASE_LOST), the new leader's are not, and once it can ask again it finds
 * the lease gone and stops watching.
 */
describe('cluster watch: leader election and fencing', () => {
  const schema = newSchema();
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
    await dropSchemas(schema);
  });

  it('refuses every write of a deposed leader that has not noticed, and it steps down when it can renew again', { timeout: 60_000 }, async () => {
    const api = await FakeKubeApi.start();
    cleanups.push(() => api.close());
    api.create(DEPLOYMENTS, deployment('web', 1));
    const kubeconfig = writeKubeconfig(storePath('election').dir, [{ name: 'prod', server: api.url }]);
    const config = { clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'], leaderElection: { leaseDurationMs: 1000, renewIntervalMs: 200 } };

    const storeA = await openInSchema(schema);
    const storeB = await openInSchema(schema);
    cleanups.push(() => storeA.close(), () => storeB.close());
    const frozen = freezable(storeA.leases);
    const warningsA: string[] = [];
    const loggerA = { info: () => {}, warn: (obj: object) => warningsA.push(JSON.stringify(obj)), error: () => {} };
    const quiet = { warn: () => {}, error: () => {} };
    const tuning = { watchTimeoutSeconds: 30, maxBackoffMs: 50 };

    const a = createClusterWatch(config, withLeases(storeA, frozen.leases), loggerA, { identity: 'replica-a', ...tuning });
    const b = createClusterWatch(config, storeB, quiet, { identity: 'replica-b', ...tuning });
    await start(a, storeA);
    await eventually(() => (a.sources[0]!.leading ? true : undefined), 10_000);
    await start(b, storeB);
    await a.sources[0]!.watchers[0]!.synced;
    assert.equal(b.sources[0]!.leading, false, 'one leader');
    cleanups.push(async () => frozen.thaw()); // runs first: a frozen election would never stop

    frozen.freeze();
    await eventually(() => (b.sources[0]!.leading ? true : undefined), 10_000);
    await b.sources[0]!.watchers[0]!.synced;
    assert.equal(a.sources[0]!.leading, true, 'the frozen leader still believes it leads and keeps watching');

    api.scale(DEPLOYMENTS, 'default', 'web', 3);
    await eventually(() => (warningsA.some((w) => w.includes('LEASE_LOST') || w.includes('passed to another replica')) ? true : undefined), 10_000);
    assert.deepEqual((await settle(storeB, 300)).map(brief), ['scale prod/Deployment/default/web'], 'announced once, by the new leader');
    const countsA = a.sources[0]!.trackers[0]!.counts;
    assert.equal(countsA.events + countsA.duplicates, 0, 'the deposed leader recorded nothing, not even a duplicate');
    assert.equal(b.sources[0]!.trackers[0]!.counts.events, 1);

    frozen.thaw();
    await eventually(() => (a.sources[0]!.leading ? undefined : true), 10_000);
    assert.equal(b.sources[0]!.leading, true);
    assert.equal((await allEvents(storeB)).length, 1);
  });

  it('refuses a renewal interval over half the lease duration, naming the field', () => {
    const base = { clusters: [{ name: 'c', inCluster: true }], kinds: ['Deployment'] };
    const r = ClusterWatchConfigSchema.safeParse({ ...base, leaderElection: { leaseDurationMs: 10_000, renewIntervalMs: 6000 } });
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['leaderElection', 'renewIntervalMs']);
    assert.deepEqual(ClusterWatchConfigSchema.parse(base).leaderElection, { leaseDurationMs: 10_000, renewIntervalMs: 3000 });
  });

  async function start(watch: ClusterWatch, store: Store): Promise<void> {
    const ingestor = new Ingestor(store);
    for (const s of watch.sources) await s.start(ingestor);
    cleanups.push(async () => { for (const s of watch.sources) await s.stop(); });
  }
});

/** Leases whose acquire can be made to hang (a paused process) and later carry on. */
function freezable(leases: LeaseStore) {
  let frozen = false;
  const waiting: Array<() => void> = [];
  return {
    leases: {
      acquire: async (name: string, holder: string, ms: number) => {
        while (frozen) await new Promise<void>((resolve) => waiting.push(resolve));
        return leases.acquire(name, holder, ms);
      },
      release: (name: string, holder: string) => leases.release(name, holder),
    } satisfies LeaseStore,
    freeze() { frozen = true; },
    thaw() { frozen = false; for (const w of waiting.splice(0)) w(); },
  };
}

/** The store with other leases; everything else is the store's own (bound, for its private fields). */
function withLeases(store: PostgresStore, leases: LeaseStore): Store {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'leases') return leases;
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
