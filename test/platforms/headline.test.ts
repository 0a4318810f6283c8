import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent, type EventInput } from '../../src/core/event.ts';
import { messageFor } from '../../src/platforms/group-message.ts';
import { headlineOf, humanTime } from '../../src/platforms/headline.ts';
import { buildMessage, UNNAMED_CLUSTER } from '../../src/platforms/message.ts';
import { CASES } from './events.ts';

const ev = (input: EventInput, id = 'evt_1') => normalizeEvent({ timestamp: '2025-03-04T05:06:00.000Z', ...input }, id);

describe('headlines a person would write', () => {
  it('names the object, what happened and who did it', () => {
    assert.equal(headlineOf(ev({ event: 'scale', namespace: 'prod-shop', resource: 'Deployment', name: 'checkout', actor: 'jane@example.com',
      detail: { field: 'spec.replicas', old: 3, new: 5 } })), 'Deployment prod-shop/checkout scaled 3 → 5 by jane@example.com');
    assert.equal(headlineOf(CASES.delete!), 'Secret team-a/db-password deleted by bob');
    assert.equal(headlineOf(ev({ event: 'create', resource: 'Namespace', name: 'team-b' })), 'Namespace team-b created');
  });

  it('uses a health event\'s summary, and titles alerts as Alertmanager does', () => {
    assert.equal(headlineOf(CASES.warning!), 'Pod api-7d9 in prod is CrashLoopBackOff (restarted 5 times)');
    assert.equal(headlineOf(CASES.alertmanager!), '[FIRING:1] HighLatency: p99 latency of checkout is 2.3 s');
    assert.equal(headlineOf(CASES['alertmanager-resolved']!), '[RESOLVED] HighLatency: p99 latency of checkout is 2.3 s');
  });

  it('says a test is a test', () => {
    assert.match(headlineOf(CASES.test!), /a test: no action needed/);
  });

  it('writes times for people, in UTC, and leaves an unparseable one as given', () => {
    assert.equal(humanTime('2025-03-04T05:06:07.089Z'), '4 Mar 2025, 05:06:07 UTC');
    assert.equal(humanTime('soon'), 'soon');
  });

  it('always names the cluster, and links to the console only when server.externalUrl is set', () => {
    const bare = buildMessage(ev({ event: 'update', resource: 'ConfigMap', name: 'x' }));
    assert.deepEqual(bare.facts[0], { label: 'Cluster', value: UNNAMED_CLUSTER });
    assert.deepEqual(bare.links, []);
    const linked = buildMessage(CASES.update!, undefined, { consoleUrl: 'https://herald.example.com/' });
    assert.deepEqual(linked.links, [{ label: 'View in Herald', value: 'https://herald.example.com/events?event=evt_update' }]);
  });

  it('gives an alert its severity, runbook and source, and no link that is not a web address', () => {
    const msg = buildMessage(CASES.alertmanager!);
    assert.ok(msg.facts.some((f) => f.label === 'Severity' && f.value === 'warning'));
    assert.deepEqual(msg.links.map((l) => l.label), ['Runbook', 'Source']);
    const sneaky = { ...CASES.alertmanager!, data: { status: 'firing', annotations: { runbook_url: 'javascript:alert(1)' } } };
    assert.deepEqual(buildMessage(sneaky).links, []);
  });
});

describe('a group as one message', () => {
  const burst = Array.from({ length: 30 }, (_, i) => ev({ event: i < 20 ? 'update' : 'delete', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: `svc-${i}`, actor: 'ci' }, `evt_${i}`));

  it('counts the events, says where and by whom, lists the first ones and counts the rest, loudest tone', () => {
    const msg = messageFor(burst[0]!, { group: burst });
    assert.equal(msg.headline, '30 events in prod/shop by ci: 20 update, 10 delete');
    assert.equal(msg.items.length, 20);
    assert.equal(msg.hiddenItems, 10);
    assert.equal(msg.items[0], 'Deployment shop/svc-0 updated by ci');
    assert.equal(msg.tone, 'danger');
  });

  it('titles a group of one alert rule [FIRING:n]', () => {
    const second = { ...CASES.alertmanager!, id: 'evt_2', name: 'HighLatency cart' };
    assert.equal(messageFor(CASES.alertmanager!, { group: [CASES.alertmanager!, second] }).headline, '[FIRING:2] HighLatency');
  });

  it('is the single message when the group holds one event', () => {
    assert.deepEqual(messageFor(CASES.update!, { group: [CASES.update!] }), buildMessage(CASES.update!));
  });
});
