import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { FiltersSchema, matchesFilters } from '../../src/core/filters.ts';

const event = normalizeEvent({
  event: 'update', cluster: 'prod-eu', namespace: 'payments', resource: 'Deployment', name: 'api',
  labels: { app: 'api', tier: 'backend' },
}, 'evt_1');

const filters = (f: object) => FiltersSchema.parse(f);

describe('webhook filters', () => {
  it('matches everything by default', () => {
    assert.equal(matchesFilters(filters({}), event), true);
  });

  it('filters by event type, cluster, kind and namespace, each with globs', () => {
    assert.equal(matchesFilters(filters({ events: ['create', 'delete'] }), event), false);
    assert.equal(matchesFilters(filters({ events: ['update'] }), event), true);
    assert.equal(matchesFilters(filters({ clusters: ['prod-*'] }), event), true);
    assert.equal(matchesFilters(filters({ clusters: ['staging'] }), event), false);
    assert.equal(matchesFilters(filters({ kinds: ['deployment'] }), event), true, 'kinds match case-insensitively');
    assert.equal(matchesFilters(filters({ kinds: ['StatefulSet'] }), event), false);
    assert.equal(matchesFilters(filters({ namespaces: ['kube-system'] }), event), false);
    assert.equal(matchesFilters(filters({ namespaces: ['pay*'] }), event), true);
  });

  it('requires every active filter to match', () => {
    assert.equal(matchesFilters(filters({ events: ['update'], clusters: ['staging'] }), event), false);
  });

  it('evaluates label conditions In, NotIn, Exists and DoesNotExist', () => {
    const f = (labels: object[]) => filters({ labels });
    assert.equal(matchesFilters(f([{ key: 'app', operator: 'In', values: ['api', 'web'] }]), event), true);
    assert.equal(matchesFilters(f([{ key: 'app', operator: 'In', values: ['web'] }]), event), false);
    assert.equal(matchesFilters(f([{ key: 'tier', operator: 'NotIn', values: ['frontend'] }]), event), true);
    assert.equal(matchesFilters(f([{ key: 'tier', operator: 'NotIn', values: ['backend'] }]), event), false);
    assert.equal(matchesFilters(f([{ key: 'missing', operator: 'NotIn', values: ['x'] }]), event), true, 'NotIn holds without the label, as in Kubernetes');
    assert.equal(matchesFilters(f([{ key: 'app', operator: 'Exists' }]), event), true);
    assert.equal(matchesFilters(f([{ key: 'owner', operator: 'Exists' }]), event), false);
    assert.equal(matchesFilters(f([{ key: 'owner', operator: 'DoesNotExist' }]), event), true);
    assert.equal(matchesFilters(f([{ key: 'app', operator: 'DoesNotExist' }]), event), false);
    assert.equal(matchesFilters(f([{ key: 'app', operator: 'Exists' }, { key: 'tier', operator: 'In', values: ['db'] }]), event), false);
  });

  it('rejects conditions that cannot mean anything', () => {
    assert.equal(FiltersSchema.safeParse({ labels: [{ key: 'a', operator: 'In', values: [] }] }).success, false);
    assert.equal(FiltersSchema.safeParse({ labels: [{ key: 'a', operator: 'Exists', values: ['x'] }] }).success, false);
    assert.equal(FiltersSchema.safeParse({ labels: [{ key: 'a', operator: 'Matches', values: ['x'] }] }).success, false);
  });
});

describe('filters that say no', () => {
  const at = (over: object) => normalizeEvent({
    event: 'update', cluster: 'prod-eu', namespace: 'payments', resource: 'Deployment', name: 'api', actor: 'jane@example.com', ...over,
  }, 'evt_2');

  it('an exclusion alone keeps everything else', () => {
    const f = filters({ namespaces: ['!kube-system', '!*-canary'] });
    assert.equal(matchesFilters(f, at({})), true);
    assert.equal(matchesFilters(f, at({ namespace: 'kube-system' })), false);
    assert.equal(matchesFilters(f, at({ namespace: 'shop-canary' })), false, 'a glob exclusion');
    assert.equal(matchesFilters(f, at({ namespace: 'KUBE-SYSTEM' })), false, 'exclusions match case-insensitively too');
  });

  it('inclusions and exclusions together: some inclusion and no exclusion', () => {
    const f = filters({ namespaces: ['prod-*', '!prod-canary'] });
    assert.equal(matchesFilters(f, at({ namespace: 'prod-shop' })), true);
    assert.equal(matchesFilters(f, at({ namespace: 'prod-canary' })), false, 'excluded although included');
    assert.equal(matchesFilters(f, at({ namespace: 'staging' })), false, 'not included');
  });

  it('every list filter accepts exclusions', () => {
    assert.equal(matchesFilters(filters({ events: ['!update'] }), at({})), false);
    assert.equal(matchesFilters(filters({ clusters: ['!prod-*'] }), at({})), false);
    assert.equal(matchesFilters(filters({ kinds: ['!deployment'] }), at({})), false);
    assert.equal(matchesFilters(filters({ kinds: ['!Secret'] }), at({})), true);
  });

  it('an actor filter keeps only human changes', () => {
    const f = filters({ actors: ['!system:serviceaccount:*'] });
    assert.equal(matchesFilters(f, at({})), true);
    assert.equal(matchesFilters(f, at({ actor: 'system:serviceaccount:kube-system:deployment-controller' })), false);
    assert.equal(matchesFilters(filters({ actors: ['*@example.com'] }), at({ actor: 'bob@elsewhere.org' })), false);
  });

  it('a field filter passes an update only when a changed path matches', () => {
    const f = filters({ fields: ['spec.template.spec.containers[*].image'] });
    const image = at({ changes: [{ field: 'spec.template.spec.containers[name=api].image', old: 'a:1', new: 'a:2' }] });
    const replicas = at({ changes: [{ field: 'spec.replicas', old: 1, new: 2 }] });
    assert.equal(matchesFilters(f, image), true, '[*] matches the [name=...] merge-key form');
    assert.equal(matchesFilters(f, replicas), false);
    assert.equal(matchesFilters(f, at({ changes: [] })), false, 'an update without changes has no matching path');
    assert.equal(matchesFilters(f, at({ event: 'create' })), true, 'not an update: the field filter does not apply');
  });

  it('a field exclusion drops updates that only touch excluded paths', () => {
    const f = filters({ fields: ['!metadata.annotations.**', '!status.**'] });
    assert.equal(matchesFilters(f, at({ changes: [{ field: 'status.readyReplicas', old: 1, new: 2 }] })), false);
    assert.equal(matchesFilters(f, at({ changes: [{ field: 'status.readyReplicas' }, { field: 'spec.replicas' }] })), true);
  });

  it('filters stored before actors and fields existed match as before', () => {
    const { actors: _a, fields: _f, ...old } = filters({ namespaces: ['payments'] });
    assert.equal(matchesFilters(old as never, at({})), true);
  });

  it('refuses a bare "!"', () => {
    const r = FiltersSchema.safeParse({ namespaces: ['!'] });
    assert.equal(r.success, false);
  });
});
