import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyChange, compactObject, diffObjects, ignoreMatcher } from '../../src/core/kube-diff.ts';

function deployment(over: { replicas?: number; image?: string; status?: object; meta?: object; annotations?: object } = {}) {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: {
      name: 'api', namespace: 'prod', uid: 'u-1', resourceVersion: '10', generation: 1,
      creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'kubectl' }],
      labels: { app: 'api' }, annotations: over.annotations ?? {}, ...over.meta,
    },
    spec: {
      replicas: over.replicas ?? 2,
      template: { spec: { containers: [{ name: 'api', image: over.image ?? 'api:1' }, { name: 'side', image: 'side:1' }] } },
    },
    status: over.status ?? { replicas: 2, conditions: [{ type: 'Available', lastTransitionTime: 'a' }] },
  };
}

describe('diffObjects', () => {
  it('reports nested changes with dotted paths and list indices', () => {
    const changes = diffObjects(deployment(), deployment({ image: 'api:2' }));
    assert.deepEqual(changes, [{ field: 'spec.template.spec.containers[name=api].image', old: 'api:1', new: 'api:2' }]);
  });

  it('reports added and removed fields leaf by leaf', () => {
    const a = { spec: { a: 1 } };
    const b = { spec: { b: { c: 2 }, list: [1] } };
    assert.deepEqual(diffObjects(a, b), [
      { field: 'spec.a', old: 1 },
      { field: 'spec.b.c', new: 2 },
      { field: 'spec.list[0]', new: 1 },
    ]);
  });

  it('ignores status, bookkeeping metadata, last*Time and the last-applied annotation', () => {
    const before = deployment();
    const after = deployment({
      status: { replicas: 3, conditions: [{ type: 'Available', lastTransitionTime: 'b' }] },
      meta: { resourceVersion: '11', generation: 2, uid: 'u-2', creationTimestamp: 'x', managedFields: [] },
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}' },
    });
    assert.deepEqual(diffObjects(before, after), []);
    assert.deepEqual(diffObjects({ spec: { probe: { lastProbeTime: 1 } } }, { spec: { probe: { lastProbeTime: 2 } } }), []);
  });

  it('ignores annotations controllers write in writes of their own (Deployment revision, Node TTL)', () => {
    // kube-controller-manager sets deployment.kubernetes.io/revision after every create and rollout.
    const rolledOut = deployment({ annotations: { 'deployment.kubernetes.io/revision': '2' } });
    assert.deepEqual(diffObjects(deployment({ annotations: { 'deployment.kubernetes.io/revision': '1' } }), rolledOut), []);
    assert.deepEqual(diffObjects(deployment(), rolledOut), []);
    const node = (ttl: string) => ({ metadata: { name: 'n', annotations: { 'node.alpha.kubernetes.io/ttl': ttl } } });
    assert.deepEqual(diffObjects(node('0'), node('15')), []);
    assert.deepEqual(diffObjects(deployment(), deployment({ annotations: { team: 'a' } })),
      [{ field: 'metadata.annotations.team', new: 'a' }], 'other annotations still count');
  });

  it('uses a configurable ignore list', () => {
    const ignore = ignoreMatcher(['spec.replicas']);
    const changes = diffObjects(deployment(), deployment({ replicas: 5, status: { replicas: 9 } }), ignore);
    assert.ok(changes.some((c) => c.field === 'status.replicas'), 'status is not ignored with a custom list');
    assert.ok(!changes.some((c) => c.field === 'spec.replicas'));
  });
});

describe('compactObject', () => {
  it('strips ignored churn and empty maps left behind', () => {
    const c = compactObject(deployment({ annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } })) as any;
    assert.equal(c.status, undefined);
    assert.equal(c.metadata.resourceVersion, undefined);
    assert.equal(c.metadata.managedFields, undefined);
    assert.equal(c.metadata.annotations, undefined);
    assert.deepEqual(c.metadata.labels, { app: 'api' });
    assert.equal(c.spec.replicas, 2);
  });
});

describe('classifyChange', () => {
  it('names creates, deletes, updates and scales', () => {
    assert.equal(classifyChange(undefined, compactObject(deployment()))?.event, 'create');
    assert.equal(classifyChange(compactObject(deployment()), undefined)?.event, 'delete');
    const update = classifyChange(compactObject(deployment()), compactObject(deployment({ image: 'api:2' })));
    assert.equal(update?.event, 'update');
    assert.equal(update?.detail?.field, 'spec.template.spec.containers[name=api].image');
    const scale = classifyChange(compactObject(deployment()), compactObject(deployment({ replicas: 5, image: 'api:2' })));
    assert.equal(scale?.event, 'scale');
    assert.deepEqual(scale?.detail, { field: 'spec.replicas', old: 2, new: 5 });
    assert.equal(scale?.changes.length, 2);
  });

  it('returns null when only ignored churn changed', () => {
    assert.equal(classifyChange(deployment(), deployment({ status: { replicas: 0 }, meta: { resourceVersion: '99' } })), null);
  });
});
