import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CORE_EVENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { startLoopback, type Loopback } from '../../platforms/loopback.ts';
import { PATHS, RECEIVERS } from '../../platforms/receivers.ts';
import { eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { dropSchemas, newSchema, PG_URL } from '../../store/pg-support.ts';
import { brief } from './harness.ts';
import { kubeEvent } from './objects.ts';

/**
 * Two Heralds on one PostgreSQL schema, both told to watch one cluster's
 * health: one of them watches (lease `cluster-health:dev`) and each problem is
 * announced once; when it stops, the other takes over from the shared state
 * and announces only what is new.
 */
describe('cluster health: one watcher among replicas', () => {
  const schema = newSchema();
  const heralds: TestHerald[] = [];
  let api: FakeKubeApi;
  let receiver: Loopback;
  after(async () => {
    for (const h of heralds) await h.close().catch(() => {});
    await receiver?.close();
    await api?.close();
    await dropSchemas(schema);
  });

  it('announces each problem once, and after the leader stops the other replica carries on', async () => {
    api = await FakeKubeApi.start();
    receiver = await startLoopback(RECEIVERS.custom!);
    const kubeconfig = writeKubeconfig(tempDir('herald-health-pg'), [{ name: 'kind-dev', server: api.url }]);
    const dataDir = tempDir('herald-health-pg-data'); // one secret.key for both replicas
    const config = {
      dataDir, store: { url: `${PG_URL}?schema=${schema}` },
      health: { clusters: [{ name: 'dev', kubeconfig }], leaderElection: { leaseDurationMs: 2000, renewIntervalMs: 500 } },
    };
    heralds.push(await startTestHerald(config as never));
    await eventually(() => (api.openWatches === 3 ? true : undefined)); // the first replica alone: it leads
    const created = await heralds[0]!.api('/api/v1/webhooks', { body: { name: 'ops', platform: 'custom', url: `${receiver.base}${PATHS.custom}` } });
    assert.equal(created.status, 201);
    heralds.push(await startTestHerald(config as never));

    api.create(CORE_EVENTS, kubeEvent('a.1', { kind: 'Pod', namespace: 'prod', name: 'a' }, 'FailedMount', 'volume not attached'));
    api.create(CORE_EVENTS, kubeEvent('b.1', { kind: 'Pod', namespace: 'prod', name: 'b' }, 'Unhealthy', 'Liveness probe failed'));
    await eventually(() => (receiver.seen.length >= 2 ? true : undefined));

    const leader = heralds.shift()!;
    await leader.close();
    api.update(CORE_EVENTS, 'prod', 'a.1', (o) => { o.count = 2; });
    api.create(CORE_EVENTS, kubeEvent('c.1', { kind: 'Pod', namespace: 'prod', name: 'c' }, 'FailedScheduling', '0/3 nodes are available'));
    await eventually(() => (receiver.seen.length >= 3 ? true : undefined), 20_000);
    const names = receiver.seen.map((r) => brief(JSON.parse(r.body)));
    assert.deepEqual(names.slice(0, 2).sort(), ['warning Pod/prod/a FailedMount', 'warning Pod/prod/b Unhealthy']);
    assert.equal(names[2], 'warning Pod/prod/c FailedScheduling', 'the new leader announced only the new problem');
    assert.equal(api.openWatches, 3, 'one replica watches: Events, Pods and Nodes');
  });
});
