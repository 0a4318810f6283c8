import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sign } from '@octokit/webhooks-methods';
import { listRejected } from '../../../src/sources/inbound-hooks/index.ts';
import { fixture } from '../../support/fixtures.ts';
import type { Receiver } from '../../support/receiver.ts';
import { errorOf, received, receivedN, settle, startInbound, type InboundHerald } from './harness.ts';

/**
 * GitHub deliveries: real octokit payload examples, signed by octokit's own
 * `sign()`, through a whole Herald to two real receivers.
 */
const SECRET = 'It\'s a Secret to Everybody';
const PUSH = fixture('github/github_push_payload.json');
const NEW_BRANCH = fixture('github/github_push_with-new-branch.payload.json');

describe('inbound GitHub source', () => {
  let h: InboundHerald;
  let first: Receiver;
  let second: Receiver;
  before(async () => {
    h = await startInbound([{ name: 'gh', type: 'github', secret: SECRET, cluster: 'ci' }]);
    first = await h.receiver('first');
    second = await h.receiver('second', { events: ['github.*'] });
  });
  after(() => h.close());

  const headers = async (body: string, delivery: string, event = 'push', secret = SECRET) => ({
    'x-hub-signature-256': await sign(secret, body), 'x-github-event': event, 'x-github-delivery': delivery,
  });

  it('verifies a signed push and fans it out to every matching webhook', async () => {
    const res = await h.post('gh', NEW_BRANCH, await headers(NEW_BRANCH, 'd-new-branch'));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { status: 'accepted', recorded: 1, duplicates: 0 });
    const [a] = await receivedN(first, 'gh', 1);
    const [b] = await receivedN(second, 'gh', 1);
    assert.equal(a.id, b.id, 'both webhooks got the same event');
    assert.equal(a.event, 'github.push');
    assert.equal(a.name, 'Codertocat/Hello-World');
    assert.equal(a.actor, 'Codertocat');
    assert.equal(a.cluster, 'ci');
    assert.match(a.summary, /^push to refs\/heads\/\S+ \(\d+ commits?\)/);
    assert.equal(a.labels.repository, 'Codertocat/Hello-World');
  });

  it('summarises a deleted tag push from the payload', async () => {
    assert.equal((await h.post('gh', PUSH, await headers(PUSH, 'd-tag'))).status, 202);
    const event = (await h.recorded('gh')).find((e) => e.data?.delivery === 'd-tag');
    assert.equal(event?.summary, 'push to refs/tags/simple-tag (0 commits), deleted');
  });

  it('refuses a wrong, missing or body-tampered signature with 401, records it, and delivers nothing', async () => {
    await settle(); // let earlier tests' deliveries land first
    const before = (await h.recorded('gh')).length;
    const beforeDelivered = received(first, 'gh').length;
    const wrong = await h.post('gh', PUSH, await headers(PUSH, 'evil-1', 'push', 'not-the-secret'));
    const missing = await h.post('gh', PUSH, { 'x-github-event': 'push', 'x-github-delivery': 'evil-2' });
    const tampered = await h.post('gh', PUSH.replace('simple-tag', 'other-tag'), await headers(PUSH, 'evil-3'));
    for (const res of [wrong, missing, tampered]) {
      assert.equal(res.status, 401);
      assert.equal((await errorOf(res)).code, 'SIGNATURE_INVALID');
    }
    const rejected = await listRejected(h.herald.store, 'gh');
    assert.deepEqual(rejected.map((r) => r.reason), [
      'X-Hub-Signature-256 does not match', 'missing X-Hub-Signature-256', 'X-Hub-Signature-256 does not match',
    ]);
    for (const r of rejected) {
      assert.equal(r.source, 'gh');
      assert.equal(r.remoteAddress, '127.0.0.1');
      assert.ok(!Number.isNaN(Date.parse(r.at)));
    }
    assert.equal((await h.recorded('gh')).length, before, 'nothing recorded');
    await settle();
    assert.equal(received(first, 'gh').length, beforeDelivered, 'nothing delivered');
  });

  it('acknowledges a redelivery (same X-GitHub-Delivery) with 2xx and delivers it once', async () => {
    const hs = await headers(NEW_BRANCH, 'd-redelivered');
    assert.equal((await h.post('gh', NEW_BRANCH, hs)).status, 202);
    const again = await h.post('gh', NEW_BRANCH, hs);
    assert.equal(again.status, 200);
    assert.equal(((await again.json()) as { status: string }).status, 'duplicate');
    const mine = (r: Receiver) => received(r, 'gh').filter((e) => e.data.delivery === 'd-redelivered');
    await receivedN(first, 'gh', 1);
    await settle();
    assert.equal(mine(first).length, 1);
    assert.equal(mine(second).length, 1);
    assert.equal((await h.recorded('gh')).filter((e) => e.dedupKey === 'gh:d-redelivered').length, 1);
  });

  it('answers a signed ping 200 without recording or fanning it out, and refuses an unsigned one', async () => {
    const ping = JSON.stringify({ zen: 'Keep it logically awesome.', hook_id: 1, repository: { full_name: 'Codertocat/Hello-World' } });
    const before = (await h.recorded('gh')).length;
    const res = await h.post('gh', ping, await headers(ping, 'd-ping', 'ping'));
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ignored');
    assert.equal((await h.recorded('gh')).length, before);
    assert.equal((await h.post('gh', ping, { 'x-github-event': 'ping', 'x-github-delivery': 'd-ping-2' })).status, 401);
  });
});
