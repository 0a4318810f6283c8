import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CORE_EVENTS, JOBS, NODES, PODS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { eventually } from '../../support/herald.ts';
import { addWebhooks, brief, startRig, watching, type HealthRig } from './harness.ts';
import { at, kubeEvent, node, pod, running, waiting } from './objects.ts';

/**
 * Cluster health through the whole path: Kubernetes Events and Pod/Node
 * status in the fake API server → Herald's `health` source → a custom JSON
 * receiver and Slack's stand-in on loopback.
 */
describe('cluster health events', () => {
  let rig: HealthRig;
  let api: FakeKubeApi;

  before(async () => {
    api = await FakeKubeApi.start();
    // There before Herald: the baseline, never announced.
    api.create(PODS, pod('prod', 'old-crasher'));
    api.update(PODS, 'prod', 'old-crasher', (o) => { o.status = waiting('CrashLoopBackOff', 9, 'back-off 5m0s', { reason: 'Error', finishedAt: at(-120) }); });
    api.create(CORE_EVENTS, kubeEvent('old.1', { kind: 'Pod', namespace: 'prod', name: 'old-crasher' }, 'BackOff', 'Back-off restarting failed container', { first: at(-600), last: at(-120), count: 9 }));
    api.create(NODES, node('worker-1', 'True', at(-3600)));
    rig = await startRig({ api });
    await addWebhooks(rig);
    await watching(api);
  });
  after(async () => { await rig?.close(); });

  it('takes problems that were there at the start as the baseline: the first message is a new one', async () => {
    api.create(PODS, pod('prod', 'api-7d9', { app: 'api' }));
    api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = waiting('CrashLoopBackOff', 5, 'back-off 40s restarting failed container', { reason: 'Error', finishedAt: at(-5) }); });
    const [first] = await rig.received(1);
    assert.equal(brief(first), 'warning Pod/prod/api-7d9 CrashLoopBackOff');
    assert.equal(first.summary, 'Pod prod/api-7d9 in cluster dev is CrashLoopBackOff (restarted 5 times)');
    assert.equal(first.cluster, 'dev');
    assert.equal(first.source, 'cluster-health');
    assert.deepEqual(first.labels, { app: 'api' });
    assert.equal(first.data.restarts, 5);
    const text = await eventually(() => rig.slackTexts()[0]);
    assert.match(text, /Pod prod\/api-7d9 in cluster dev is CrashLoopBackOff \(restarted 5 times\)/);
    assert.equal(rig.payloads().filter((p) => p.name === 'old-crasher').length, 0, 'the baseline pod was not announced');
  });

  it('counts further restarts instead of sending one message each, and announces the recovery once', async () => {
    const n = rig.custom.seen.length;
    for (const restarts of [6, 7]) {
      api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = waiting('CrashLoopBackOff', restarts, 'back-off 1m20s', { reason: 'Error', finishedAt: at(-2) }); });
    }
    api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = running(7, at(5)); });
    const got = await rig.received(n + 1);
    const resolved = got[n];
    assert.equal(brief(resolved), 'resolved Pod/prod/api-7d9 CrashLoopBackOff', 'the repeats sent nothing: the next message is the recovery');
    assert.equal(resolved.summary, 'Pod prod/api-7d9 in cluster dev is Ready again (was CrashLoopBackOff; restarted 7 times)');
    assert.deepEqual(resolved.data.problems.map((p: any) => [p.reason, p.count]), [['CrashLoopBackOff', 7]]);
    await eventually(() => rig.slackTexts().find((t) => t.includes('is Ready again')));
  });

  it('aggregates repeats of one Event (count, then series) into one message with first and last seen', async () => {
    const n = rig.custom.seen.length;
    const about = { kind: 'Pod', namespace: 'prod', name: 'web-1' };
    const first = at(-30);
    api.create(CORE_EVENTS, kubeEvent('web-1.sched', about, 'FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', { first }));
    const [announced] = (await rig.received(n + 1)).slice(n);
    assert.equal(brief(announced), 'warning Pod/prod/web-1 FailedScheduling');
    assert.equal(announced.summary, 'Pod prod/web-1 in cluster dev cannot be scheduled: 0/3 nodes are available: 3 Insufficient cpu.');
    for (const count of [2, 3, 4]) {
      api.update(CORE_EVENTS, 'prod', 'web-1.sched', (o) => { o.count = count; o.lastTimestamp = at(); });
    }
    // Through the same watch, after the repeats: the next message is this one, so the repeats sent none.
    api.create(CORE_EVENTS, kubeEvent('web-2.mount', { kind: 'Pod', namespace: 'prod', name: 'web-2' }, 'FailedMount', 'MountVolume.SetUp failed for volume "data": secret "db" not found'));
    const next = (await rig.received(n + 2))[n + 1];
    assert.equal(brief(next), 'warning Pod/prod/web-2 FailedMount');
    const problems = await rig.herald.app.sourceState.listSourceState('health:dev');
    const sched = problems.find((p) => p.key === 'Pod/prod/web-1/FailedScheduling')?.value as any;
    assert.equal(sched.count, 4);
    assert.equal(sched.firstSeen, new Date(first).toISOString());
    assert.equal(sched.announced.count, 1);
  });

  it('reports each reason an operator acts on, in words', async () => {
    const n = rig.custom.seen.length;
    api.create(PODS, pod('prod', 'worker-oom'));
    api.update(PODS, 'prod', 'worker-oom', (o) => { o.status = waiting('CrashLoopBackOff', 1, '', { reason: 'OOMKilled', finishedAt: at(-1) }); });
    api.create(PODS, pod('prod', 'puller'));
    api.update(PODS, 'prod', 'puller', (o) => { o.status = waiting('ImagePullBackOff', 0, 'Back-off pulling image "registry.example.com/app:2"'); });
    api.create(PODS, pod('prod', 'evicted'));
    api.update(PODS, 'prod', 'evicted', (o) => { o.status = { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' }; });
    api.create(CORE_EVENTS, kubeEvent('probe.1', { kind: 'Pod', namespace: 'prod', name: 'api-x' }, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503', { series: true }));
    api.create(CORE_EVENTS, kubeEvent('backoff.1', { kind: 'Pod', namespace: 'prod', name: 'api-y' }, 'BackOff', 'Back-off restarting failed container app'));
    api.create(JOBS, { metadata: { name: 'nightly', namespace: 'prod' }, spec: { backoffLimit: 2 } });
    api.create(CORE_EVENTS, kubeEvent('job.1', { kind: 'Job', namespace: 'prod', name: 'nightly' }, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'));
    const got = (await eventually(() => (rig.custom.seen.length >= n + 7 ? rig.payloads().slice(n) : undefined)));
    const summaries = got.map((p) => p.summary).sort();
    assert.deepEqual(summaries, [
      'Job prod/nightly in cluster dev failed (BackoffLimitExceeded): Job has reached the specified backoff limit',
      'Pod prod/api-x in cluster dev fails a probe: Readiness probe failed: HTTP probe failed with statuscode: 503',
      'Pod prod/api-y in cluster dev is backing off: Back-off restarting failed container app',
      'Pod prod/evicted in cluster dev was evicted: The node was low on resource: memory.',
      'Pod prod/puller in cluster dev cannot pull its image (ImagePullBackOff): Back-off pulling image "registry.example.com/app:2"',
      'Pod prod/worker-oom in cluster dev is CrashLoopBackOff (restarted 1 time)',
      'Pod prod/worker-oom in cluster dev was OOMKilled: container app ran out of memory (exit code 137) (restarted 1 time)',
    ]);
    assert.ok(got.every((p) => p.event === 'warning'));
  });

  it('announces a Node NotReady and its return', async () => {
    const n = rig.custom.seen.length;
    api.update(NODES, '', 'worker-1', (o) => { o.status = (node('worker-1', 'Unknown', at(-1), 'Kubelet stopped posting node status.') as any).status; });
    const down = (await rig.received(n + 1))[n];
    assert.equal(down.summary, 'Node worker-1 in cluster dev is NotReady: Kubelet stopped posting node status.');
    assert.equal(down.namespace, '');
    api.update(NODES, '', 'worker-1', (o) => { o.status = (node('worker-1', 'True', at(3)) as any).status; });
    const up = (await rig.received(n + 2))[n + 1];
    assert.equal(brief(up), 'resolved Node//worker-1 NotReady');
    assert.equal(up.summary, 'Node worker-1 in cluster dev is Ready again (was NotReady)');
  });

  it('leaves Normal events out unless asked', async () => {
    const n = rig.custom.seen.length;
    api.create(CORE_EVENTS, kubeEvent('pulled.1', { kind: 'Pod', namespace: 'prod', name: 'web-3' }, 'Pulled', 'Successfully pulled image', { type: 'Normal' }));
    api.create(CORE_EVENTS, kubeEvent('web-3.probe', { kind: 'Pod', namespace: 'prod', name: 'web-3' }, 'Unhealthy', 'Liveness probe failed'));
    const next = (await rig.received(n + 1))[n];
    assert.equal(brief(next), 'warning Pod/prod/web-3 Unhealthy', 'the Normal event before it made no message');
  });

  it('a relist after 410 Gone announces nothing again: the stored counts already hold every Event it reads', async () => {
    const n = rig.custom.seen.length;
    const lists = api.requests.filter((r) => r.startsWith('/apis/events.k8s.io/v1/events?') && !r.includes('watch=1')).length;
    api.compact();
    api.expireWatches();
    await eventually(() => (api.requests.filter((r) => r.startsWith('/apis/events.k8s.io/v1/events?') && !r.includes('watch=1')).length > lists ? true : undefined));
    await watching(api);
    api.create(CORE_EVENTS, kubeEvent('after-relist', { kind: 'Pod', namespace: 'prod', name: 'web-4' }, 'FailedMount', 'volume not attached'));
    const next = (await rig.received(n + 1))[n];
    assert.equal(brief(next), 'warning Pod/prod/web-4 FailedMount', 'the first message after the relist is the new Event');
  });

  it('watches events.k8s.io/v1, found by discovery', () => {
    assert.ok(api.requests.some((r) => r.startsWith('/apis/events.k8s.io/v1/events?') && r.includes('watch=1')));
    assert.ok(!api.requests.some((r) => r.startsWith('/api/v1/events')));
  });
});

describe('cluster health filters and options', () => {
  it('filters on reason and on the warning/resolved types, as on any other field', async () => {
    const rig = await startRig();
    try {
      await addWebhooks(rig, { reasons: ['OOMKilled', 'NotReady'], events: ['warning'] });
      await watching(rig.api);
      rig.api.create(PODS, pod('prod', 'a'));
      rig.api.create(NODES, node('w', 'True', at(-60)));
      rig.api.create(CORE_EVENTS, kubeEvent('a.1', { kind: 'Pod', namespace: 'prod', name: 'a' }, 'FailedMount', 'no volume'));
      rig.api.update(PODS, 'prod', 'a', (o) => { o.status = waiting('CrashLoopBackOff', 1, '', { reason: 'OOMKilled', finishedAt: at(-1) }); });
      rig.api.update(NODES, '', 'w', (o) => { o.status = (node('w', 'False', at(-1), 'PLEG is not healthy') as any).status; });
      rig.api.update(NODES, '', 'w', (o) => { o.status = (node('w', 'True', at(2)) as any).status; });
      // Slack (no filters) hears all five; the filtered custom webhook only the two warnings it asked for.
      await eventually(() => (rig.slack.seen.length >= 5 ? true : undefined));
      await eventually(() => (rig.slackTexts().some((t) => t.includes('Node w in cluster dev is Ready again')) ? true : undefined));
      assert.deepEqual(rig.payloads().map(brief).sort(), ['warning Node//w NotReady', 'warning Pod/prod/a OOMKilled']);
    } finally {
      await rig.close();
    }
  });

  it('falls back to core v1 Events where events.k8s.io is not served, and reports Normal ones when asked', async () => {
    const api = await FakeKubeApi.start();
    api.servesEventsV1 = false;
    const rig = await startRig({ api, health: { normal: true } });
    try {
      await addWebhooks(rig);
      await watching(api);
      api.create(CORE_EVENTS, kubeEvent('scaled.1', { kind: 'Deployment', namespace: 'prod', name: 'api' }, 'ScalingReplicaSet', 'Scaled up replica set api-7d9 to 3', { type: 'Normal' }));
      const [p] = await rig.received(1);
      assert.equal(brief(p), 'normal Deployment/prod/api ScalingReplicaSet');
      assert.equal(p.summary, 'Deployment prod/api in cluster dev: ScalingReplicaSet: Scaled up replica set api-7d9 to 3');
      assert.ok(api.requests.includes('/apis/events.k8s.io/v1'), 'discovery was asked');
      assert.ok(api.requests.some((r) => r.startsWith('/api/v1/events?') && r.includes('watch=1')));
      assert.ok(!api.requests.some((r) => r.startsWith('/apis/events.k8s.io/v1/events')));
    } finally {
      await rig.close();
    }
  });
});
