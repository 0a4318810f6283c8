import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createAdmissionApp, type AdmissionAppOptions } from '../../../src/sources/admission/index.ts';
import { ACTOR_HINT_SCOPE } from '../../../src/app/actor-hints.ts';
import { allEvents, fixture, memoryLogger, openTestStore, post, serveApp, watching, type Served, type TestStore } from '../kubernetes/harness.ts';

const SCALE = 'k8s-admission/admissionreview_v1_request_scale_update_DERIVED_from_docs_yaml.json';
const POD_CREATE = 'k8s-admission/admissionreview_v1_request_pod_create_real_gke_kube-rs.json';

/** The docs' scale review with replica counts filled in (the docs elide them). */
function scaleReview(oldReplicas = 1, newReplicas = 3): any {
  const review = fixture(SCALE);
  review.request.oldObject.spec = { replicas: oldReplicas };
  review.request.object.spec = { replicas: newReplicas };
  return review;
}

describe('admission webhook', () => {
  let t: TestStore;
  let served: Served;
  const logger = memoryLogger();

  async function start(overrides: Partial<AdmissionAppOptions> = {}): Promise<string> {
    served = await serveApp(createAdmissionApp({
      ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: watching(), logger, auth: { insecureAllowUnauthenticated: true }, ...overrides,
    }));
    return served.url;
  }

  beforeEach(async () => { t = await openTestStore(); logger.lines.length = 0; });
  afterEach(async () => { await served?.close(); await t.close(); });

  test('v1 scale review is allowed with the same uid and apiVersion and becomes a scale event with the actor', async () => {
    const url = await start();
    const res = await post(url, scaleReview(1, 3));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
      response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true },
    });
    const [ev, ...rest] = await allEvents(t.store);
    assert.equal(rest.length, 0);
    assert.equal(ev!.event, 'scale');
    assert.equal(ev!.actor, 'admin');
    assert.equal(ev!.cluster, 'prod');
    assert.equal(ev!.resource, 'Deployment');
    assert.equal(ev!.namespace, 'my-namespace');
    assert.equal(ev!.name, 'my-deployment');
    assert.deepEqual(ev!.detail, { field: 'spec.replicas', old: 1, new: 3 });
    assert.equal(ev!.source, 'admission');
    assert.equal(ev!.dedupKey, 'admission:705ab4f5-6393-11e8-b7cc-42010a800002');
    assert.equal(ev!.summary, 'Deployment my-namespace/my-deployment scaled from 1 to 3 by admin');
  });

  test('v1beta1 review is answered as v1beta1', async () => {
    const url = await start();
    const review = scaleReview();
    review.apiVersion = 'admission.k8s.io/v1beta1';
    review.request.uid = 'beta-uid-1';
    const res = await post(url, review);
    assert.equal(res.status, 200);
    assert.equal(res.body.apiVersion, 'admission.k8s.io/v1beta1');
    assert.equal(res.body.kind, 'AdmissionReview');
    assert.deepEqual(res.body.response, { uid: 'beta-uid-1', allowed: true });
    assert.equal((await allEvents(t.store)).length, 1);
  });

  test('a watched kind gets an actor hint and no event', async () => {
    const url = await start({ isWatched: watching('prod/Deployment') });
    const before = Date.now();
    const res = await post(url, scaleReview());
    assert.equal(res.body.response.allowed, true);
    assert.equal((await allEvents(t.store)).length, 0);
    const hint = await t.store.getSourceState(ACTOR_HINT_SCOPE, 'prod/Deployment/my-namespace/my-deployment') as any;
    assert.equal(hint.actor, 'admin');
    assert.equal(hint.operation, 'scale');
    assert.ok(hint.at >= before && hint.at <= Date.now());
  });

  test('real GKE pod CREATE becomes a create event with labels', async () => {
    const url = await start();
    const res = await post(url, fixture(POD_CREATE));
    assert.deepEqual(res.body.response, { uid: '0c9a8d74-9cb7-44dd-b98e-09fd62def2f4', allowed: true });
    const [ev] = await allEvents(t.store);
    assert.equal(ev!.event, 'create');
    assert.equal(ev!.actor, 'colin@coder.com');
    assert.equal(ev!.resource, 'Pod');
    assert.equal(ev!.namespace, 'colin-coder');
    assert.equal(ev!.name, 'echo-pod');
    assert.deepEqual(ev!.labels, { app: 'echo-server' });
  });

  test('DELETE takes name, namespace and labels from oldObject', async () => {
    const url = await start();
    const review = fixture(POD_CREATE);
    review.request.operation = 'DELETE';
    review.request.oldObject = review.request.object;
    review.request.object = null;
    review.request.name = '';
    delete review.request.namespace;
    await post(url, review);
    const [ev] = await allEvents(t.store);
    assert.equal(ev!.event, 'delete');
    assert.equal(ev!.name, 'echo-pod');
    assert.equal(ev!.namespace, 'colin-coder');
    assert.deepEqual(ev!.labels, { app: 'echo-server' });
  });

  test('UPDATE records the changed fields; a no-op UPDATE records nothing', async () => {
    const url = await start();
    const review = fixture(POD_CREATE);
    review.request.operation = 'UPDATE';
    review.request.oldObject = structuredClone(review.request.object);
    review.request.object.spec.containers[0].image = 'jmalloc/echo-server:v2';
    review.request.object.metadata.resourceVersion = '2';
    await post(url, review);
    const [ev] = await allEvents(t.store);
    assert.equal(ev!.event, 'update');
    assert.deepEqual(ev!.changes, [{ field: 'spec.containers[name=echo-server].image', old: review.request.oldObject.spec.containers[0].image, new: 'jmalloc/echo-server:v2' }]);

    const noop = fixture(POD_CREATE);
    noop.request.uid = 'noop-uid';
    noop.request.operation = 'UPDATE';
    noop.request.oldObject = structuredClone(noop.request.object);
    await post(url, noop);
    assert.equal((await allEvents(t.store)).length, 1);
  });

  test('a generateName object without a name yet is named by its prefix', async () => {
    const url = await start();
    const review = fixture(POD_CREATE);
    review.request.name = '';
    delete review.request.object.metadata.name;
    review.request.object.metadata.generateName = 'echo-';
    await post(url, review);
    const [ev] = await allEvents(t.store);
    assert.equal(ev!.name, 'echo-');
    assert.equal(ev!.data?.generateName, 'echo-');
  });

  test('objects nested 10,000 levels deep (the API server limit) are allowed and recorded, not a 500', async () => {
    const url = await start();
    // Written as text: JSON.stringify itself overflows the stack on such a value.
    const nested = (leaf: number) => `${'{"a":'.repeat(10_000)}${leaf}${'}'.repeat(10_000)}`;
    const deepBody = (review: unknown) => JSON.stringify(review).replace('"@old"', nested(1)).replace('"@new"', nested(2));
    const update = fixture(POD_CREATE);
    update.request.operation = 'UPDATE';
    update.request.oldObject = structuredClone(update.request.object);
    update.request.oldObject.spec.deep = '@old';
    update.request.object.spec.deep = '@new';
    const res = await post(url, deepBody(update));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.response, { uid: update.request.uid, allowed: true });
    const create = fixture(POD_CREATE);
    create.request.uid = 'deep-create';
    create.request.object.spec.deep = '@new';
    const created = await post(url, deepBody(create));
    assert.deepEqual([created.status, created.body.response.allowed], [200, true]);

    const events = await allEvents(t.store);
    assert.deepEqual(events.map((e) => e.event).sort(), ['create', 'update']);
    const changes = events.find((e) => e.event === 'update')!.changes;
    assert.equal(changes.length, 1, 'the deep difference is one change');
    assert.match(changes[0]!.field, /^spec\.deep(\.a)+$/);
  });

  test('dryRun records nothing, neither event nor hint', async () => {
    const url = await start({ isWatched: watching('prod/Pod') });
    const review = fixture(POD_CREATE);
    review.request.dryRun = true;
    const res = await post(url, review);
    assert.equal(res.body.response.allowed, true);
    assert.equal((await allEvents(t.store)).length, 0);
    assert.deepEqual(await t.store.listSourceState(ACTOR_HINT_SCOPE), []);
  });

  test('a retried review (same uid) is recorded once', async () => {
    const url = await start();
    await post(url, scaleReview());
    const again = await post(url, scaleReview());
    assert.equal(again.body.response.allowed, true);
    assert.equal((await allEvents(t.store)).length, 1);
  });

  test('malformed reviews get a 400 naming the field', async () => {
    const url = await start();
    const noUid = scaleReview();
    delete noUid.request.uid;
    const a = await post(url, noUid);
    assert.equal(a.status, 400);
    assert.equal(a.body.error.code, 'VALIDATION');
    assert.equal(a.body.error.field, 'request.uid');

    const wrongVersion = { ...scaleReview(), apiVersion: 'admission.k8s.io/v2' };
    const b = await post(url, wrongVersion);
    assert.equal(b.status, 400);
    assert.equal(b.body.error.field, 'apiVersion');

    const c = await post(url, '{not json');
    assert.equal(c.status, 400);
    assert.equal(c.body.error.field, 'body');
    assert.equal((await allEvents(t.store)).length, 0);
  });

  test('an ingest failure still answers allowed:true and is logged', async () => {
    const url = await start({ ingest: { ingest: async () => { throw new Error('store on fire'); } } });
    const res = await post(url, scaleReview());
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.response, { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true });
    assert.ok(logger.lines.some((l) => l.level === 'error' && /still allowed/.test(l.msg)));
  });

  test('a slow store does not hold the answer past recordTimeoutMs', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => { release = r; });
    const url = await start({
      recordTimeoutMs: 50,
      ingest: { ingest: async (input) => { await slow; return t.ingest.ingest(input); } },
    });
    const started = Date.now();
    const res = await post(url, scaleReview());
    assert.equal(res.body.response.allowed, true);
    assert.ok(Date.now() - started < 2000);
    release();
  });

  test('with a bearer token configured, only the holder is heard', async () => {
    const url = await start({ auth: { token: 's3cret-token-0123456789' } });
    assert.equal((await post(url, scaleReview())).status, 401);
    assert.equal((await allEvents(t.store)).length, 0);
    const ok = await post(url, scaleReview(), { authorization: 'Bearer s3cret-token-0123456789' });
    assert.equal(ok.body.response.allowed, true);
    assert.equal((await allEvents(t.store)).length, 1);
  });
});
