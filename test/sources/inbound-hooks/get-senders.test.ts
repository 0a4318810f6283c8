import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Receiver } from '../../support/receiver.ts';
import { errorOf, receivedN, startInbound, type InboundHerald } from './harness.ts';

/**
 * Senders that can only do GET (uptime monitors, old appliances): the query
 * string is the payload. They authenticate with a `token` query parameter, or
 * sign the raw query string (everything after `?`, exactly as sent) in the
 * source's usual signature header.
 */
const TOKEN = 'monitor-query-token-0123';
const PROBE = 'probe-hmac-secret';

describe('inbound GET senders', () => {
  let h: InboundHerald;
  let all: Receiver;
  before(async () => {
    h = await startInbound([
      { name: 'uptime', type: 'token', token: TOKEN, allowGet: true },
      { name: 'probe', type: 'hmac', secret: PROBE, header: 'X-Probe-Signature', allowGet: true },
      { name: 'probe-token', type: 'hmac', secret: PROBE, header: 'X-Probe-Signature', token: 'probe-query-token-0123', allowGet: true },
      { name: 'post-only', type: 'token', token: TOKEN },
    ]);
    all = await h.receiver('all');
  });
  after(() => h.close());

  const sigOf = (query: string) => createHmac('sha256', PROBE).update(query).digest('hex');

  it('turns the query string into the event and never keeps the token', async () => {
    const res = await h.get(`uptime?token=${TOKEN}&event=down&name=api.example.com&summary=HTTP%20503&namespace=web`);
    assert.equal(res.status, 202);
    const [event] = await receivedN(all, 'uptime', 1);
    assert.deepEqual([event.event, event.name, event.summary, event.namespace], ['down', 'api.example.com', 'HTTP 503', 'web']);
    assert.equal(JSON.stringify(event).includes(TOKEN), false, 'delivered payload');
    assert.equal(JSON.stringify(await h.recorded('uptime')).includes(TOKEN), false, 'stored event');
  });

  it('refuses a GET with a wrong or missing token, and a GET to a POST-only source', async () => {
    assert.equal((await h.get('uptime?token=wrong-token-000000000&event=down')).status, 401);
    assert.equal((await h.get('uptime?event=down')).status, 401);
    const postOnly = await h.get(`post-only?token=${TOKEN}&event=down`);
    assert.equal(postOnly.status, 400);
    assert.equal((await errorOf(postOnly)).field, 'method');
    assert.equal((await h.recorded('post-only')).length, 0);
  });

  it('verifies a GET signed over its raw query string', async () => {
    const query = 'event=probe.failed&name=db-1&summary=timeout%20after%205s';
    const res = await h.get(`probe?${query}`, { 'x-probe-signature': sigOf(query) });
    assert.equal(res.status, 202);
    const [event] = await receivedN(all, 'probe', 1);
    assert.deepEqual([event.event, event.name, event.summary], ['probe.failed', 'db-1', 'timeout after 5s']);
  });

  it('refuses a signed GET replayed with other parameters, or signed over the empty body', async () => {
    const query = 'event=probe.ok&name=db-1';
    assert.equal((await h.get(`probe?event=probe.ok&name=db-2`, { 'x-probe-signature': sigOf(query) })).status, 401);
    assert.equal((await h.get(`probe?${query}&extra=1`, { 'x-probe-signature': sigOf(query) })).status, 401);
    // Signing the (empty) body of a GET would make one signature valid for every query.
    assert.equal((await h.get('probe?event=forged', { 'x-probe-signature': sigOf('') })).status, 401);
    assert.equal((await h.recorded('probe')).filter((e) => e.event !== 'probe.failed').length, 0);
  });

  it('drops the token parameter from a signed GET\'s payload too', async () => {
    const query = 'token=probe-query-token-0123&event=probe.failed&name=db-3';
    assert.equal((await h.get(`probe-token?${query}`, { 'x-probe-signature': sigOf(query) })).status, 202);
    const [event] = await receivedN(all, 'probe-token', 1);
    assert.equal(event.name, 'db-3');
    assert.equal(JSON.stringify(event).includes('probe-query-token'), false);
  });
});
