import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { REDACTED } from '../../../src/core/redact.ts';
import { ignoreMatcher } from '../../../src/core/kube-diff.ts';
import { createAdmissionApp } from '../../../src/sources/admission/index.ts';
import { createAuditApp } from '../../../src/sources/audit/index.ts';
import { ObjectTracker } from '../../../src/sources/cluster-watch/object-tracker.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { openStore, startWatch, storePath, waitForEvents } from '../cluster-watch/harness.ts';
import { startTestHerald, eventually } from '../../support/herald.ts';
import { startReceiver } from '../../support/receiver.ts';
import { allEvents, memoryLogger, openTestStore, post, serveApp, type Served, type TestStore } from './harness.ts';

/**
 * No Secret value leaves Herald, whichever source saw it: every stored event
 * (and so every delivery) has Secret data, env values and credential-like
 * fields replaced by the marker, while the changed keys stay visible.
 */

const OLD = 'aHVudGVyMg=='; // "hunter2"
const NEW = 'aHVudGVyMw=='; // "hunter3"
const secret = (data: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name: 'db', namespace: 'prod', resourceVersion: '1', labels: { app: 'db' } }, data,
});

function assertNoValue(stored: unknown, ...values: string[]): void {
  const text = JSON.stringify(stored);
  for (const v of values) assert.ok(!text.includes(v), `"${v}" must not be stored: ${text}`);
}

describe('redaction, source by source', () => {
  let t: TestStore;
  let served: Served | undefined;
  const deps = () => ({ ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: () => false, logger: memoryLogger(), auth: { insecureAllowUnauthenticated: true } });
  beforeEach(async () => { t = await openTestStore(); });
  afterEach(async () => { await served?.close(); served = undefined; await t.close(); });

  it('admission: a Secret UPDATE reports data.password changed, by key, never the value', async () => {
    served = await serveApp(createAdmissionApp(deps()));
    const res = await post(served.url, {
      apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
      request: {
        uid: 'secret-update', kind: { group: '', version: 'v1', kind: 'Secret' }, resource: { group: '', version: 'v1', resource: 'secrets' },
        name: 'db', namespace: 'prod', operation: 'UPDATE', userInfo: { username: 'jane' },
        oldObject: secret({ password: OLD }), object: { ...secret({ password: NEW, user: 'YWRtaW4=' }), stringData: { extra: 'plain' } },
      },
    });
    assert.equal(res.body.response.allowed, true);
    const [ev] = await allEvents(t.store);
    assert.deepEqual(ev!.changes, [
      { field: 'data.password', old: REDACTED, new: REDACTED },
      { field: 'data.user', new: REDACTED },
      { field: 'stringData.extra', new: REDACTED },
    ]);
    assert.equal(ev!.summary, 'Secret prod/db updated: data.password by jane');
    assertNoValue(ev, OLD, NEW, 'YWRtaW4=', 'plain');
  });

  it('audit: a Secret patch (requestObject) and its responseObject leave only the keys', async () => {
    served = await serveApp(createAuditApp(deps()));
    const res = await post(served.url, {
      apiVersion: 'audit.k8s.io/v1', kind: 'EventList',
      items: [{
        auditID: 'a-secret', stage: 'ResponseComplete', verb: 'patch', user: { username: 'jane' }, level: 'RequestResponse',
        objectRef: { resource: 'secrets', namespace: 'prod', name: 'db', apiVersion: 'v1' }, responseStatus: { code: 200 },
        requestObject: { data: { password: NEW }, stringData: { token: 'plain-token' } }, responseObject: secret({ password: NEW }),
      }],
    });
    assert.equal(res.status, 200);
    const [ev] = await allEvents(t.store);
    assert.deepEqual(ev!.changes, [{ field: 'data.password', new: REDACTED }, { field: 'stringData.token', new: REDACTED }]);
    assertNoValue(ev, NEW, 'plain-token');
  });

  it('admission: env values and credential-like annotations of other kinds', async () => {
    served = await serveApp(createAdmissionApp(deps()));
    const deploy = (password: string, annotations: Record<string, string> = {}) => ({
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'prod', annotations },
      spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1', env: [{ name: 'DB_PASSWORD', value: password }] }] } } },
    });
    await post(served.url, {
      apiVersion: 'admission.k8s.io/v1beta1', kind: 'AdmissionReview',
      request: {
        uid: 'env-update', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' },
        name: 'api', namespace: 'prod', operation: 'UPDATE', userInfo: { username: 'jane' },
        oldObject: deploy('pw-old'), object: deploy('pw-new', { 'example.com/api-token': 'tok-123', team: 'payments' }),
      },
    });
    const [ev] = await allEvents(t.store);
    assert.deepEqual(ev!.changes, [
      { field: 'metadata.annotations.example.com/api-token', new: REDACTED },
      { field: 'metadata.annotations.team', new: 'payments' },
      { field: 'spec.template.spec.containers[name=api].env[name=DB_PASSWORD].value', old: REDACTED, new: REDACTED },
    ]);
    assertNoValue(ev, 'pw-old', 'pw-new', 'tok-123');
  });

  it('watch: the tracker\'s events for a Secret-like kind and for env values are redacted before they are stored', async () => {
    // Secrets are refused in watch.kinds; the tracker is still made safe should one ever be fed to it.
    const tracker = new ObjectTracker({ store: t.store, cluster: 'prod', kind: 'Secret', ignore: ignoreMatcher() });
    await tracker.load();
    await tracker.upsert(t.ingest, secret({ password: OLD }));
    await tracker.upsert(t.ingest, { ...secret({ password: NEW }), metadata: { ...secret({}).metadata, resourceVersion: '2' } });
    const events = await allEvents(t.store);
    assert.deepEqual(events.map((e) => e.event).sort(), ['create', 'update']);
    assert.deepEqual(events.find((e) => e.event === 'update')!.changes, [{ field: 'data.password', old: REDACTED, new: REDACTED }]);
    assertNoValue(events, OLD, NEW);
  });
});

describe('redaction: the watch through the fake API server, and inbound senders', () => {
  const closers: Array<() => Promise<void>> = [];
  after(async () => { for (const c of closers.reverse()) await c(); });

  it('watch: an env value changed on a watched Deployment is shown as the marker', async () => {
    const api = await FakeKubeApi.start();
    closers.push(() => api.close());
    api.create(DEPLOYMENTS, {
      metadata: { name: 'api', namespace: 'prod', labels: { app: 'api' } },
      spec: { replicas: 1, template: { spec: { containers: [{ name: 'api', image: 'api:1', env: [{ name: 'API_KEY', value: 'key-old' }] }] } } },
    });
    const { dir, db } = storePath('redact-watch');
    const run = await startWatch({ clusters: [{ name: 'prod', kubeconfig: writeKubeconfig(dir, [{ name: 'prod', server: api.url }]) }], kinds: ['Deployment'], announceExisting: true }, openStore(db));
    closers.push(async () => { await run.stop(); await run.store.close(); });
    await waitForEvents(run.store, 1);
    api.update(DEPLOYMENTS, 'prod', 'api', (o) => { o.spec.template.spec.containers[0].env[0].value = 'key-new'; });
    const [, update] = await waitForEvents(run.store, 2);
    assert.deepEqual(update!.changes, [{ field: 'spec.template.spec.containers[name=api].env[name=API_KEY].value', old: REDACTED, new: REDACTED }]);
    assertNoValue(update, 'key-old', 'key-new');
  });

  it('inbound: a generic payload\'s secret-looking fields, a Secret object in it and configured paths are redacted in the store and the delivery', async () => {
    const herald = await startTestHerald({
      inbound: { keepRejected: 10, sources: [{ name: 'ops', type: 'token', token: 'ops-inbound-token-0123' }] } as never,
      redact: { paths: ['data.card.number'] },
    });
    closers.push(() => herald.close());
    const receiver = await startReceiver();
    closers.push(() => receiver.close());
    await herald.api('/api/v1/webhooks', { body: { name: 'all', url: receiver.url } });
    const res = await fetch(`${herald.url}/hooks/ops`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ops-inbound-token-0123' },
      body: JSON.stringify({
        event: 'deploy.finished', summary: 'deployed', db: { password: 'hunter2' }, apiToken: 'tok-9',
        card: { number: '4111111111111111', brand: 'visa' },
        manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: 'c2VjcmV0' } },
      }),
    });
    assert.equal(res.status, 202, await res.clone().text());
    const [stored] = (await herald.store.listEvents(undefined, 10)).items;
    assert.deepEqual(stored!.data, {
      event: 'deploy.finished', summary: 'deployed', db: { password: REDACTED }, apiToken: REDACTED,
      card: { number: REDACTED, brand: 'visa' },
      manifest: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { key: REDACTED } },
    });
    const delivered = await eventually(() => receiver.requests[0]);
    assertNoValue(delivered.body, 'hunter2', 'tok-9', '4111111111111111', 'c2VjcmV0');
    assertNoValue(stored, 'hunter2', 'tok-9', '4111111111111111', 'c2VjcmV0');
  });
});
