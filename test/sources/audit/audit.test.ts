import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createAuditApp, type AuditAppOptions } from '../../../src/sources/audit/index.ts';
import { ACTOR_HINT_SCOPE } from '../../../src/app/actor-hints.ts';
import {
  allEvents, fixture, fixtureText, memoryLogger, openTestStore, post, serveApp, watching, type Served, type TestStore,
} from '../kubernetes/harness.ts';

const V1_LIST = 'k8s-audit/audit_eventlist_v1_DERIVED_wrapping_falco_real_events.json';
const V1ALPHA1_LIST = 'k8s-audit/audit_eventlist_v1alpha1_webhook_payload_docs.json';
const CREATE_SECRET = 'k8s-audit/audit_event_v1_real_falco_create_secret.json';

function eventList(...items: unknown[]): object {
  return { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items };
}

describe('audit webhook', () => {
  let t: TestStore;
  let served: Served;
  const logger = memoryLogger();

  async function start(overrides: Partial<AuditAppOptions> = {}): Promise<string> {
    served = await serveApp(createAuditApp({
      ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: watching(), logger, auth: { insecureAllowUnauthenticated: true }, ...overrides,
    }));
    return served.url;
  }

  beforeEach(async () => { t = await openTestStore(); logger.lines.length = 0; });
  afterEach(async () => { await served?.close(); await t.close(); });

  test('the v1 EventList of real events becomes events with actors', async () => {
    const url = await start();
    const res = await post(url, fixture(V1_LIST));
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { events: 3, hints: 0, duplicates: 0, ignored: 0, invalid: 0 });
    const events = await allEvents(t.store);
    const byKey = new Map(events.map((e) => [e.dedupKey, e]));
    const created = byKey.get('audit:55a81824-ab56-46c5-8b02-96336f5e78d7')!;
    assert.equal(created.event, 'create');
    assert.equal(created.actor, 'minikube-user');
    assert.equal(created.resource, 'Secret');
    assert.equal(created.namespace, 'default');
    assert.equal(created.name, 'example-secret');
    assert.equal(created.cluster, 'prod');
    assert.equal(created.source, 'audit');
    assert.equal(created.timestamp, '2020-04-21T17:57:05.548Z');
    const deleted = byKey.get('audit:d1df3fa9-497f-49cf-bd48-60a651df8075')!;
    assert.equal(deleted.event, 'delete');
    assert.equal(deleted.actor, 'minikube-user');
    assert.equal(byKey.get('audit:40ed7b5a-e92f-49ec-a359-86d36077d9c8')!.actor, 'system:kube-controller-manager');
  });

  test('a re-sent batch is recorded once', async () => {
    const url = await start();
    await post(url, fixture(V1_LIST));
    const again = await post(url, fixture(V1_LIST));
    assert.equal(again.body.duplicates, 3);
    assert.equal((await allEvents(t.store)).length, 3);
  });

  test('reads and other stages are ignored (v1alpha1 docs payload, log-backend events)', async () => {
    const url = await start();
    const res = await post(url, fixture(V1ALPHA1_LIST));
    assert.equal(res.status, 200);
    assert.equal(res.body.ignored, 1);
    const logged = fixtureText('k8s-audit/audit_events_v1alpha1_log_backend_json_docs.jsonl')
      .split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
    const res2 = await post(url, { kind: 'EventList', apiVersion: 'audit.k8s.io/v1alpha1', items: logged });
    assert.equal(res2.body.ignored, 2);
    assert.equal((await allEvents(t.store)).length, 0);
  });

  test('an event without apiVersion (real RequestResponse capture) is read', async () => {
    const url = await start();
    await post(url, eventList(fixture('k8s-audit/audit_event_noapiversion_real_falco_create_configmap.json')));
    const [ev] = await allEvents(t.store);
    assert.equal(ev!.event, 'create');
    assert.equal(ev!.resource, 'ConfigMap');
    assert.equal(ev!.name, 'my-config');
    assert.equal(ev!.actor, 'minikube-user');
  });

  test('watched kinds get actor hints instead of events', async () => {
    const url = await start({ isWatched: watching('prod/Secret') });
    const res = await post(url, fixture(V1_LIST));
    assert.equal(res.body.hints, 3);
    assert.equal((await allEvents(t.store)).length, 0);
    const hint = await t.store.getSourceState(ACTOR_HINT_SCOPE, 'prod/Secret/default/example-secret') as any;
    // Both the create and the delete of example-secret are in the batch; the later one wins.
    assert.equal(hint.operation, 'delete');
    assert.equal(hint.actor, 'minikube-user');
    assert.equal(hint.at, Date.parse('2020-04-21T17:58:49.696309Z'));
  });

  test('the impersonated user is the actor', async () => {
    const url = await start();
    const ev = fixture(CREATE_SECRET);
    ev.impersonatedUser = { username: 'jane', groups: ['dev'] };
    await post(url, eventList(ev));
    const [recorded] = await allEvents(t.store);
    assert.equal(recorded!.actor, 'jane');
    assert.equal(recorded!.data?.authenticatedUser, 'minikube-user');
  });

  test('failed, dry-run and status-subresource writes are ignored', async () => {
    const url = await start();
    const forbidden = fixture(CREATE_SECRET);
    forbidden.auditID = 'a-403';
    forbidden.responseStatus = { metadata: {}, code: 403 };
    const dryRun = fixture(CREATE_SECRET);
    dryRun.auditID = 'a-dry';
    dryRun.requestURI += '?dryRun=All';
    const status = fixture(CREATE_SECRET);
    status.auditID = 'a-status';
    status.verb = 'update';
    status.objectRef.subresource = 'status';
    const res = await post(url, eventList(forbidden, dryRun, status));
    assert.equal(res.body.ignored, 3);
    assert.equal((await allEvents(t.store)).length, 0);
  });

  test('a scale subresource patch becomes a scale event with the new replica count', async () => {
    const url = await start();
    const ev = fixture(CREATE_SECRET);
    Object.assign(ev, {
      auditID: 'scale-1', verb: 'patch', level: 'Request',
      requestURI: '/apis/apps/v1/namespaces/default/deployments/web/scale',
      objectRef: { resource: 'deployments', namespace: 'default', name: 'web', apiGroup: 'apps', apiVersion: 'v1', subresource: 'scale' },
      requestObject: { spec: { replicas: 5 } },
      responseStatus: { metadata: {}, code: 200 },
    });
    await post(url, eventList(ev));
    const [recorded] = await allEvents(t.store);
    assert.equal(recorded!.event, 'scale');
    assert.equal(recorded!.resource, 'Deployment');
    assert.equal(recorded!.name, 'web');
    assert.deepEqual(recorded!.detail, { field: 'spec.replicas', old: null, new: 5 }, 'the side the audit record lacks is null');
  });

  test('malformed items are skipped, a malformed envelope is a 400 naming the field', async () => {
    const url = await start();
    const res = await post(url, eventList({ nonsense: true }, fixture(CREATE_SECRET)));
    assert.equal(res.status, 200);
    assert.equal(res.body.invalid, 1);
    assert.equal(res.body.events, 1);

    const wrongKind = await post(url, { ...fixture(V1_LIST), kind: 'Event' });
    assert.equal(wrongKind.status, 400);
    assert.equal(wrongKind.body.error.field, 'kind');
    const wrongVersion = await post(url, { ...fixture(V1_LIST), apiVersion: 'audit.k8s.io/v2' });
    assert.equal(wrongVersion.status, 400);
    assert.equal(wrongVersion.body.error.field, 'apiVersion');
  });

  test('a store failure answers 503 so the API server retries the batch', async () => {
    const url = await start({ ingest: { ingest: async () => { throw new Error('disk full'); } } });
    const res = await post(url, fixture(V1_LIST));
    assert.equal(res.status, 503);
    assert.equal(res.body.error.code, 'STORE_UNAVAILABLE');
    assert.ok(logger.lines.some((l) => l.level === 'error'));
  });
});
