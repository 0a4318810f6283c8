import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createAdmissionApp } from '../../../src/sources/admission/index.ts';
import { ACTOR_HINT_SCOPE } from '../../../src/app/actor-hints.ts';
import type { Ingest } from '../../../src/app/record-event.ts';
import { allEvents, fixture, memoryLogger, openTestStore, post, serveApp, watching, type Served, type TestStore } from '../kubernetes/harness.ts';

/**
 * Every documented AdmissionReview shape, in v1 and v1beta1: the answer has the
 * same apiVersion and kind, the request's uid and allowed:true, and the shape
 * records what it should (dry runs, CONNECT and controller subresources nothing).
 * The same table then runs against a store that never answers, to show the
 * 3 s budget holds the answers, not the recording.
 */
const POD_CREATE = 'k8s-admission/admissionreview_v1_request_pod_create_real_gke_kube-rs.json';
const SCALE = 'k8s-admission/admissionreview_v1_request_scale_update_DERIVED_from_docs_yaml.json';

type Review = { apiVersion: string; kind: string; request: Record<string, any> };
interface Shape {
  name: string;
  review: () => Review;
  /** What gets recorded: an event "type Kind namespace/name by actor", or nothing. */
  records: string | undefined;
}

const gvk = (group: string, version: string, kind: string) => ({ group, version, kind });
const gvr = (group: string, version: string, resource: string) => ({ group, version, resource });

const podCreate = (): Review => fixture(POD_CREATE);
const pod = () => podCreate().request.object;
const podWith = (request: Record<string, unknown>): Review => {
  const r = podCreate();
  r.request = { ...r.request, ...request };
  return r;
};

function scale(): Review {
  const r = fixture(SCALE);
  r.request.oldObject.spec = { replicas: 1 };
  r.request.object.spec = { replicas: 4 };
  return r;
}

/** A cluster-scoped object: no namespace on the request or in its metadata. */
function namespaceReview(operation: 'CREATE' | 'DELETE'): Review {
  const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a', labels: { team: 'a' } } };
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: `ns-${operation}`, kind: gvk('', 'v1', 'Namespace'), resource: gvr('', 'v1', 'namespaces'),
      requestKind: gvk('', 'v1', 'Namespace'), requestResource: gvr('', 'v1', 'namespaces'),
      name: 'team-a', operation, userInfo: { username: 'alice', groups: ['system:authenticated'] },
      object: operation === 'CREATE' ? ns : null, oldObject: operation === 'DELETE' ? ns : null,
      dryRun: false, options: { apiVersion: 'meta.k8s.io/v1', kind: operation === 'CREATE' ? 'CreateOptions' : 'DeleteOptions' },
    },
  };
}

function clusterRoleUpdate(): Review {
  const old = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'viewer' }, rules: [{ verbs: ['get'], resources: ['pods'], apiGroups: [''] }] };
  const next = { ...old, rules: [{ verbs: ['get', 'list'], resources: ['pods'], apiGroups: [''] }] };
  return {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid: 'cr-update', kind: gvk('rbac.authorization.k8s.io', 'v1', 'ClusterRole'), resource: gvr('rbac.authorization.k8s.io', 'v1', 'clusterroles'),
      name: 'viewer', namespace: '', operation: 'UPDATE', userInfo: { username: 'bob' }, object: next, oldObject: old, dryRun: false,
    },
  };
}

const SHAPES: Shape[] = [
  { name: 'CREATE, namespaced, oldObject null', review: podCreate, records: 'create Pod colin-coder/echo-pod by colin@coder.com' },
  { name: 'CREATE, cluster-scoped, no namespace', review: () => namespaceReview('CREATE'), records: 'create Namespace /team-a by alice' },
  {
    name: 'UPDATE, namespaced',
    review: () => {
      const next = pod();
      next.metadata.labels = { ...next.metadata.labels, tier: 'web' };
      return podWith({ uid: 'pod-update', operation: 'UPDATE', object: next, oldObject: pod(), options: { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' } });
    },
    records: 'update Pod colin-coder/echo-pod by colin@coder.com',
  },
  { name: 'UPDATE, cluster-scoped, empty namespace', review: clusterRoleUpdate, records: 'update ClusterRole /viewer by bob' },
  { name: 'UPDATE of the scale subresource', review: scale, records: 'scale Deployment my-namespace/my-deployment by admin' },
  {
    name: 'UPDATE of the status subresource',
    review: () => podWith({ uid: 'pod-status', operation: 'UPDATE', subResource: 'status', requestSubResource: 'status', object: pod(), oldObject: pod() }),
    records: undefined,
  },
  {
    name: 'DELETE, namespaced, object null',
    review: () => podWith({ uid: 'pod-delete', operation: 'DELETE', object: null, oldObject: pod(), options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1' } }),
    records: 'delete Pod colin-coder/echo-pod by colin@coder.com',
  },
  { name: 'DELETE, cluster-scoped, object null', review: () => namespaceReview('DELETE'), records: 'delete Namespace /team-a by alice' },
  {
    name: 'CONNECT to the exec subresource',
    review: () => podWith({
      uid: 'pod-exec', operation: 'CONNECT', subResource: 'exec', requestSubResource: 'exec',
      kind: gvk('', 'v1', 'PodExecOptions'), requestKind: gvk('', 'v1', 'PodExecOptions'),
      object: { apiVersion: 'v1', kind: 'PodExecOptions', stdin: true, tty: true, container: 'echo', command: ['sh'] }, oldObject: null, options: null,
    }),
    records: undefined,
  },
  { name: 'CREATE with dryRun true', review: () => podWith({ uid: 'pod-dry-create', dryRun: true }), records: undefined },
  {
    name: 'DELETE with dryRun true',
    review: () => podWith({ uid: 'pod-dry-delete', operation: 'DELETE', object: null, oldObject: pod(), dryRun: true }),
    records: undefined,
  },
  {
    name: 'UPDATE of scale with dryRun true',
    review: () => { const r = scale(); r.request.uid = 'scale-dry'; r.request.dryRun = true; return r; },
    records: undefined,
  },
];

/** Each shape in both versions the API server may send; the request is the same in both. */
const CASES = SHAPES.flatMap((shape) => ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1'].map((apiVersion) => ({
  ...shape,
  label: `${apiVersion.split('/')[1]} ${shape.name}`,
  build: (): Review => {
    const r = shape.review();
    r.apiVersion = apiVersion;
    r.request.uid = `${r.request.uid}-${apiVersion.split('/')[1]}`;
    return r;
  },
})));

describe('admission answers for every documented AdmissionReview shape', () => {
  let t: TestStore;
  let served: Served | undefined;
  const logger = memoryLogger();
  beforeEach(async () => { t = await openTestStore(); logger.lines.length = 0; });
  afterEach(async () => { await served?.close(); served = undefined; await t.close(); });

  const start = async (ingest: Ingest = t.ingest) => {
    served = await serveApp(createAdmissionApp({
      ingest, store: t.store, cluster: 'prod', isWatched: watching(), logger, auth: { insecureAllowUnauthenticated: true },
    }));
    return served.url;
  };

  const assertAnswer = (label: string, review: Review, res: { status: number; body: any }) => {
    assert.equal(res.status, 200, `${label}: ${JSON.stringify(res.body)}`);
    assert.deepEqual(res.body, { apiVersion: review.apiVersion, kind: 'AdmissionReview', response: { uid: review.request.uid, allowed: true } }, label);
  };

  test('same apiVersion and kind back, the uid, allowed, and exactly the recording each shape calls for', async () => {
    const url = await start();
    for (const c of CASES) {
      const review = c.build();
      const before = (await allEvents(t.store)).length;
      assertAnswer(c.label, review, await post(url, review));
      const added = (await allEvents(t.store)).slice(before);
      const got = added.map((e) => `${e.event} ${e.resource} ${e.namespace}/${e.name} by ${e.actor}`);
      assert.deepEqual(got, c.records === undefined ? [] : [c.records], c.label);
      if (c.records !== undefined) assert.equal(added[0]!.dedupKey, `admission:${review.request.uid}`, c.label);
    }
    assert.deepEqual(await t.store.listSourceState(ACTOR_HINT_SCOPE), [], 'no kind is watched, so no hints');
    assert.deepEqual(logger.lines.filter((l) => l.level === 'error'), []);
  });

  test('a dry run leaves no actor hint either, even for a watched kind', async () => {
    served = await serveApp(createAdmissionApp({
      ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: watching('prod/Pod', 'prod/Deployment'), logger,
      auth: { insecureAllowUnauthenticated: true },
    }));
    for (const c of CASES.filter((x) => x.name.includes('dryRun'))) assertAnswer(c.label, c.build(), await post(served.url, c.build()));
    assert.deepEqual(await t.store.listSourceState(ACTOR_HINT_SCOPE), []);
    assert.deepEqual(await allEvents(t.store), []);
  });

  test('with a store that does not answer, every shape is still answered allowed within the 3 s budget', async () => {
    let release!: () => void;
    const blocked = new Promise<void>((r) => { release = r; });
    let pending = 0;
    const url = await start({
      ingest: async (input, opts) => { pending++; await blocked; return t.ingest.ingest(input, opts); },
    });
    // All at once: each waits its budget (the default 3 s) for a store that never answers, then answers.
    const reviews = CASES.map((c) => ({ c, review: c.build() }));
    const answers = await Promise.all(reviews.map(({ review }) => post(url, review)));
    for (const [i, { c, review }] of reviews.entries()) assertAnswer(c.label, review, answers[i]!);
    assert.equal(pending, CASES.filter((c) => c.records !== undefined).length, 'recording had started and not finished when the answers went out');
    assert.deepEqual(await allEvents(t.store), []);
    assert.ok(logger.lines.some((l) => l.level === 'warn' && /answered before it finished/.test(l.msg)));
    release();
  });
});
