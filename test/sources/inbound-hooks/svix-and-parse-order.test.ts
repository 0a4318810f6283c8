import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook as SvixWebhook } from 'svix';
import { Webhook } from 'standardwebhooks';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import { errorOf, startInbound, type InboundHerald } from './harness.ts';

/**
 * What Svix actually sends (svix-id, svix-timestamp, svix-signature, signed by
 * the `svix` package itself), and the order every sender type checks a request
 * in: signature or credentials first, then the body, so a correctly signed body
 * that is not JSON is the sender's 400 `body`, never a 401.
 */
const WHSEC = `whsec_${Buffer.from('svix-inbound-secret-0123456789!').toString('base64')}`;
const HMAC_SECRET = 'hmac-inbound-secret';
const GH_SECRET = 'github-inbound-secret';
const TOKEN = 'inbound-bearer-token-0123456789';

function svixHeaders(id: string, body: string, secret = WHSEC): Record<string, string> {
  const at = new Date();
  return { 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': new SvixWebhook(secret).sign(id, at, body) };
}

function standardHeaders(id: string, body: string): Record<string, string> {
  const at = new Date();
  return { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(at.getTime() / 1000)), 'webhook-signature': new Webhook(WHSEC).sign(id, at, body) };
}

describe('Svix headers and verify-then-parse on every inbound sender type', () => {
  let h: InboundHerald;
  before(async () => {
    h = await startInbound([
      { name: 'svix', type: 'standard', secret: WHSEC },
      { name: 'hmac', type: 'hmac', secret: HMAC_SECRET },
      { name: 'gh', type: 'github', secret: GH_SECRET },
      { name: 'tok', type: 'token', token: TOKEN },
      { name: 'am', type: 'alertmanager', token: TOKEN },
    ]);
  });
  after(() => h.close());

  it('accepts a request signed by the svix package with svix-* headers, de-duplicating on svix-id', async () => {
    const body = JSON.stringify({ event: 'invoice.paid', name: 'inv_1', summary: 'invoice paid' });
    const first = await h.post('svix', body, svixHeaders('msg_svix_1', body));
    assert.equal(first.status, 202, JSON.stringify(await first.clone().json()));
    const again = await h.post('svix', body, svixHeaders('msg_svix_1', body));
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as any).status, 'duplicate');
    const events = await h.recorded('svix');
    assert.equal(events.length, 1);
    assert.equal(events[0]!.event, 'invoice.paid');
    assert.equal(events[0]!.dedupKey, 'svix:msg_svix_1');
  });

  it('refuses svix-* headers with a tampered body or another secret, naming svix-signature', async () => {
    const body = JSON.stringify({ event: 'invoice.paid', name: 'inv_2' });
    const other = `whsec_${Buffer.from('someone-elses-secret-000000').toString('base64')}`;
    for (const [label, headers, sent] of [
      ['tampered', svixHeaders('msg_svix_t', body), body.replace('inv_2', 'inv_3')],
      ['other secret', svixHeaders('msg_svix_o', body, other), body],
    ] as const) {
      const res = await h.post('svix', sent, headers);
      assert.equal(res.status, 401, label);
      assert.match((await errorOf(res)).message, /svix-signature/, label);
    }
  });

  const notJson = 'this is not JSON {';
  const signedNotJson: Array<[string, Record<string, string>]> = [
    ['svix', standardHeaders('msg_nj_std', notJson)],
    ['svix', svixHeaders('msg_nj_svix', notJson)],
    ['hmac', { 'x-signature': createHmac('sha256', HMAC_SECRET).update(notJson).digest('hex') }],
    ['gh', { 'x-hub-signature-256': `sha256=${createHmac('sha256', GH_SECRET).update(notJson).digest('hex')}`, 'x-github-event': 'push', 'x-github-delivery': 'nj-1' }],
    ['tok', { authorization: `Bearer ${TOKEN}` }],
    ['am', { authorization: `Bearer ${TOKEN}` }],
  ];

  it('answers a correctly signed body that is not JSON with 400 body, for every sender type, recording nothing', async () => {
    const rejectedBefore = (await listRejected(h.herald.store)).length;
    for (const [source, headers] of signedNotJson) {
      const res = await h.post(source, notJson, headers);
      assert.equal(res.status, 400, `${source} ${Object.keys(headers).join(',')}`);
      const err = await errorOf(res);
      assert.equal(err.code, 'VALIDATION', source);
      assert.equal(err.field, 'body', source);
    }
    assert.equal((await listRejected(h.herald.store)).length, rejectedBefore, 'a signed request is not a rejected one');
    for (const source of ['hmac', 'gh', 'tok', 'am']) assert.deepEqual(await h.recorded(source), [], source);
  });

  it('still answers an unsigned body that is not JSON with 401: the signature is checked first', async () => {
    for (const source of ['svix', 'hmac', 'gh', 'tok', 'am']) {
      const res = await h.post(source, notJson, { authorization: 'Bearer not-the-token-000000' });
      assert.equal(res.status, 401, source);
    }
  });
});
