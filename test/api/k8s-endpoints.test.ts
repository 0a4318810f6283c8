import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixture } from '../support/fixtures.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

const API_SERVER_TOKEN = 'api-server-token-0123456789';

describe('herald serve answers the Kubernetes API server', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald({ kubernetes: { cluster: 'prod-eu', token: API_SERVER_TOKEN, authz: { rules: [{ verbs: ['delete'], resources: ['namespaces'], namePattern: 'prod-*', allowGroups: ['platform-admins'], reason: 'prod namespaces are deleted by platform-admins only' }] } } });
    receiver = await startReceiver();
    await herald.api('/api/v1/webhooks', { body: { name: 'k8s', url: receiver.url } });
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('allows an AdmissionReview and turns a scale into an event with the actor and the configured cluster', async () => {
    const review = fixture('k8s-admission/admissionreview_v1_request_scale_update_DERIVED_from_docs_yaml.json');
    const res = await fetch(`${herald.url}/k8s/admission`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_SERVER_TOKEN}` }, body: review });
    const body = await res.json() as any;
    assert.equal(res.status, 200);
    assert.equal(body.response.allowed, true);
    assert.equal(body.response.uid, JSON.parse(review).request.uid);
    const [req] = await receiver.waitFor(1);
    const event = JSON.parse(req!.body);
    assert.equal(event.event, 'scale');
    assert.equal(event.cluster, 'prod-eu');
    assert.notEqual(event.actor, '');
  });

  it('denies by the configured guard rule on /k8s/authorize', async () => {
    const sar = {
      apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview',
      spec: { user: 'mallory', groups: ['developers'], resourceAttributes: { verb: 'delete', resource: 'namespaces', name: 'prod-payments' } },
    };
    const res = await fetch(`${herald.url}/k8s/authorize`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${API_SERVER_TOKEN}` }, body: JSON.stringify(sar) });
    const body = await res.json() as any;
    assert.equal(body.status.allowed, false);
    assert.equal(body.status.denied, true);
  });
});
