import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CORE_EVENTS, DEPLOYMENTS, FakeKubeApi } from '../fake-kube-api/server.ts';
import { writeKubeconfig } from '../fake-kube-api/kubeconfig.ts';
import { deployment } from '../sources/cluster-watch/harness.ts';
import { fixture } from '../support/fixtures.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { tempDir } from '../support/temp-dir.ts';

const GITHUB_SECRET = 'github-webhook-secret';
const AM_TOKEN = 'alertmanager-bearer-token-0123';
const GENERIC_TOKEN = 'generic-sender-token-0123';

/**
 * What Herald actually POSTs to a custom webhook, for an event from every
 * source, validated against the JSON Schema Herald serves, with Ajv (a
 * validator Herald's own code does not use, so the test does not grade itself).
 */
describe('the custom payload matches GET /api/v1/schemas/event.json for every source', () => {
  let api: FakeKubeApi;
  let herald: TestHerald;
  let receiver: Receiver;

  before(async () => {
    api = await FakeKubeApi.start();
    const kubeconfig = writeKubeconfig(tempDir('herald-payload'), [{ name: 'kind-dev', server: api.url }]);
    herald = await startTestHerald({
      watch: { clusters: [{ name: 'dev', kubeconfig }], kinds: ['Deployment'] },
      health: { clusters: [{ name: 'dev', kubeconfig }] },
      kubernetes: { cluster: 'dev', insecureAllowUnauthenticated: true, authz: { rules: [{ verbs: ['get'], resources: ['pods'], namespaces: ['kittensandponies'], reason: 'no kittens' }] } },
      inbound: {
        keepRejected: 100,
        sources: [
          { name: 'github', type: 'github', secret: GITHUB_SECRET, cluster: 'ci' },
          { name: 'alerts', type: 'alertmanager', token: AM_TOKEN, cluster: 'prod' },
          { name: 'generic', type: 'token', token: GENERIC_TOKEN },
        ],
      } as never,
    });
    receiver = await startReceiver();
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'everything', url: receiver.url, retry: { maxAttempts: 1 } } });
    assert.equal(created.status, 201);
  });
  after(async () => { await herald.close(); await receiver.close(); await api.close(); });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => fetch(`${herald.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const payloads = () => receiver.requests.map((r) => JSON.parse(r.body) as Record<string, any>);

  it('validates the payload from API ingest, the watch, admission, audit, authorization and inbound senders', async () => {
    const res = await fetch(`${herald.url}/api/v1/schemas/event.json`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^application\/schema\+json/);
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(await res.json() as object);

    // API ingest, leaving out old/new on purpose.
    assert.equal((await herald.api('/api/v1/events', { body: { event: 'update', name: 'x', changes: [{ field: 'spec.a', new: 1 }] } })).status, 202);
    // Watch (fake API server): a create, then a scale (events seen before the webhook existed went nowhere).
    api.create(DEPLOYMENTS, deployment('web', 1));
    await eventually(() => payloads().find((p) => p.source === 'cluster-watch' && p.event === 'create'));
    api.scale(DEPLOYMENTS, 'default', 'web', 3);
    // Cluster health: a Warning Event, with its reason (once its watch has listed: an Event before that is the baseline).
    await eventually(() => (api.requests.some((r) => r.startsWith('/apis/events.k8s.io/v1/events?') && r.includes('watch=1')) ? true : undefined));
    api.create(CORE_EVENTS, {
      metadata: { name: 'web.1', namespace: 'default' }, type: 'Warning', reason: 'FailedScheduling', message: '0/3 nodes are available',
      involvedObject: { kind: 'Pod', namespace: 'default', name: 'web-1' }, count: 1, firstTimestamp: new Date().toISOString(),
    });
    // Admission: a Pod create from a real GKE review.
    const admission = await post('/k8s/admission', fixture('k8s-admission/admissionreview_v1_request_pod_create_real_gke_kube-rs.json'));
    assert.equal(admission.status, 200);
    // Audit: a scale subresource patch, which names only the new count (of a kind not watched, so audit reports it).
    const scale = {
      ...JSON.parse(fixture('k8s-audit/audit_event_v1_real_falco_create_secret.json')),
      auditID: 'scale-1', verb: 'patch', level: 'Request', stage: 'ResponseComplete',
      requestURI: '/apis/apps/v1/namespaces/default/statefulsets/db/scale',
      objectRef: { resource: 'statefulsets', namespace: 'default', name: 'db', apiGroup: 'apps', apiVersion: 'v1', subresource: 'scale' },
      requestObject: { spec: { replicas: 5 } }, responseStatus: { metadata: {}, code: 200 },
    };
    assert.equal((await post('/k8s/audit', { kind: 'EventList', apiVersion: 'audit.k8s.io/v1', items: [scale] })).status, 200);
    // Authorization: a denied SubjectAccessReview.
    const authz = await post('/k8s/authorize', fixture('k8s-authz/sar_v1beta1_request_resource_docs.json'));
    assert.equal(((await authz.json()) as any).status.denied, true);
    // Inbound: Alertmanager, GitHub, a generic token sender.
    const alerts = fixture('alertmanager/alertmanager_webhook_payload_real_prometheus-msteams_prom_post_request.json');
    assert.equal((await post('/hooks/alerts', alerts, { authorization: `Bearer ${AM_TOKEN}` })).status, 202);
    const push = fixture('github/github_push_payload.json');
    assert.equal((await post('/hooks/github', push, {
      'x-hub-signature-256': await githubSign(GITHUB_SECRET, push), 'x-github-event': 'push', 'x-github-delivery': 'd-1',
    })).status, 202);
    assert.equal((await post('/hooks/generic', { event: 'down', name: 'api.example.com' }, { authorization: `Bearer ${GENERIC_TOKEN}` })).status, 202);

    const wanted = ['api', 'cluster-watch', 'cluster-health', 'admission', 'audit', 'authz', 'alerts', 'github', 'generic'];
    await eventually(() => (wanted.every((s) => payloads().some((p) => p.source === s))
      && payloads().some((p) => p.source === 'cluster-watch' && p.event === 'scale') ? true : undefined));
    for (const payload of payloads()) {
      assert.ok(validate(payload), `${payload.source} ${payload.event}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(payload)}`);
    }
    const auditScale = payloads().find((p) => p.source === 'audit' && p.event === 'scale')!;
    assert.deepEqual(auditScale.detail, { field: 'spec.replicas', old: null, new: 5 }, 'the missing old side arrives as null');
    assert.equal(payloads().find((p) => p.source === 'cluster-health')!.reason, 'FailedScheduling');
    const ingested = payloads().find((p) => p.source === 'api')!;
    assert.deepEqual(ingested.changes, [{ field: 'spec.a', old: null, new: 1 }]);
  });

  it('is the schema the OpenAPI document carries as HeraldEventPayload', async () => {
    const served = await (await fetch(`${herald.url}/api/v1/schemas/event.json`)).json() as Record<string, unknown>;
    const doc = await (await fetch(`${herald.url}/api/v1/openapi.json`)).json() as any;
    const { $schema: _dialect, ...rest } = served;
    assert.deepEqual(doc.components.schemas.HeraldEventPayload, rest);
    assert.ok(doc.paths['/api/v1/schemas/event.json']?.get, 'the schema route is in the OpenAPI document');
  });

  it('rejects a payload missing detail.old, so the check has teeth', async () => {
    const ajv = new Ajv2020({ strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(await (await fetch(`${herald.url}/api/v1/schemas/event.json`)).json() as object);
    const good = payloads()[0]!;
    assert.equal(validate(good), true);
    assert.equal(validate({ ...good, detail: { field: 'spec.replicas', new: 5 } }), false);
  });
});
