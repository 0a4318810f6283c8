import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { HeraldEvent } from '../../../src/core/event.ts';
import { createAdmissionApp } from '../../../src/sources/admission/index.ts';
import { createAuditApp } from '../../../src/sources/audit/index.ts';
import type { KnownObject } from '../../../src/sources/kubernetes/known-objects.ts';
import { DEPLOYMENTS, FakeKubeApi } from '../../fake-kube-api/server.ts';
import { writeKubeconfig } from '../../fake-kube-api/kubeconfig.ts';
import { openStore, startWatch, storePath, waitForEvents, type Running } from '../cluster-watch/harness.ts';
import { allEvents, memoryLogger, openTestStore, post, serveApp, type TestStore } from './harness.ts';

/**
 * One replicas-and-image edit seen by each source Herald has — the cluster
 * watch (fake API server), admission v1 and v1beta1, and audit — must give the
 * same event: type, changes, detail, labels, summary. Admission and audit run
 * against stores of their own with the kind unwatched, so they record the
 * event themselves.
 */

const ACTOR = 'jane@example.com';
const SAME = ['event', 'cluster', 'namespace', 'resource', 'name', 'actor', 'changes', 'detail', 'labels', 'summary'] as const;

function original() {
  return {
    metadata: { name: 'api', namespace: 'prod', labels: { app: 'api', team: 'payments' } },
    spec: {
      replicas: 2,
      template: { spec: { containers: [{ name: 'sidecar', image: 'proxy:1' }, { name: 'api', image: 'api:1' }] } },
    },
    status: { replicas: 2 },
  };
}

/** What the user does: `kubectl edit` raising replicas and bumping one container image. */
function edit(o: any): void {
  o.spec.replicas = 5;
  o.spec.template.spec.containers[1].image = 'api:2';
  o.metadata.resourceVersion = String(Number(o.metadata.resourceVersion) + 1);
}

function review(apiVersion: string, uid: string, oldObject: object, object: object) {
  return {
    apiVersion, kind: 'AdmissionReview',
    request: {
      uid, kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      name: 'api', namespace: 'prod', operation: 'UPDATE', userInfo: { username: ACTOR, groups: ['system:authenticated'] },
      object, oldObject, dryRun: false,
    },
  };
}

function auditList(auditID: string, patch: object, responseObject: object) {
  return {
    apiVersion: 'audit.k8s.io/v1', kind: 'EventList',
    items: [{
      kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID, stage: 'ResponseComplete',
      requestURI: '/apis/apps/v1/namespaces/prod/deployments/api', verb: 'patch', user: { username: ACTOR },
      objectRef: { resource: 'deployments', namespace: 'prod', name: 'api', apiGroup: 'apps', apiVersion: 'v1' },
      responseStatus: { metadata: {}, code: 200 }, requestObject: patch, responseObject,
      requestReceivedTimestamp: '2026-12-01T10:00:00.000000Z', stageTimestamp: '2026-12-01T10:00:00.010000Z',
    }],
  };
}

/** The strategic merge patch kubectl sends for this edit. */
const PATCH = {
  spec: { replicas: 5, template: { spec: { containers: [{ name: 'api', image: 'api:2' }], $setElementOrder: { containers: [{ name: 'sidecar' }, { name: 'api' }] } } } },
};

describe('one change, every source: the same event', () => {
  let api: FakeKubeApi;
  let run: Running;
  const stores: TestStore[] = [];
  let prior: any;
  let afterEdit: any;
  let watched: HeraldEvent;
  let priorState: unknown;

  async function record(kind: 'admission' | 'audit', body: object, known?: KnownObject): Promise<HeraldEvent> {
    const t = await openTestStore();
    stores.push(t);
    const deps = { ingest: t.ingest, store: t.store, cluster: 'prod', isWatched: () => false, logger: memoryLogger(), auth: { insecureAllowUnauthenticated: true }, ...(known === undefined ? {} : { known }) };
    const served = await serveApp(kind === 'admission' ? createAdmissionApp(deps) : createAuditApp(deps));
    try {
      const res = await post(served.url, body);
      assert.equal(res.status, 200, JSON.stringify(res.body));
    } finally {
      await served.close();
    }
    const events = await allEvents(t.store);
    assert.equal(events.length, 1, `${kind} records one event`);
    return events[0]!;
  }

  before(async () => {
    api = await FakeKubeApi.start();
    prior = api.create(DEPLOYMENTS, original());
    const { dir, db } = storePath('same-change');
    const kubeconfig = writeKubeconfig(dir, [{ name: 'prod', server: api.url }]);
    run = await startWatch({ clusters: [{ name: 'prod', kubeconfig }], kinds: ['Deployment'], announceExisting: true }, openStore(db));
    await waitForEvents(run.store, 1);
    priorState = run.watch.known('prod', 'Deployment', 'prod', 'api');

    // Admission sees the write first and, the kind being watched, leaves the actor for the watch's event.
    const hinting = createAdmissionApp({ ingest: run.ingestor, store: run.store, cluster: 'prod', isWatched: run.watch.isWatched, logger: memoryLogger(), auth: { insecureAllowUnauthenticated: true } });
    const served = await serveApp(hinting);
    const probe = structuredClone(prior);
    edit(probe);
    await post(served.url, review('admission.k8s.io/v1', 'hint-uid', prior, probe));
    await served.close();
    afterEdit = api.update(DEPLOYMENTS, 'prod', 'api', edit);
    watched = (await waitForEvents(run.store, 2))[1]!;
  });
  after(async () => {
    await run.stop();
    await run.store.close();
    await api.close();
    for (const t of stores) await t.close();
  });

  it('the watch names it a scale with both fields, the labels and the actor', () => {
    assert.equal(watched.event, 'scale');
    assert.deepEqual(watched.changes, [
      { field: 'spec.replicas', old: 2, new: 5 },
      { field: 'spec.template.spec.containers[name=api].image', old: 'api:1', new: 'api:2' },
    ]);
    assert.deepEqual(watched.detail, { field: 'spec.replicas', old: 2, new: 5 });
    assert.deepEqual(watched.labels, { app: 'api', team: 'payments' });
    assert.equal(watched.summary, `Deployment prod/api scaled from 2 to 5 by ${ACTOR}`);
  });

  for (const apiVersion of ['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']) {
    it(`${apiVersion} admission gives the watch's event field by field`, async () => {
      const ev = await record('admission', review(apiVersion, `uid-${apiVersion}`, prior, afterEdit));
      for (const f of SAME) assert.deepEqual(ev[f], watched[f], f);
      assert.equal(ev.source, 'admission');
    });
  }

  it('audit (patch + responseObject) gives the watch\'s event field by field when the watch holds the old state', async () => {
    const ev = await record('audit', auditList('audit-1', PATCH, afterEdit), () => priorState);
    for (const f of SAME) assert.deepEqual(ev[f], watched[f], f);
    assert.equal(ev.source, 'audit');
  });

  it('audit without any old state still gives the same type, fields, new values and labels', async () => {
    const ev = await record('audit', auditList('audit-2', PATCH, afterEdit));
    assert.equal(ev.event, 'scale');
    assert.deepEqual(ev.changes, watched.changes.map(({ old: _old, ...rest }) => rest));
    assert.deepEqual(ev.labels, watched.labels);
    assert.equal(ev.summary, `Deployment prod/api scaled to 5 by ${ACTOR}`);
  });

  it('a /scale subresource write is the same scale, with the parent\'s labels from the watch\'s state', async () => {
    const scaleObj = (replicas: number) => ({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'api', namespace: 'prod' }, spec: { replicas } });
    const known = run.watch.known;
    const scaleReview = review('admission.k8s.io/v1', 'scale-uid', scaleObj(5), scaleObj(7)) as any;
    Object.assign(scaleReview.request, {
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, subResource: 'scale',
      requestKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, requestSubResource: 'scale',
    });
    const viaAdmission = await record('admission', scaleReview, known);
    const auditScale = auditList('audit-scale', { spec: { replicas: 7 } }, scaleObj(7)) as any;
    auditScale.items[0].objectRef.subresource = 'scale';
    auditScale.items[0].requestURI += '/scale';
    const viaAudit = await record('audit', auditScale, known);

    api.scale(DEPLOYMENTS, 'prod', 'api', 7);
    const viaWatch = (await waitForEvents(run.store, 3))[2]!;
    assert.deepEqual(viaWatch.changes, [{ field: 'spec.replicas', old: 5, new: 7 }]);
    for (const ev of [viaAdmission, viaAudit]) {
      for (const f of SAME) if (f !== 'actor' && f !== 'summary') assert.deepEqual(ev[f], viaWatch[f], `${ev.source} ${f}`);
      assert.equal(ev.summary, `Deployment prod/api scaled from 5 to 7 by ${ACTOR}`);
    }
    assert.deepEqual(viaAdmission.labels, { app: 'api', team: 'payments' }, 'the Scale has no labels; the parent\'s are used');
  });
});
