import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import { fixture } from '../../support/fixtures.ts';
import { eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';

const GITHUB_SECRET = 'github-webhook-secret';
const STANDARD_SECRET = `whsec_${Buffer.from('standard-webhooks-inbound-secret').toString('base64')}`;
const AM_TOKEN = 'alertmanager-bearer-token-0123';

describe('inbound webhooks at /hooks/:source', () => {
  let herald: TestHerald;
  let all: Receiver;
  let critical: Receiver;
  before(async () => {
    herald = await startTestHerald({
      inbound: {
        keepRejected: 1000,
        sources: [
          { name: 'github', type: 'github', secret: GITHUB_SECRET, cluster: 'ci' },
          { name: 'alerts', type: 'alertmanager', token: AM_TOKEN, cluster: 'prod-eu' },
          { name: 'svix', type: 'standard', secret: STANDARD_SECRET },
          { name: 'shop', type: 'hmac', secret: 'shop-hmac-secret', header: 'X-Shop-Signature', prefix: 'sha256=', timestampHeader: 'X-Shop-Timestamp', idHeader: 'X-Shop-Id' },
          { name: 'monitor', type: 'token', token: 'monitor-query-token-0123', allowGet: true },
        ],
      } as never,
    });
    all = await startReceiver();
    critical = await startReceiver();
    await herald.api('/api/v1/webhooks', { body: { name: 'everything', url: all.url } });
    await herald.api('/api/v1/webhooks', { body: { name: 'critical-only', url: critical.url, filters: { events: ['alert', 'resolved'], labels: [{ key: 'severity', operator: 'In', values: ['critical'] }] } } });
  });
  after(async () => { await herald.close(); await all.close(); await critical.close(); });

  const post = (source: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${herald.url}/hooks/${source}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const received = (r: Receiver, source: string) => r.requests.map((q) => JSON.parse(q.body)).filter((e) => e.source === source);

  it('verifies a GitHub push signed by the octokit library and fans it out', async () => {
    const body = fixture('github/github_push_with-new-branch.payload.json');
    const res = await post('github', body, {
      'x-hub-signature-256': await githubSign(GITHUB_SECRET, body), 'x-github-event': 'push', 'x-github-delivery': 'delivery-1',
    });
    assert.equal(res.status, 202);
    const event = await eventually(() => received(all, 'github')[0]);
    assert.equal(event.event, 'github.push');
    assert.equal(event.name, 'Codertocat/Hello-World');
    assert.equal(event.cluster, 'ci');
    assert.match(event.summary, /^push to refs\/heads\//);
  });

  it('acknowledges a GitHub redelivery (same X-GitHub-Delivery) without fanning out twice', async () => {
    const body = fixture('github/github_push_payload.json');
    const headers = { 'x-hub-signature-256': await githubSign(GITHUB_SECRET, body), 'x-github-event': 'push', 'x-github-delivery': 'delivery-2' };
    assert.equal((await post('github', body, headers)).status, 202);
    const again = await post('github', body, headers);
    assert.equal(again.status, 200);
    assert.equal((await again.json() as any).status, 'duplicate');
    await eventually(() => (received(all, 'github').length >= 2 ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(received(all, 'github').filter((e) => e.data.delivery === 'delivery-2').length, 1);
  });

  it('refuses a wrong or missing signature with 401, records it, and delivers nothing', async () => {
    const body = fixture('github/github_push_payload.json');
    const before = all.requests.length;
    const wrong = await post('github', body, { 'x-hub-signature-256': await githubSign('not-the-secret', body), 'x-github-event': 'push', 'x-github-delivery': 'evil-1' });
    assert.equal(wrong.status, 401);
    assert.equal((await wrong.json() as any).error.code, 'SIGNATURE_INVALID');
    const missing = await post('github', body, { 'x-github-event': 'push', 'x-github-delivery': 'evil-2' });
    assert.equal(missing.status, 401);
    const rejected = await listRejected(herald.store, 'github');
    assert.deepEqual(rejected.map((r) => r.reason), ['X-Hub-Signature-256 does not match', 'missing X-Hub-Signature-256']);
    assert.equal(rejected[0]!.remoteAddress, '127.0.0.1');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(all.requests.length, before);
  });

  it('turns each Alertmanager alert into an event with its labels, filtered by label conditions', async () => {
    const payload = JSON.parse(fixture('alertmanager/alertmanager_webhook_payload_real_prometheus-msteams_prom_post_request.json'));
    payload.alerts.push({ ...payload.alerts[0], labels: { ...payload.alerts[0].labels, severity: 'critical', alertname: 'disk_full', namespace: 'payments' }, status: 'resolved' });
    const res = await post('alerts', JSON.stringify(payload), { authorization: `Bearer ${AM_TOKEN}` });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { status: 'accepted', recorded: 2, duplicates: 0 });
    const events = await eventually(() => (received(all, 'alerts').length === 2 ? received(all, 'alerts') : undefined));
    const warning = events.find((e) => e.labels.severity === 'warning');
    assert.equal(warning.event, 'alert');
    assert.equal(warning.summary, 'Server High Memory usage');
    assert.equal(warning.cluster, 'prod-eu');
    assert.equal(warning.data.annotations.description, '10.80.40.11 reported high memory usage with 23.28%.');
    const crit = await eventually(() => received(critical, 'alerts')[0]);
    assert.equal(crit.event, 'resolved');
    assert.equal(crit.namespace, 'payments');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(received(critical, 'alerts').length, 1, 'the warning did not reach the critical-only webhook');
    const repeat = await post('alerts', JSON.stringify(payload), { authorization: `Bearer ${AM_TOKEN}` });
    assert.deepEqual(await repeat.json(), { status: 'duplicate', recorded: 0, duplicates: 2 }, 'a repeated notification is recorded once');
    assert.equal((await post('alerts', JSON.stringify(payload))).status, 401, 'the bearer token is required');
  });

  it('answers malformed Alertmanager JSON with 400 naming the field', async () => {
    const res = await post('alerts', JSON.stringify({ status: 'firing', alerts: 'nope' }), { authorization: `Bearer ${AM_TOKEN}` });
    assert.equal(res.status, 400);
    assert.equal((await res.json() as any).error.field, 'alerts');
    const notJson = await post('alerts', '{"status":', { authorization: `Bearer ${AM_TOKEN}` });
    assert.equal((await notJson.json() as any).error.field, 'body');
  });

  it('verifies Standard Webhooks signed by the reference library, refusing tampering and old timestamps', async () => {
    const wh = new StandardWebhook(STANDARD_SECRET);
    const body = JSON.stringify({ event: 'deploy.finished', name: 'payments-api', summary: 'deployed v42' });
    const signed = (id: string, at: Date, content = body) => ({ 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': wh.sign(id, at, content) });
    assert.equal((await post('svix', body, signed('msg_1', new Date()))).status, 202);
    const event = await eventually(() => received(all, 'svix')[0]);
    assert.deepEqual([event.event, event.name, event.summary], ['deploy.finished', 'payments-api', 'deployed v42']);
    assert.equal((await post('svix', body.replace('v42', 'v43'), signed('msg_2', new Date()))).status, 401);
    assert.equal((await post('svix', body, signed('msg_3', new Date(Date.now() - 10 * 60_000)))).status, 401);
    assert.equal((await post('svix', body, signed('msg_1', new Date()))).status, 200, 'same webhook-id is a duplicate');
  });

  it('verifies a generic HMAC signer with a timestamp', async () => {
    const body = JSON.stringify({ message: 'order 17 paid' });
    const ts = String(Math.floor(Date.now() / 1000));
    const sig = `sha256=${createHmac('sha256', 'shop-hmac-secret').update(`${ts}.${body}`).digest('hex')}`;
    const ok = await post('shop', body, { 'x-shop-signature': sig, 'x-shop-timestamp': ts, 'x-shop-id': 'o-17' });
    assert.equal(ok.status, 202);
    const event = await eventually(() => received(all, 'shop')[0]);
    assert.deepEqual([event.event, event.summary], ['inbound', 'order 17 paid']);
    const stale = String(Math.floor(Date.now() / 1000) - 3600);
    const staleSig = `sha256=${createHmac('sha256', 'shop-hmac-secret').update(`${stale}.${body}`).digest('hex')}`;
    assert.equal((await post('shop', body, { 'x-shop-signature': staleSig, 'x-shop-timestamp': stale })).status, 401);
  });

  it('accepts GET senders whose payload is the query string, token required and not kept', async () => {
    const res = await fetch(`${herald.url}/hooks/monitor?token=monitor-query-token-0123&event=down&name=api.example.com&summary=HTTP%20503`);
    assert.equal(res.status, 202);
    const event = await eventually(() => received(all, 'monitor')[0]);
    assert.deepEqual([event.event, event.name, event.summary], ['down', 'api.example.com', 'HTTP 503']);
    assert.equal(JSON.stringify(event).includes('monitor-query-token'), false);
    assert.equal((await fetch(`${herald.url}/hooks/monitor?token=wrong-token-000000000&event=down`)).status, 401);
    assert.equal((await fetch(`${herald.url}/hooks/github?x=1`)).status, 400, 'GET only where allowed');
  });

  it('answers once the event is recorded, without waiting for a slow receiver', async () => {
    const slow = await startReceiver(() => ({ delayMs: 3000 }));
    try {
      await herald.api('/api/v1/webhooks', { body: { name: 'slow', url: slow.url, filters: { namespaces: ['slow-lane'] } } });
      const wh = new StandardWebhook(STANDARD_SECRET);
      const body = JSON.stringify({ event: 'deploy.started', namespace: 'slow-lane', name: 'x' });
      const now = new Date();
      const started = Date.now();
      const res = await post('svix', body, { 'webhook-id': 'msg_slow', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': wh.sign('msg_slow', now, body) });
      assert.equal(res.status, 202);
      assert.ok(Date.now() - started < 1000, `answered after ${Date.now() - started} ms`);
      await slow.waitFor(1, 5000);
    } finally {
      await slow.close();
    }
  });

  it('answers an unknown source with 404', async () => {
    const res = await post('nobody', '{}');
    assert.equal(res.status, 404);
    assert.equal((await res.json() as any).error.code, 'NOT_FOUND');
  });
});
