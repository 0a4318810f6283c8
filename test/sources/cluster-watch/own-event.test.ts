import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ownEvent, type OwnEvent } from '../../../src/sources/cluster-watch/own-event.ts';

describe('ownEvent', () => {
  const built: OwnEvent = {
    event: 'scale', cluster: 'prod', namespace: 'default', resource: 'Deployment', name: 'api', actor: '',
    changes: [{ field: 'spec.replicas', old: 1, new: 2 }], detail: { field: 'spec.replicas', old: 1, new: 2 },
    labels: { app: 'api' }, summary: 'Deployment default/api scaled from 1 to 2', source: 'cluster-watch',
    dedupKey: 'kube:prod:Deployment:default/api:7:scale', data: { resourceVersion: '7' },
  };

  it('takes an event the watch built as it is: the same object, not a parsed copy', () => {
    assert.equal(ownEvent(built), built);
  });

  it('an event with a value longer than the schema allows still fails the full check, naming the field', () => {
    assert.throws(() => ownEvent({ ...built, actor: 'a'.repeat(513) }), (err: any) => err.code === 'VALIDATION' && err.field === 'event.actor');
    assert.throws(() => ownEvent({ ...built, dedupKey: `kube:prod:Widget:${'n'.repeat(600)}` }),
      (err: any) => err.code === 'VALIDATION' && err.field === 'event.dedupKey');
  });
});
