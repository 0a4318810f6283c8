import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import type { Receiver } from '../../support/receiver.ts';
import { errorOf, received, receivedN, settle, startInbound, type InboundHerald } from './harness.ts';

/**
 * Senders that sign with a shared secret: Standard Webhooks (signed by the
 * reference `standardwebhooks` package) and the generic HMAC type in its
 * header/algorithm/encoding/prefix/timestamp variants.
 */
const WHSEC = `whsec_${Buffer.from('standard-webhooks-inbound-secret!').toString('base64')}`;
const SHOP = 'shop-hmac-secret';
const now = () => Math.floor(Date.now() / 1000);

describe('inbound Standard Webhooks and HMAC sources', () => {
  let h: InboundHerald;
  let all: Receiver;
  before(async () => {
    h = await startInbound([
      { name: 'std', type: 'standard', secret: WHSEC, cluster: 'edge' },
      { name: 'shop', type: 'hmac', secret: SHOP, header: 'X-Shop-Signature', prefix: 'sha256=', timestampHeader: 'X-Shop-Timestamp', idHeader: 'X-Shop-Id' },
      { name: 'legacy', type: 'hmac', secret: 'legacy-secret', header: 'X-Legacy-Sig', algorithm: 'sha1', encoding: 'base64', eventType: 'legacy.ping' },
    ]);
    all = await h.receiver('all');
  });
  after(() => h.close());

  const standard = (id: string, body: string, at = new Date(), secret = WHSEC) => ({
    'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign(id, at, body),
  });

  it('verifies a Standard Webhooks request and keeps a Herald-shaped payload\'s fields', async () => {
    const body = JSON.stringify({ event: 'deploy.finished', namespace: 'payments', name: 'api', summary: 'deployed v42', labels: { team: 'pay' } });
    const res = await h.post('std', body, standard('msg_1', body));
    assert.equal(res.status, 202);
    const [event] = await receivedN(all, 'std', 1);
    assert.deepEqual(
      [event.event, event.namespace, event.name, event.summary, event.labels, event.cluster],
      ['deploy.finished', 'payments', 'api', 'deployed v42', { team: 'pay' }, 'edge'],
    );
  });

  it('refuses a tampered body, an old or future timestamp and a wrong secret with 401', async () => {
    const body = JSON.stringify({ event: 'deploy.finished', name: 'api' });
    const cases: Array<[string, Record<string, string>, string]> = [
      ['tampered', standard('msg_t', body), body.replace('api', 'web')],
      ['old', standard('msg_o', body, new Date(Date.now() - 10 * 60_000)), body],
      ['future', standard('msg_f', body, new Date(Date.now() + 10 * 60_000)), body],
      ['wrong secret', standard('msg_w', body, new Date(), `whsec_${Buffer.from('another-secret-entirely').toString('base64')}`), body],
      ['unsigned', { 'webhook-id': 'msg_u', 'webhook-timestamp': String(now()) }, body],
    ];
    for (const [label, headers, sent] of cases) {
      const res = await h.post('std', sent, headers);
      assert.equal(res.status, 401, label);
      assert.equal((await errorOf(res)).code, 'SIGNATURE_INVALID', label);
    }
    assert.equal((await listRejected(h.herald.store, 'std')).length, cases.length);
    assert.equal((await h.recorded('std')).length, 1, 'only msg_1 was recorded');
  });

  it('acknowledges a repeated webhook-id as a duplicate and delivers it once', async () => {
    const body = JSON.stringify({ event: 'deploy.started', name: 'worker' });
    assert.equal((await h.post('std', body, standard('msg_dup', body))).status, 202);
    const again = await h.post('std', body, standard('msg_dup', body)); // re-signed: a sender's retry
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
    await receivedN(all, 'std', 2);
    await settle();
    assert.equal(received(all, 'std').filter((e) => e.name === 'worker').length, 1);
  });

  const shopHeaders = (body: string, ts: number, id?: string, secret = SHOP) => ({
    'x-shop-signature': `sha256=${createHmac('sha256', secret).update(`${ts}.${body}`).digest('hex')}`,
    'x-shop-timestamp': String(ts), ...(id === undefined ? {} : { 'x-shop-id': id }),
  });

  it('verifies a generic HMAC with prefix and timestamp, de-duplicating by the id header', async () => {
    const body = JSON.stringify({ message: 'order 17 paid', name: 'order-17' });
    assert.equal((await h.post('shop', body, shopHeaders(body, now(), 'o-17'))).status, 202);
    const [event] = await receivedN(all, 'shop', 1);
    assert.deepEqual([event.event, event.name, event.summary, event.data.message], ['inbound', 'order-17', 'order 17 paid', 'order 17 paid']);
    assert.equal((await h.post('shop', body, shopHeaders(body, now(), 'o-17'))).status, 200, 'same id: duplicate');
    assert.equal((await h.recorded('shop')).length, 1);
  });

  it('refuses a generic HMAC with a stale timestamp, a signature without it, a wrong secret or none', async () => {
    const body = JSON.stringify({ message: 'order 18 paid' });
    const ts = now();
    const stale = shopHeaders(body, ts - 3600);
    const bodyOnly = { 'x-shop-signature': `sha256=${createHmac('sha256', SHOP).update(body).digest('hex')}`, 'x-shop-timestamp': String(ts) };
    const cases: Array<[string, Record<string, string>, string]> = [
      ['stale', stale, 'timestamp outside the tolerance'],
      ['timestamp not signed', bodyOnly, 'x-shop-signature does not match'],
      ['wrong secret', shopHeaders(body, ts, undefined, 'not-the-shop-secret'), 'x-shop-signature does not match'],
      ['no signature', { 'x-shop-timestamp': String(ts) }, 'missing x-shop-signature'],
    ];
    for (const [label, headers] of cases) assert.equal((await h.post('shop', body, headers)).status, 401, label);
    assert.deepEqual((await listRejected(h.herald.store, 'shop')).map((r) => r.reason), cases.map((c) => c[2]));
  });

  it('verifies a SHA-1 base64 HMAC without prefix and applies the source\'s event type', async () => {
    const body = JSON.stringify({ text: 'hello' });
    const sig = createHmac('sha1', 'legacy-secret').update(body).digest('base64');
    assert.equal((await h.post('legacy', body, { 'x-legacy-sig': sig })).status, 202);
    const [event] = await receivedN(all, 'legacy', 1);
    assert.deepEqual([event.event, event.summary], ['legacy.ping', 'hello']);
    const hex = createHmac('sha1', 'legacy-secret').update(body).digest('hex');
    assert.equal((await h.post('legacy', body, { 'x-legacy-sig': hex })).status, 401, 'the configured encoding only');
  });
});
