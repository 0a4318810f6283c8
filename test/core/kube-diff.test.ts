import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyChange, compactObject, deepEqual, diffObjects, fingerprint, ignoreMatcher, MAX_DIFF_DEPTH } from '../../src/core/kube-diff.ts';

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

describe('ignore patterns walked with the object', () => {
  const ignore = ignoreMatcher(['spec.rep', 'spec.template.spec.containers[*].image', 'metadata.annotations.a.b/c', 'data.*.x']);

  it('a pattern ignores everything below the path it names, in compaction and in the diff', () => {
    const ign = ignoreMatcher(['spec.template']);
    const a = { spec: { template: { spec: { containers: [{ name: 'x', image: '1' }] } }, replicas: 1 } };
    const b = { spec: { template: { spec: { containers: [{ name: 'x', image: '2' }] } }, replicas: 1 } };
    assert.deepEqual(compactObject(a, ign), { spec: { replicas: 1 } });
    assert.deepEqual(diffObjects(a, b, ign), []);
  });

  it('a pattern that is a prefix of a field name does not ignore the field', () => {
    assert.deepEqual(compactObject({ spec: { rep: 1, replicas: 2 } }, ignore), { spec: { replicas: 2 } });
    assert.deepEqual(diffObjects({ spec: { rep: 1, replicas: 2 } }, { spec: { rep: 3, replicas: 4 } }, ignore),
      [{ field: 'spec.replicas', old: 2, new: 4 }]);
  });

  it('[*] selects list items by index in compaction and by merge key in the diff', () => {
    const pod = (image: string) => ({ spec: { template: { spec: { containers: [{ name: 'a', image }, { name: 'b', image }] } } } });
    assert.deepEqual(compactObject(pod('1'), ignore), { spec: { template: { spec: { containers: [{ name: 'a' }, { name: 'b' }] } } } });
    assert.deepEqual(diffObjects(pod('1'), pod('2'), ignore), []);
  });

  it('a map key holding dots matches the pattern as its path reads', () => {
    const obj = { metadata: { annotations: { 'a.b/c': '1', 'a.b/d': '2' } } };
    assert.deepEqual(compactObject(obj, ignore), { metadata: { annotations: { 'a.b/d': '2' } } });
  });

  it('* stands for one key, and an ignored field below it drops its emptied map', () => {
    assert.deepEqual(compactObject({ data: { k1: { x: 1 }, k2: { x: 2, y: 3 }, k3: {} } }, ignore), { data: { k2: { y: 3 }, k3: {} } });
    assert.deepEqual(diffObjects({ data: { k1: { x: 1, y: 1 } } }, { data: { k1: { x: 2, y: 2 } } }, ignore),
      [{ field: 'data.k1.y', old: 1, new: 2 }]);
  });

  it('the default list is compiled once and shared', () => {
    assert.equal(ignoreMatcher(), ignoreMatcher());
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

describe('lists compared by their Kubernetes merge keys', () => {
  const pod = (env: Array<{ name: string; value: string }>, extra: object = {}) => ({
    spec: { template: { spec: { containers: [{ name: 'api', image: 'api:1', env, ...extra }] } } },
  });

  it('an env var added in the middle is one change naming it, not a shift of every later item', () => {
    const before = pod([{ name: 'A', value: '1' }, { name: 'Z', value: '26' }]);
    const after = pod([{ name: 'A', value: '1' }, { name: 'LOG_LEVEL', value: 'debug' }, { name: 'Z', value: '26' }]);
    assert.deepEqual(diffObjects(before, after), [
      { field: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL]', new: { name: 'LOG_LEVEL', value: 'debug' } },
    ]);
    assert.deepEqual(diffObjects(after, before), [
      { field: 'spec.template.spec.containers[name=api].env[name=LOG_LEVEL]', old: { name: 'LOG_LEVEL', value: 'debug' } },
    ], 'removed the same way');
  });

  it('reordering keyed items is no change; a changed item is reported inside it', () => {
    const before = pod([{ name: 'A', value: '1' }, { name: 'B', value: '2' }]);
    assert.deepEqual(diffObjects(before, pod([{ name: 'B', value: '2' }, { name: 'A', value: '1' }])), []);
    assert.deepEqual(diffObjects(before, pod([{ name: 'A', value: '1' }, { name: 'B', value: '3' }])),
      [{ field: 'spec.template.spec.containers[name=api].env[name=B].value', old: '2', new: '3' }]);
  });

  it('volumeMounts by mountPath, ports by containerPort (+protocol when not TCP), Service ports by port, ownerReferences by uid', () => {
    const mounts = (paths: string[]) => pod([], { volumeMounts: paths.map((p) => ({ name: 'v', mountPath: p })) });
    assert.deepEqual(diffObjects(mounts(['/a']), mounts(['/b', '/a'])).map((c) => c.field),
      ['spec.template.spec.containers[name=api].volumeMounts[mountPath=/b]']);
    const ports = (list: object[]) => pod([], { ports: list });
    assert.deepEqual(diffObjects(ports([{ containerPort: 53, protocol: 'TCP' }]),
      ports([{ containerPort: 53, protocol: 'UDP' }, { containerPort: 53, protocol: 'TCP', name: 'dns' }])).map((c) => c.field), [
      'spec.template.spec.containers[name=api].ports[containerPort=53,protocol=UDP]',
      'spec.template.spec.containers[name=api].ports[containerPort=53].name',
    ]);
    assert.deepEqual(diffObjects({ spec: { ports: [{ port: 80 }] } }, { spec: { ports: [{ port: 443 }, { port: 80 }] } }).map((c) => c.field),
      ['spec.ports[port=443]']);
    assert.deepEqual(diffObjects({ metadata: { ownerReferences: [{ uid: 'u1', name: 'a' }] } },
      { metadata: { ownerReferences: [{ uid: 'u0', name: 'z' }, { uid: 'u1', name: 'a' }] } }).map((c) => c.field),
    ['metadata.ownerReferences[uid=u0]']);
  });

  it('lists the API treats as atomic (tolerations, args) and items without a distinct key keep index paths', () => {
    assert.deepEqual(diffObjects({ spec: { tolerations: [{ key: 'a' }] } }, { spec: { tolerations: [{ key: 'b' }, { key: 'a' }] } }).map((c) => c.field),
      ['spec.tolerations[0].key', 'spec.tolerations[1].key']);
    assert.deepEqual(diffObjects(pod([{ name: 'A', value: '1' }, { name: 'A', value: '2' }]), pod([{ name: 'A', value: '1' }, { name: 'A', value: '3' }]))
      .map((c) => c.field), ['spec.template.spec.containers[name=api].env[1].value'], 'duplicate names: indices');
  });

  it('ignore patterns select keyed items with [*], whatever the key value holds', () => {
    const ignore = ignoreMatcher(['spec.template.spec.containers[*].image']);
    const a = { spec: { template: { spec: { containers: [{ name: 'x.y', image: '1', tty: false }] } } } };
    const b = { spec: { template: { spec: { containers: [{ name: 'x.y', image: '2', tty: true }] } } } };
    assert.deepEqual(diffObjects(a, b, ignore).map((c) => c.field), ['spec.template.spec.containers[name=x.y].tty']);
  });

  it('a merge patch gives its leaves as new values, keyed items field by field, null as a removal', () => {
    const patch = { spec: { replicas: 5, template: { spec: { containers: [{ name: 'api', image: 'api:2' }] } } }, metadata: { labels: { old: null } }, $setElementOrder: {} };
    assert.deepEqual(diffObjects({}, patch, ignoreMatcher(), { patch: true }), [
      { field: 'metadata.labels.old' },
      { field: 'spec.replicas', new: 5 },
      { field: 'spec.template.spec.containers[name=api].image', new: 'api:2' },
    ]);
  });
});

function nested(levels: number, leaf: unknown): unknown {
  let o: unknown = leaf;
  for (let i = 0; i < levels; i++) o = { a: o };
  return o;
}

describe('depth', () => {
  it('objects nested 10,000 levels (the API server limit) are compared without overflowing the stack', () => {
    const changes = diffObjects({ spec: nested(10_000, 1) }, { spec: nested(10_000, 2) });
    assert.equal(changes.length, 1, 'the deep difference is one change');
    const [c] = changes;
    assert.equal(c!.field.split('.').length, MAX_DIFF_DEPTH, 'reported at the depth bound');
    assert.doesNotThrow(() => JSON.stringify(c), 'its values are cut short, so the event can be stored');
    assert.equal(deepEqual(nested(10_000, 1), nested(10_000, 1)), true);
    assert.equal(deepEqual(nested(10_000, 1), nested(10_000, 2)), false);
    assert.deepEqual(diffObjects({ spec: nested(10_000, 1) }, { spec: nested(10_000, 1) }), [], 'equal deep trees: no change');
  });

  it('shallow differences keep their full paths', () => {
    assert.deepEqual(diffObjects({ spec: nested(3, 1) }, { spec: nested(3, 2) }), [{ field: 'spec.a.a.a', old: 1, new: 2 }]);
  });
});

describe('compactObject at depth', () => {
  it('turns a subtree at the depth bound into a fingerprint, so the watch state stays storable and deep changes are still seen', () => {
    const one = compactObject({ spec: nested(10_000, 1) });
    assert.doesNotThrow(() => JSON.stringify(one));
    assert.equal(JSON.stringify(compactObject({ spec: nested(10_000, 1) })), JSON.stringify(one), 'the same tree, the same fingerprint');
    const changes = classifyChange(one, compactObject({ spec: nested(10_000, 2) }))!.changes;
    assert.equal(changes.length, 1);
    assert.match(String(changes[0]!.old), /^…sha256:[0-9a-f]{16}$/);
    assert.notEqual(changes[0]!.old, changes[0]!.new);
  });

  it('fingerprints ignore key order, like the diff', () => {
    assert.equal(fingerprint({ a: 1, b: [1, { c: null }] }), fingerprint({ b: [1, { c: null }], a: 1 }));
    assert.notEqual(fingerprint({ a: [1, 2] }), fingerprint({ a: [12] }));
    assert.notEqual(fingerprint({ a: '1' }), fingerprint({ a: 1 }));
  });
});
