import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Hono } from 'hono';
import { parse } from 'yaml';
import { renderManifests } from '../../../src/cli/manifests.ts';
import { createAdmissionApp } from '../../../src/sources/admission/index.ts';
import { createAuditApp } from '../../../src/sources/audit/index.ts';
import { createAuthzApp } from '../../../src/sources/authz/index.ts';
import { K8S_WEBHOOK_PATHS } from '../../../src/sources/kubernetes/webhook-http.ts';
import { allEvents, fixture, memoryLogger, openTestStore, post, serveApp, watching, type Served, type TestStore } from './harness.ts';

/**
 * The three apps mounted the way the lead's server mounts them, called at the
 * paths `herald manifests` tells the API server to use.
 */
describe('webhooks mounted at the paths the manifests point to', () => {
  let t: TestStore;
  let served: Served;

  before(async () => {
    t = await openTestStore();
    const deps = { ingest: t.ingest, store: t.store, cluster: 'kind', isWatched: watching(), logger: memoryLogger(), auth: { insecureAllowUnauthenticated: true } };
    const app = new Hono()
      .route(K8S_WEBHOOK_PATHS.admission, createAdmissionApp(deps))
      .route(K8S_WEBHOOK_PATHS.audit, createAuditApp(deps))
      .route(K8S_WEBHOOK_PATHS.authorize, createAuthzApp({
        ingest: t.ingest, cluster: 'kind', logger: deps.logger, auth: deps.auth,
        config: { rules: [{ verbs: ['get'], resources: ['pods'], namespaces: ['kittensandponies'], reason: 'no kittens' }] },
      }));
    served = await serveApp(app);
  });
  after(async () => { await served.close(); await t.close(); });

  function pathOf(kubeconfigYaml: string): string {
    return new URL(parse(kubeconfigYaml).clusters[0].cluster.server).pathname;
  }

  test('each fixture reaches its webhook and is recorded', async () => {
    const rendered = renderManifests({ url: 'https://herald.example.com' });
    const admissionUrl = parse(rendered.manifests.split('---\n').at(-1)!).webhooks[0].clientConfig.url as string;

    const admission = await post(`${served.url}${new URL(admissionUrl).pathname}`,
      fixture('k8s-admission/admissionreview_v1_request_pod_create_real_gke_kube-rs.json'));
    assert.equal(admission.body.response.allowed, true);

    const audit = await post(`${served.url}${pathOf(rendered.auditWebhookConfig)}`,
      fixture('k8s-audit/audit_eventlist_v1_DERIVED_wrapping_falco_real_events.json'));
    assert.equal(audit.body.events, 3);

    const authz = await post(`${served.url}${pathOf(rendered.authzWebhookConfig)}`,
      fixture('k8s-authz/sar_v1beta1_request_resource_docs.json'));
    assert.deepEqual(authz.body.status, { allowed: false, denied: true, reason: 'no kittens' });

    const events = await allEvents(t.store);
    assert.deepEqual(events.map((e) => `${e.source}:${e.event}:${e.actor}`).sort(), [
      'admission:create:colin@coder.com',
      'audit:create:minikube-user',
      'audit:create:system:kube-controller-manager',
      'audit:delete:minikube-user',
      'authz:deny:jane',
    ]);
  });
});
