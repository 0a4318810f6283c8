import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * Grouping on a custom HTTP webhook through the whole path (API → store →
 * dispatcher → loopback receiver): a group is its pending deliveries, so one
 * still gathering when Herald stops is sent by the next Herald on the same
 * data, as one documented batch per group key.
 */
describe('grouping on a custom webhook', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  after(async () => { for (const c of cleanup.reverse()) await c(); });

  const event = (namespace: string, name: string) =>
    ({ event: 'update', cluster: 'c1', namespace, resource: 'Deployment', name, detail: { field: 'spec.replicas', old: 1, new: 2 } });

  it('sends a group still open when Herald stopped after a restart, one batch per group key', async () => {
    const receiver: Receiver = await startReceiver();
    cleanup.push(() => receiver.close());
    const first = await startTestHerald();
    cleanup.push(() => rmSync(first.dataDir, { recursive: true, force: true }));
    const created = await first.api('/api/v1/webhooks', { body: {
      name: 'batched', url: receiver.url, grouping: { by: ['cluster', 'namespace'], waitSeconds: 5 },
    } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.grouping, { enabled: true, by: ['cluster', 'namespace'], waitSeconds: 5, intervalSeconds: 0, maxEvents: 50 });
    const recorded = await first.api('/api/v1/events', { body: [event('a', 'one'), event('a', 'two'), event('b', 'three'), event('a', 'four')] });
    assert.ok(recorded.status < 300, JSON.stringify(recorded.body));
    await first.stop();
    assert.equal(receiver.requests.length, 0, 'the group was still gathering when Herald stopped');

    const second: TestHerald = await startTestHerald({ dataDir: first.dataDir });
    cleanup.push(() => second.stop());
    const requests = await receiver.waitFor(2, 30_000);
    const bodies = requests.map((r) => JSON.parse(r.body));
    const batch = bodies.find((b) => b.type === 'herald.batch');
    assert.ok(batch !== undefined, 'namespace a arrives as one batch');
    assert.equal(batch.count, 3);
    assert.deepEqual(batch.events.map((e: { name: string }) => e.name), ['one', 'two', 'four'], 'oldest first');
    const single = bodies.find((b) => b.type !== 'herald.batch');
    assert.equal(single.name, 'three', 'a group of one is the ordinary payload');
    // The outcome is recorded after the receiver answered, so it may land a moment after the requests.
    const succeeded = await eventually(async () => {
      const list = await second.api(`/api/v1/webhooks/${created.body.id}/deliveries?status=succeeded`);
      return list.body.items.length === 4 ? list.body.items : undefined;
    }, 10_000).catch(() => []);
    assert.equal(succeeded.length, 4, 'each grouped delivery is recorded as delivered');
  });

  it('does not count a 429 as an attempt: a webhook allowed one attempt still delivers after being throttled', async () => {
    const receiver = await startReceiver((_req, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '0' } } : {}));
    cleanup.push(() => receiver.close());
    const herald = await startTestHerald();
    cleanup.push(() => herald.close());
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'throttled', url: receiver.url, retry: { maxAttempts: 1 } } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    await herald.api('/api/v1/events', { body: event('t', 'throttled') });
    const list = await eventually(async () => {
      const l = await herald.api(`/api/v1/webhooks/${created.body.id}/deliveries?status=succeeded`);
      return l.body.items.length === 1 ? l.body.items : undefined;
    }, 20_000);
    const delivery = (await herald.api(`/api/v1/deliveries/${list[0].id}`)).body;
    assert.deepEqual(delivery.attemptLog.map((a: { statusCode: number; outcome: string }) => [a.statusCode, a.outcome]), [[429, 'retry'], [200, 'succeeded']]);
    assert.equal(delivery.attempts, 1, 'only the answered attempt counts');
  });
});
