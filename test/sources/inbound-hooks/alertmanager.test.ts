import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import { fixture } from '../../support/fixtures.ts';
import type { Receiver } from '../../support/receiver.ts';
import { errorOf, received, receivedN, settle, startInbound, type InboundHerald } from './harness.ts';

/**
 * Alertmanager webhook_config (version 4): the real prometheus-msteams
 * capture (one firing alert, no per-alert status or fingerprint) plus a
 * second alert shaped like today's Alertmanager sends (status, fingerprint).
 */
const TOKEN = 'alertmanager-bearer-token-0123';
const BEARER = { authorization: `Bearer ${TOKEN}` };
const BASIC = { authorization: `Basic ${Buffer.from('alertmanager:basic-password').toString('base64')}` };

function groupPayload(): any {
  const payload = JSON.parse(fixture('alertmanager/alertmanager_webhook_payload_real_prometheus-msteams_prom_post_request.json'));
  payload.alerts.push({
    status: 'resolved',
    labels: { alertname: 'KubePodCrashLooping', severity: 'critical', namespace: 'payments', pod: 'api-7d9f', cluster: 'prod-us' },
    annotations: { description: 'Pod payments/api-7d9f is crash looping.' },
    startsAt: '2024-05-01T10:00:00Z', endsAt: '2024-05-01T10:30:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x', fingerprint: 'a1b2c3d4e5f60718',
  });
  return payload;
}

describe('inbound Alertmanager source', () => {
  let h: InboundHerald;
  let all: Receiver;
  let critical: Receiver;
  before(async () => {
    h = await startInbound([
      { name: 'am', type: 'alertmanager', token: TOKEN, cluster: 'prod-eu' },
      { name: 'am-basic', type: 'alertmanager', basic: { username: 'alertmanager', password: 'basic-password' }, notifyRepeats: true },
    ]);
    all = await h.receiver('all');
    critical = await h.receiver('critical', { labels: [{ key: 'severity', operator: 'In', values: ['critical'] }] });
  });
  after(() => h.close());

  it('turns each alert into one event with its labels, firing → alert and resolved → resolved', async () => {
    const res = await h.post('am', JSON.stringify(groupPayload()), BEARER);
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { status: 'accepted', recorded: 2, duplicates: 0 });
    const events = await receivedN(all, 'am', 2);
    const memory = events.find((e) => e.labels.alertname === 'high_memory_load');
    const crash = events.find((e) => e.labels.alertname === 'KubePodCrashLooping');
    assert.equal(memory.event, 'alert', 'the group status stands in for a missing alert status');
    assert.equal(memory.summary, 'Server High Memory usage');
    assert.equal(memory.cluster, 'prod-eu', 'no cluster label: the source\'s cluster');
    assert.deepEqual(memory.labels, {
      alertname: 'high_memory_load', instance: 'instance-with-hyphen_and_underscore', job: 'docker_nodes', monitor: 'master', severity: 'warning',
    });
    assert.equal(memory.data.annotations.description, '10.80.40.11 reported high memory usage with 23.28%.');
    assert.equal(memory.data.startsAt, '2018-03-07T06:33:21.873077559-05:00');
    assert.equal(memory.data.status, 'firing');
    assert.match(memory.data.fingerprint, /^[0-9a-f]{16}$/, 'derived from the label set when Alertmanager sent none');

    assert.equal(crash.event, 'resolved');
    assert.equal(crash.cluster, 'prod-us', 'the cluster label wins over the source\'s cluster');
    assert.equal(crash.namespace, 'payments');
    assert.equal(crash.resource, 'Pod');
    assert.equal(crash.name, 'KubePodCrashLooping api-7d9f');
    assert.equal(crash.summary, 'Pod payments/api-7d9f is crash looping.', 'description when there is no summary');
    assert.deepEqual(
      [crash.data.fingerprint, crash.data.endsAt, crash.data.generatorURL],
      ['a1b2c3d4e5f60718', '2024-05-01T10:30:00Z', 'http://prometheus:9090/graph?g0.expr=x'],
    );
  });

  it('delivers to a webhook with the label condition severity In [critical] only the critical alert', async () => {
    const [crash] = await receivedN(critical, 'am', 1);
    assert.equal(crash.labels.alertname, 'KubePodCrashLooping');
    await settle();
    assert.deepEqual(received(critical, 'am').map((e) => e.labels.severity), ['critical']);
  });

  it('records a repeated notification of the same firing once, and a new firing again', async () => {
    const repeat = await h.post('am', JSON.stringify(groupPayload()), BEARER);
    assert.equal(repeat.status, 200);
    assert.deepEqual(await repeat.json(), { status: 'duplicate', recorded: 0, duplicates: 2 });
    const refired = groupPayload();
    refired.alerts[0].startsAt = '2018-03-08T00:00:00Z';
    assert.deepEqual(await (await h.post('am', JSON.stringify(refired), BEARER)).json(), { status: 'accepted', recorded: 1, duplicates: 1 });
    assert.equal((await h.recorded('am')).length, 3);
    assert.ok((await h.recorded('am')).every((e) => /^am:[0-9a-f]+:(firing|resolved):/.test(e.dedupKey ?? '')));
  });

  it('records every notification when notifyRepeats is set, with basic auth', async () => {
    const body = JSON.stringify(groupPayload());
    assert.equal((await h.post('am-basic', body, BASIC)).status, 202);
    assert.equal((await h.post('am-basic', body, BASIC)).status, 202);
    assert.equal((await h.recorded('am-basic')).length, 4);
  });

  it('refuses missing or wrong credentials with 401 and records them', async () => {
    const body = JSON.stringify(groupPayload());
    const none = await h.post('am', body);
    const wrong = await h.post('am', body, { authorization: 'Bearer not-the-token-000000' });
    const wrongBasic = await h.post('am-basic', body, { authorization: `Basic ${Buffer.from('alertmanager:nope').toString('base64')}` });
    for (const res of [none, wrong, wrongBasic]) assert.equal((await errorOf(res)).code, 'SIGNATURE_INVALID');
    assert.deepEqual((await listRejected(h.herald.store, 'am')).map((r) => r.reason), ['no credentials', 'credentials do not match']);
    assert.equal((await listRejected(h.herald.store)).length, 3);
  });

  it('answers malformed payloads with 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      [JSON.stringify({ status: 'firing', alerts: 'nope' }), 'alerts'],
      [JSON.stringify({ alerts: [] }), 'status'],
      [JSON.stringify({ status: 'firing', alerts: [{ labels: { severity: 3 } }] }), 'alerts.0.labels.severity'],
      ['{"status":', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await h.post('am', body, BEARER);
      assert.equal(res.status, 400, body);
      const error = await errorOf(res);
      assert.deepEqual([error.code, error.field], ['VALIDATION', field], body);
    }
  });
});
