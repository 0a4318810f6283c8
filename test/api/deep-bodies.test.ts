import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { cutMarker, MAX_BODY_DEPTH, MAX_EVENT_VALUE_DEPTH } from '../../src/core/json-depth.ts';
import { ACTOR_HINT_SCOPE } from '../../src/app/actor-hints.ts';
import { fixture } from '../support/fixtures.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * Bodies nested as deeply as the Kubernetes API server allows (10,000 levels
 * in an object) on every endpoint that parses JSON: answered and recorded,
 * never a 500. Past MAX_BODY_DEPTH: 400 naming `body`, nothing recorded.
 */
const API_SERVER_TOKEN = 'api-server-token-0123456789';
const INBOUND_TOKEN = 'inbound-token-0123456789abc';
const K8S_LIMIT = 10_000;

/**
 * `{"a":{"a":…"bottom"…}}` with `levels` objects, as JSON text: JSON.stringify itself overflows the
 * stack at ~4,400 levels, so deep bodies are written as text and dropped in for a placeholder.
 */
function nested(levels: number, leaf = '"bottom"'): string {
  return `${'{"a":'.repeat(levels)}${leaf}${'}'.repeat(levels)}`;
}
const DEEP = '"__DEEP__"';
const withDeep = (shape: unknown, deepText: string) => JSON.stringify(shape).replace(DEEP, deepText);

/** Depth of a parsed value, measured with a loop (the values here are too deep to recurse over). */
function depthOf(value: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    max = Math.max(max, d);
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

function admissionReview(uid: string, operation: string, object: string, oldObject: string): string {
  const review = {
    apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview',
    request: {
      uid, operation, name: 'deep', namespace: 'default',
      kind: { group: 'example.com', version: 'v1', kind: 'Widget' },
      resource: { group: 'example.com', version: 'v1', resource: 'widgets' },
      userInfo: { username: 'jane' }, object: '__OBJECT__', oldObject: '__OLD__',
    },
  };
  return JSON.stringify(review).replace('"__OBJECT__"', object).replace('"__OLD__"', oldObject);
}

/** A Widget whose deepest container is `levels` down: the object, then spec, then `levels - 2` more. */
const widget = (levels: number, leaf = '"bottom"') => withDeep(
  { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'deep', namespace: 'default' }, spec: '__DEEP__' },
  nested(levels - 2, leaf),
);

function auditList(auditID: string, object: string): string {
  const ev = JSON.parse(fixture('k8s-audit/audit_eventlist_v1_DERIVED_wrapping_falco_real_events.json')).items[0];
  const list = { apiVersion: 'audit.k8s.io/v1', kind: 'EventList', items: [{ ...ev, auditID, requestObject: '__DEEP__', responseObject: '__DEEP__' }] };
  return JSON.stringify(list).replaceAll(DEEP, object);
}

/** `extra` is map[string][]string in the API; Herald reads none of it, so depth there must simply not matter. */
const sar = (deepText: string) => withDeep({
  apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
  spec: { user: 'jane', groups: ['dev'], resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' }, extra: { nested: '__DEEP__' } },
}, deepText);

describe('deeply nested bodies on every endpoint that parses JSON', () => {
  let herald: TestHerald;
  before(async () => {
    herald = await startTestHerald({
      server: { host: '127.0.0.1', port: 0, bodyLimitBytes: 16 * 1024 * 1024 },
      kubernetes: { cluster: 'prod', token: API_SERVER_TOKEN },
      inbound: { keepRejected: 1000, sources: [{ name: 'tok', type: 'token', token: INBOUND_TOKEN }] } as never,
    });
  });
  after(async () => { await herald.close(); });

  async function post(path: string, body: unknown, token: string): Promise<{ status: number; body: any }> {
    const res = await fetch(`${herald.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text };
  }
  const events = async () => (await herald.store.listEvents(undefined, 1000)).items;

  const assertTooDeep = (res: { status: number; body: any }, label: string) => {
    assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body).slice(0, 300)}`);
    assert.equal(res.body.error.code, 'VALIDATION', label);
    assert.equal(res.body.error.field, 'body', label);
    assert.match(res.body.error.message, /nests deeper than 10,100 levels/, label);
  };

  /** Deeper than the limit, and ten times deeper: both refused the same way. */
  const tooDeep = (wrap: (deepText: string) => string) => [
    wrap(nested(MAX_BODY_DEPTH)),
    wrap(`${'['.repeat(100_000)}${']'.repeat(100_000)}`),
  ];

  it('admission: a CREATE and an UPDATE of a 10,000-level object are allowed with the uid, the CREATE recorded', async () => {
    const created = await post('/k8s/admission', admissionReview('deep-create', 'CREATE', widget(K8S_LIMIT), 'null'), API_SERVER_TOKEN);
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, { apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', response: { uid: 'deep-create', allowed: true } });
    const ev = (await events()).find((e) => e.dedupKey === 'admission:deep-create');
    assert.equal(ev?.event, 'create');
    assert.equal(ev?.actor, 'jane');

    const updated = await post('/k8s/admission', admissionReview('deep-update', 'UPDATE', widget(K8S_LIMIT, '"new"'), widget(K8S_LIMIT, '"old"')), API_SERVER_TOKEN);
    assert.equal(updated.status, 200);
    assert.deepEqual(updated.body.response, { uid: 'deep-update', allowed: true });
  });

  it('admission: deeper than the limit is 400 body and records nothing', async () => {
    const before = (await events()).length;
    for (const body of tooDeep((inner) => admissionReview('too-deep', 'CREATE', `{"metadata":{"name":"x"},"spec":${inner}}`, 'null'))) {
      assertTooDeep(await post('/k8s/admission', body, API_SERVER_TOKEN), 'admission');
    }
    assert.equal((await events()).length, before);
    assert.deepEqual(await herald.store.listSourceState(ACTOR_HINT_SCOPE), []);
  });

  it('audit: an event carrying 10,000-level request and response objects is recorded; deeper is 400 body', async () => {
    const ok = await post('/k8s/audit', auditList('deep-audit-1', widget(K8S_LIMIT)), API_SERVER_TOKEN);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.events, 1);
    assert.ok((await events()).some((e) => e.dedupKey === 'audit:deep-audit-1'));
    const before = (await events()).length;
    for (const body of tooDeep((inner) => auditList('deep-audit-2', inner))) {
      assertTooDeep(await post('/k8s/audit', body, API_SERVER_TOKEN), 'audit');
    }
    assert.equal((await events()).length, before);
  });

  it('authorization: a SubjectAccessReview with 10,000 levels in a field Herald ignores is answered; deeper is 400 body', async () => {
    const ok = await post('/k8s/authorize', sar(nested(K8S_LIMIT)), API_SERVER_TOKEN);
    assert.equal(ok.status, 200);
    assert.deepEqual(ok.body, { apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', status: { allowed: false } });
    for (const body of tooDeep(sar)) {
      assertTooDeep(await post('/k8s/authorize', body, API_SERVER_TOKEN), 'authorize');
    }
  });

  it('inbound: a 10,000-level payload is recorded with its value cut at the event depth, readable through the API; deeper is 400 body', async () => {
    const ok = await post('/hooks/tok', `{"event":"deep.thing","name":"deep-inbound","deep":${nested(K8S_LIMIT - 1)}}`, INBOUND_TOKEN);
    assert.equal(ok.status, 202, JSON.stringify(ok.body));
    const stored = (await events()).find((e) => e.name === 'deep-inbound')!;
    assert.equal(depthOf(stored.data), MAX_EVENT_VALUE_DEPTH + 0);
    let bottom: any = stored.data!.deep;
    while (typeof bottom === 'object') bottom = bottom.a;
    assert.equal(bottom, cutMarker(MAX_EVENT_VALUE_DEPTH));
    const exported = await herald.api('/api/v1/events');
    assert.equal(exported.status, 200);
    assert.ok(exported.body.items.some((e: any) => e.name === 'deep-inbound'));

    const before = (await events()).length;
    for (const body of tooDeep((inner) => `{"event":"deep.thing","deep":${inner}}`)) {
      assertTooDeep(await post('/hooks/tok', body, INBOUND_TOKEN), 'inbound');
    }
    assert.equal((await events()).length, before);
  });

  it('REST API: an event with 10,000-level data is recorded (cut at the event depth); deeper is 400 body', async () => {
    const ok = await herald.api('/api/v1/events', { body: `{"event":"test","name":"deep-api","data":{"deep":${nested(K8S_LIMIT - 2)}}}` });
    assert.equal(ok.status, 202, JSON.stringify(ok.body).slice(0, 300));
    const stored = (await events()).find((e) => e.name === 'deep-api')!;
    assert.equal(depthOf(stored.data), MAX_EVENT_VALUE_DEPTH);
    const before = (await events()).length;
    for (const body of tooDeep((inner) => `{"event":"test","name":"too-deep","data":{"deep":${inner}}}`)) {
      const res = await herald.api('/api/v1/events', { body });
      assertTooDeep(res, 'api events');
    }
    assertTooDeep(await herald.api('/api/v1/webhooks', { body: `{"name":"deep","url":"http://127.0.0.1:1/x","headers":${nested(MAX_BODY_DEPTH)}}` }), 'api webhooks');
    assert.equal((await events()).length, before);
  });
});
