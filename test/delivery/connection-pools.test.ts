import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * Two webhooks to one receiver origin: one slow at concurrency 64, one fast.
 * With one 64-connection pool per origin, the slow webhook's 64 stuck
 * requests took every connection and the fast webhook waited for them.
 */
describe('connection pools per webhook', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => { release = resolve; });
  let slowAnswered = 0;

  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver(async (req) => {
      if (req.url.startsWith('/slow')) {
        await released;
        slowAnswered++;
      }
      return { status: 200 };
    });
  });
  after(async () => {
    release();
    await herald.close();
    await receiver.close();
  });

  it('lets a fast webhook drain while a slow one to the same origin holds all 64 of its connections', async () => {
    const origin = new URL(receiver.url).origin;
    for (const [name, concurrency] of [['slow', 64], ['fast', 4]] as const) {
      const res = await herald.api('/api/v1/webhooks', { body: { name, url: `${origin}/${name}`, concurrency, timeoutSeconds: 60, filters: { namespaces: [name] } } });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    const batch = (ns: string, n: number) => Array.from({ length: n }, (_, i) => ({ event: 'create', namespace: ns, name: `${ns}-${i}` }));
    assert.equal((await herald.api('/api/v1/events', { body: batch('slow', 80) })).status, 202);
    const slowArrived = () => receiver.requests.filter((r) => r.url.startsWith('/slow')).length;
    await eventually(() => (slowArrived() === 64 ? true : undefined), 20_000);
    assert.equal((await herald.api('/api/v1/events', { body: batch('fast', 10) })).status, 202);
    await eventually(() => (receiver.requests.filter((r) => r.url.startsWith('/fast')).length === 10 ? true : undefined), 20_000);
    assert.equal(slowAnswered, 0, 'the fast webhook drained while every slow request was still stuck');
    assert.equal(slowArrived(), 64, 'the slow webhook never exceeded its concurrency');
    release();
    await eventually(() => (slowAnswered === 80 ? true : undefined), 20_000);
  });
});
