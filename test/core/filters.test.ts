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
