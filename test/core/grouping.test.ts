import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { CHAT_GROUPING, groupingOf, groupKey, GroupingSchema, NO_GROUPING } from '../../src/core/grouping.ts';
import { sendIntervalMs } from '../../src/core/send-rate.ts';

describe('grouping settings', () => {
  it('defaults to grouping by cluster on chat platforms and to one by one on custom HTTP', () => {
    assert.deepEqual(groupingOf(undefined, true), CHAT_GROUPING);
    assert.deepEqual(CHAT_GROUPING, { enabled: true, by: ['cluster'], waitSeconds: 0, intervalSeconds: 0, maxEvents: 50 });
    assert.equal(groupingOf(undefined, false), NO_GROUPING);
    assert.equal(NO_GROUPING.enabled, false);
  });

  it('refuses a field it cannot group by, naming it', () => {
    const r = GroupingSchema.safeParse({ by: ['cluster', 'colour'] });
    assert.equal(r.success, false);
    assert.deepEqual(r.error!.issues[0]!.path, ['by', 1]);
  });

  it('keys events by the chosen fields only, without collisions between values holding separators', () => {
    const a = normalizeEvent({ event: 'update', cluster: 'c', namespace: 'a/b', name: 'x' }, 'e1');
    const b = normalizeEvent({ event: 'delete', cluster: 'c', namespace: 'a/b', name: 'y' }, 'e2');
    const c = normalizeEvent({ event: 'update', cluster: 'c/a', namespace: 'b', name: 'x' }, 'e3');
    assert.equal(groupKey(a, ['cluster', 'namespace']), groupKey(b, ['cluster', 'namespace']));
    assert.notEqual(groupKey(a, ['cluster', 'namespace']), groupKey(c, ['cluster', 'namespace']));
  });

  it('spaces requests evenly for a rate per minute, and not at all without one', () => {
    assert.equal(sendIntervalMs(60), 1000);
    assert.equal(sendIntervalMs(20), 3000);
    assert.equal(sendIntervalMs(undefined), null);
  });
});
