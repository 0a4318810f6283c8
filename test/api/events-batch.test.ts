import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/** POST /api/v1/events with a batch: all or nothing, and dedupKey makes the client's retry safe. */
describe('event batches over the API', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let webhookId: string;

  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'batch', url: receiver.url } });
    webhookId = created.body.id;
  });
  after(async () => {
    await herald.close();
    await receiver.close();
  });

  const batch = () => Array.from({ length: 50 }, (_, i) => ({ event: 'create', namespace: 'batch', name: `o${i}`, dedupKey: `client-batch-1/${i}` }));

  it('refuses a batch of 50 whose item 34 is invalid with a 400 naming the item\'s field, and records nothing', async () => {
    const bad = batch();
    bad[33] = { ...bad[33]!, timestamp: 'yesterday' } as (typeof bad)[number];
    const res = await herald.api('/api/v1/events', { body: bad });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION');
    assert.equal(res.body.error.field, '33.timestamp');
    assert.deepEqual((await herald.api('/api/v1/events')).body.items, []);
    assert.deepEqual(await herald.store.deliveryCounts(), { pending: 0, delivering: 0, succeeded: 0, failed: 0 });
  });

  it('delivers each event of the corrected batch once, however often the client retries it', async () => {
    const first = await herald.api('/api/v1/events', { body: batch() });
    assert.equal(first.status, 202);
    assert.equal(first.body.items.length, 50);
    assert.ok(first.body.items.every((i: { duplicate: boolean; deliveries: number }) => !i.duplicate && i.deliveries === 1));
    // The client did not see the answer and sends the same batch again.
    const retry = await herald.api('/api/v1/events', { body: batch() });
    assert.equal(retry.status, 202);
    assert.deepEqual(retry.body.items.map((i: { id: string }) => i.id), first.body.items.map((i: { id: string }) => i.id));
    assert.ok(retry.body.items.every((i: { duplicate: boolean; deliveries: number }) => i.duplicate && i.deliveries === 0));

    await eventually(async () => ((await herald.store.deliveryCounts(webhookId)).succeeded === 50 ? true : undefined));
    assert.deepEqual(await herald.store.deliveryCounts(webhookId), { pending: 0, delivering: 0, succeeded: 50, failed: 0 });
    const names = receiver.requests.map((r) => JSON.parse(r.body).name as string).sort();
    assert.deepEqual(names, batch().map((e) => e.name).sort());
    assert.equal((await herald.api('/api/v1/events?limit=1000')).body.items.length, 50);
  });

  it('documents the all-or-nothing batch and dedupKey as an idempotency key in the OpenAPI description', async () => {
    const doc = await herald.api('/api/v1/openapi.json');
    const post = doc.body.paths['/api/v1/events'].post;
    assert.match(post.description, /all or nothing/);
    assert.match(post.description, /`dedupKey` is an idempotency key/);
  });
});
