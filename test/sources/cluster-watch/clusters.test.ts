import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ACTOR_HINT_SCOPE, actorHintKey, type ActorHint } from '../../../src/app/actor-hints.ts';
import { DEPLOYMENTS, FakeKubeApi, NODES, PODS, type Res } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { brief, deployment, openStore, settle, startWatch, storePath, waitForEvents, type Running } from './harness.ts';

const CERTS: Res = { group: 'cert-manager.io', version: 'v1', plural: 'certificates', kind: 'Certificate' };

/** Several clusters at once (two contexts of one kubeconfig), a custom resource, namespaces and actor hints. */
describe('cluster watch: clusters, kinds and actors', () => {
  let east: FakeKubeApi;
  let west: FakeKubeApi;
  let run: Running;
  let clock = Date.now();

  before(async () => {
    east = await FakeKubeApi.start({ token: 'east-token-0123456' });
    west = await FakeKubeApi.start({ token: 'west-token-0123456' });
    const { dir, db } = storePath('clusters');
    const kubeconfig = writeKubeconfig(dir, [
      { name: 'east-ctx', server: east.url, token: 'east-token-0123456' },
      { name: 'west-ctx', server: west.url, token: 'west-token-0123456' },
    ]);
    run = await startWatch({
      clusters: [{ name: 'east', kubeconfig, context: 'east-ctx' }, { name: 'west', kubeconfig, context: 'west-ctx' }],
      kinds: ['Deployment', 'Node', { group: 'cert-manager.io', version: 'v1', kind: 'Certificate', plural: 'certificates' }],
      namespaces: ['prod'],
    }, openStore(db), { now: () => clock });
  });
  after(async () => {
    await run.stop();
    await run.store.close();
    await east.close();
    await west.close();
  });

  it('watches two clusters at once, naming each event after its cluster', async () => {
    east.create(DEPLOYMENTS, deployment('api', 1, 'api:1', 'prod'));
    west.create(DEPLOYMENTS, deployment('api', 1, 'api:1', 'prod'));
    west.scale(DEPLOYMENTS, 'prod', 'api', 3);
    const events = await waitForEvents(run.store, 3);
    assert.deepEqual(events.map(brief).sort(), [
      'create east/Deployment/prod/api', 'create west/Deployment/prod/api', 'scale west/Deployment/prod/api',
    ]);
    assert.deepEqual(run.watch.isWatched('east', 'Deployment'), true);
    assert.deepEqual(run.watch.isWatched('east', 'Pod'), false);
    assert.deepEqual(run.watch.isWatched('north', 'Deployment'), false);
  });

  it('watches only the configured namespaces, and cluster-scoped kinds everywhere', async () => {
    const start = (await settle(run.store)).length;
    east.create(DEPLOYMENTS, deployment('elsewhere', 1, 'x:1', 'staging'));
    east.create(NODES, { metadata: { name: 'node-1', labels: { zone: 'a' } }, spec: { unschedulable: false } });
    const events = (await waitForEvents(run.store, start + 1)).slice(start);
    assert.deepEqual(events.map(brief), ['create east/Node//node-1']);
    assert.equal((await settle(run.store)).length, start + 1);
  });

  it('watches a custom resource by group/version/kind/plural', async () => {
    const start = (await settle(run.store)).length;
    east.create(CERTS, { metadata: { name: 'tls', namespace: 'prod' }, spec: { dnsNames: ['a.example'] } });
    east.update(CERTS, 'prod', 'tls', (o) => { o.spec.dnsNames.push('b.example'); });
    const events = (await waitForEvents(run.store, start + 2)).slice(start);
    assert.deepEqual(events.map(brief), ['create east/Certificate/prod/tls', 'update east/Certificate/prod/tls']);
    assert.deepEqual(events[1]!.changes, [{ field: 'spec.dnsNames[1]', new: 'b.example' }]);
    assert.ok(east.requests.some((r) => r.startsWith('/apis/cert-manager.io/v1/namespaces/prod/certificates?')));
  });

  it('attaches a fresh actor hint and deletes it in the same ingest; ignores a stale one', async () => {
    const start = (await settle(run.store)).length;
    const hint = (at: number): ActorHint => ({ actor: 'alice@example.com', operation: 'scale', at, source: 'audit' });
    const key = actorHintKey('east', 'Deployment', 'prod', 'api');
    await run.store.putSourceState([{ scope: ACTOR_HINT_SCOPE, key, value: hint(clock - 5_000) }]);
    east.scale(DEPLOYMENTS, 'prod', 'api', 4);
    const [scaled] = (await waitForEvents(run.store, start + 1)).slice(start);
    assert.equal(scaled!.actor, 'alice@example.com');
    assert.equal(scaled!.summary, 'Deployment prod/api scaled from 1 to 4 by alice@example.com');
    assert.equal(await run.store.getSourceState(ACTOR_HINT_SCOPE, key), undefined, 'the hint is used once');

    await run.store.putSourceState([{ scope: ACTOR_HINT_SCOPE, key, value: hint(clock - 61_000) }]);
    east.scale(DEPLOYMENTS, 'prod', 'api', 5);
    const [later] = (await waitForEvents(run.store, start + 2)).slice(start + 1);
    assert.equal(later!.actor, '', 'a hint older than 60 s belongs to another change');
    clock += 1;
  });

  it('ignores kinds it was not told to watch', async () => {
    const start = (await settle(run.store)).length;
    east.create(PODS, { metadata: { name: 'p', namespace: 'prod' }, spec: {} });
    assert.equal((await settle(run.store)).length, start);
  });
});
