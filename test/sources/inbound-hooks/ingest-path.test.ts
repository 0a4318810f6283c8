import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import { startReceiver } from '../../support/receiver.ts';
import { errorOf, startInbound, type InboundHerald } from './harness.ts';

/**
 * What every inbound source shares: routing by name, answering as soon as the
 * event is committed, refusing bad events as the sender's fault, and keeping
 * a bounded record of refused requests.
 */
const WHSEC = `whsec_${Buffer.from('ingest-path-standard-secret').toString('base64')}`;
const KEEP = 3;

describe('inbound request path', () => {
  let h: InboundHerald;
  before(async () => {
    h = await startInbound([{ name: 'std', type: 'standard', secret: WHSEC }], { keepRejected: KEEP });
  });
  after(() => h.close());

  const signed = (id: string, body: string) => {
    const at = new Date();
    return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(WHSEC).sign(id, at, body) };
  };

  it('answers an unknown source with 404 and records nothing', async () => {
    const res = await h.post('nobody', '{}');
    assert.equal(res.status, 404);
    assert.deepEqual([(await errorOf(res)).code, (await listRejected(h.herald.store)).length], ['NOT_FOUND', 0]);
  });

  it('answers once the event is committed, while the delivery to a slow receiver is still pending', async () => {
    const slow = await startReceiver(() => ({ delayMs: 3000 }));
    try {
      const created = await h.herald.api('/api/v1/webhooks', { body: { name: 'slow', url: slow.url, filters: { namespaces: ['slow-lane'] } } });
      const body = JSON.stringify({ event: 'deploy.started', namespace: 'slow-lane', name: 'x' });
      const started = performance.now();
      const res = await h.post('std', body, signed('msg_slow', body));
      const ms = performance.now() - started;
      assert.equal(res.status, 202);
      assert.ok(ms < 1000, `answered after ${ms.toFixed(0)} ms`);
      const [event] = await h.recorded('std');
      assert.equal(event?.name, 'x', 'recorded before the answer');
      const page = await h.herald.store.listDeliveries({ webhookId: created.body.id, limit: 10 });
      assert.notEqual(page.items[0]?.status, 'succeeded', 'the answer did not wait for the receiver');
      await slow.waitFor(1, 5000);
    } finally {
      await slow.close();
    }
  });

  it('answers an event field the sender made too long with 400 naming it, recording nothing', async () => {
    const before = (await h.recorded('std')).length;
    for (const [body, field] of [
      [JSON.stringify({ event: 'deploy.started', name: 'n'.repeat(300) }), 'event.name'],
      [JSON.stringify({ event: `e${'x'.repeat(120)}` }), 'event.event'],
    ] as const) {
      const res = await h.post('std', body, signed(`msg_${field}`, body));
      assert.equal(res.status, 400);
      const error = await errorOf(res);
      assert.deepEqual([error.code, error.field], ['VALIDATION', field]);
    }
    assert.equal((await h.recorded('std')).length, before);
  });

  it(`keeps only the newest ${KEEP} refused requests`, async () => {
    for (let i = 0; i < KEEP + 2; i++) {
      const res = await h.post('std', JSON.stringify({ n: i }), { 'webhook-id': `bad_${i}`, 'webhook-timestamp': '1', 'webhook-signature': 'v1,AAAA' });
      assert.equal(res.status, 401);
    }
    const rejected = await listRejected(h.herald.store, 'std');
    assert.equal(rejected.length, KEEP);
    assert.ok(rejected.every((r) => r.source === 'std' && r.remoteAddress === '127.0.0.1' && r.reason.startsWith('webhook-signature')));
    assert.deepEqual(await listRejected(h.herald.store, 'other'), []);
  });

  it('gives each refused request an id, quoted in the answer and kept with the record', async () => {
    const res = await h.post('std', '{}', { 'x-request-id': 'proxy-req-42' });
    assert.match((await errorOf(res)).message, /\(request proxy-req-42\)$/);
    const own = await h.post('std', '{}');
    const ownId = /\(request (\S+)\)$/.exec((await errorOf(own)).message)?.[1];
    // Read structurally so this file type-checks before Rejection gains the field.
    const ids = (await listRejected(h.herald.store, 'std')).map((r) => (r as { requestId?: string }).requestId);
    assert.deepEqual(ids.slice(-2), ['proxy-req-42', ownId]);
  });
});
