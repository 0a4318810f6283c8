import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { HeraldError } from '../../../src/core/errors.ts';
import { createClusterWatch } from '../../../src/sources/cluster-watch/index.ts';
import { DEPLOYMENTS, FakeKubeApi, type Res } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { brief, deployment, openStore, quietLogger, settle, startWatch, stopAll, storePath, waitForEvents } from './harness.ts';

const SERVICES: Res = { group: '', version: 'v1', plural: 'services', kind: 'Service' };
const KNATIVE: Res = { group: 'serving.knative.dev', version: 'v1', plural: 'services', kind: 'Service' };
const knative = { group: 'serving.knative.dev', version: 'v1', kind: 'Service', plural: 'services' };

/** Which object is which: kinds sharing a Kind name, objects re-created under the same name, kinds refused. */
describe('cluster watch: object identity', () => {
  // Closed here, not at the end of each test, so a failing assertion reports instead of leaving the process running.
  const apis: FakeKubeApi[] = [];
  const stores: Array<{ close(): Promise<void> }> = [];
  const fakeApi = async () => { const a = await FakeKubeApi.start(); apis.push(a); return a; };
  const store = (db: string) => { const s = openStore(db); stores.push(s); return s; };
  after(async () => {
    await stopAll();
    for (const s of stores) await s.close().catch(() => {});
    for (const a of apis) await a.close();
  });

  it('keeps apart a built-in and a custom kind with the same Kind name (core and Knative Service)', async () => {
    const api = await fakeApi();
    api.create(SERVICES, { metadata: { name: 'core-svc' }, spec: { ports: [{ port: 80 }] } });
    api.create(KNATIVE, { metadata: { name: 'kn-svc' }, spec: { template: {} } });
    const { dir, db } = storePath('identity');
    const kubeconfig = writeKubeconfig(dir, [{ name: 'c', server: api.url }]);
    const config = { clusters: [{ name: 'c', kubeconfig }], kinds: ['Service', knative], announceExisting: true };

    const db1 = store(db);
    const run1 = await startWatch(config, db1);
    assert.deepEqual((await waitForEvents(db1, 2)).map(brief).sort(), ['create c/Service/default/core-svc', 'create c/Service/default/kn-svc']);
    assert.notEqual(await db1.getSourceState('kube:c:Service.serving.knative.dev', 'default/kn-svc'), undefined);
    await run1.stop();
    // Sharing one scope, each watcher took the other's objects for deleted ones at start.
    const run2 = await startWatch(config, db1);
    assert.equal((await settle(db1)).length, 2, 'a restart with nothing changed announces nothing');
    await run2.stop();
  });

  it('does not claim a built-in kind is watched when only a custom kind of that name is', () => {
    const kubeconfig = writeKubeconfig(storePath('identity').dir, [{ name: 'c', server: 'http://127.0.0.1:1' }]);
    const watch = createClusterWatch({ clusters: [{ name: 'c', kubeconfig }], kinds: [knative, 'Deployment'] },
      store(storePath('identity').db), quietLogger);
    // Admission asks by Kind only; "yes" would make it leave a hint for core Services nobody announces.
    assert.equal(watch.isWatched('c', 'Service'), false);
    assert.equal(watch.isWatched('c', 'Deployment'), true);
  });

  it('announces a delete and a create for an object re-created under the same name while stopped', async () => {
    const api = await fakeApi();
    api.create(DEPLOYMENTS, deployment('web'));
    const { dir, db } = storePath('identity');
    const kubeconfig = writeKubeconfig(dir, [{ name: 'c', server: api.url }]);
    const config = { clusters: [{ name: 'c', kubeconfig }], kinds: ['Deployment'], announceExisting: true };
    const db1 = store(db);
    const run1 = await startWatch(config, db1);
    await waitForEvents(db1, 1);
    await run1.stop();

    api.delete(DEPLOYMENTS, 'default', 'web');
    api.create(DEPLOYMENTS, deployment('web')); // same spec, new uid
    const run2 = await startWatch(config, db1);
    const events = (await waitForEvents(db1, 3)).slice(1);
    assert.deepEqual(events.map(brief), ['delete c/Deployment/default/web', 'create c/Deployment/default/web']);
    await run2.stop();
    const run3 = await startWatch(config, db1);
    assert.equal((await settle(db1)).length, 3, 'and only once');
    await run3.stop();
  });

  it('refuses Secrets (their values would land in events and state) and kinds listed twice', () => {
    const kubeconfig = writeKubeconfig(storePath('identity').dir, [{ name: 'c', server: 'http://127.0.0.1:1' }]);
    const db = store(storePath('identity').db);
    const make = (kinds: any[]) => () => createClusterWatch({ clusters: [{ name: 'c', kubeconfig }], kinds }, db, quietLogger);
    assert.throws(make(['Secret']), (e: unknown) => e instanceof HeraldError && /Secrets are not watched/.test(e.message));
    assert.throws(make(['Deployment', { group: 'apps', version: 'v1', kind: 'Deployment', plural: 'deployments' }]), /listed twice/);
    assert.throws(make([knative, { ...knative, version: 'v1beta1' }]), /"Service.serving.knative.dev" is listed twice/);
  });
});
