import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { CORE_EVENTS, PODS } from '../../fake-kube-api/server.ts';
import { startTestHerald } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';
import { addWebhooks, brief, startRig, watching, type HealthRig } from './harness.ts';
import { at, kubeEvent, pod, running, waiting } from './objects.ts';

/** The problems' state is durable: a restarted Herald neither announces again nor forgets what it announced. */
describe('cluster health across a restart', () => {
  let rig: HealthRig;
  after(async () => { await rig?.close(); });

  it('does not re-announce after a restart, counts what happened meanwhile, and still announces the recovery', async () => {
    const dataDir = tempDir('herald-health-restart');
    rig = await startRig({ dataDir });
    const { api } = rig;
    await addWebhooks(rig);
    await watching(api);
    api.create(PODS, pod('prod', 'api-7d9'));
    api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = waiting('CrashLoopBackOff', 3, '', { reason: 'Error', finishedAt: at(-5) }); });
    api.create(CORE_EVENTS, kubeEvent('api.backoff', { kind: 'Pod', namespace: 'prod', name: 'api-7d9' }, 'BackOff', 'Back-off restarting failed container', { count: 3 }));
    const before = await rig.received(2);
    assert.deepEqual(before.map(brief).sort(), ['warning Pod/prod/api-7d9 BackOff', 'warning Pod/prod/api-7d9 CrashLoopBackOff']);

    await rig.herald.stop();
    // While Herald is down: more of the same, and a new problem elsewhere.
    api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = waiting('CrashLoopBackOff', 4, '', { reason: 'Error', finishedAt: at(-3) }); });
    api.update(CORE_EVENTS, 'prod', 'api.backoff', (o) => { o.count = 5; o.lastTimestamp = at(-3); });
    api.create(CORE_EVENTS, kubeEvent('db.sched', { kind: 'Pod', namespace: 'prod', name: 'db-0' }, 'FailedScheduling', '0/3 nodes are available'));

    const herald = await startTestHerald({ dataDir, health: { clusters: [{ name: 'dev', kubeconfig: rig.kubeconfig }] } });
    rig.herald = herald;
    const after1 = (await rig.received(3)).slice(2);
    assert.deepEqual(after1.map(brief), ['warning Pod/prod/db-0 FailedScheduling'], 'only the new problem is announced');
    const problems = await herald.app.sourceState.listSourceState('health:dev');
    assert.equal((problems.find((p) => p.key === 'Pod/prod/api-7d9/BackOff')?.value as any).count, 5, 'the repeats were counted');
    assert.equal((problems.find((p) => p.key === 'Pod/prod/api-7d9/CrashLoopBackOff')?.value as any).restarts, 4);

    api.update(PODS, 'prod', 'api-7d9', (o) => { o.status = running(4, at(2)); });
    const resolved = (await rig.received(4))[3];
    assert.equal(resolved.summary, 'Pod prod/api-7d9 in cluster dev is Ready again (was BackOff, CrashLoopBackOff; restarted 4 times)');
  });
});
