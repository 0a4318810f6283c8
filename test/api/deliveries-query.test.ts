import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { ADMIN_TOKEN, eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * The delivery history's API: GET /webhooks/{id}/deliveries searched (`q`)
 * and narrowed by time (`since`, `until`) on the server, beside the status
 * filter and the cursor; bad values answered 400 naming the field.
 */
describe('delivery history search', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let hookId: string;
  const ev: Record<string, string> = {};

  before(async () => {
    herald = await startTestHerald();
    // The receiver refuses the billing event, so its delivery has an error to search for.
    receiver = await startReceiver((req) => (req.body.includes('billing') ? { status: 400, body: 'no thanks' } : {}));
    const hook = await herald.api('/api/v1/webhooks', { body: { name: 'search', platform: 'custom', url: receiver.url, retry: { policy: 'exponential', maxAttempts: 1 } } });
    assert.equal(hook.status, 201);
    hookId = hook.body.id;
    const r = await herald.api('/api/v1/events', {
      body: [
        { event: 'scale', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: 'checkout', summary: 'Scaled to 5' },
        { event: 'delete', cluster: 'prod', namespace: 'finance', resource: 'Service', name: 'billing' },
      ],
    });
    [ev.checkout, ev.billing] = r.body.items.map((i: { id: string }) => i.id);
    await eventually(async () => {
      const all = (await herald.api(`/api/v1/webhooks/${hookId}/deliveries`)).body.items as Array<{ status: string }>;
      return all.length === 2 && all.every((d) => d.status === 'succeeded' || d.status === 'failed') ? true : undefined;
    });
  });
  after(async () => { await herald?.close(); await receiver?.close(); });

  const events = async (query: string): Promise<string[]> => {
    const r = await herald.api(`/api/v1/webhooks/${hookId}/deliveries?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((d: { eventId: string }) => d.eventId);
  };

  it('finds deliveries by the event\'s name, namespace, type or summary, the last error, or an id', async () => {
    assert.deepEqual(await events('q=Checkout'), [ev.checkout]);
    assert.deepEqual(await events('q=finance'), [ev.billing]);
    assert.deepEqual(await events('q=scaled%20to'), [ev.checkout]);
    assert.deepEqual(await events('q=HTTP%20400'), [ev.billing], 'the last error');
    assert.deepEqual(await events(`q=${ev.billing}`), [ev.billing]);
    assert.deepEqual(await events('q=nothing-like-this'), []);
    assert.deepEqual(await events('q=prod&status=failed'), [], 'the cluster is not searched; status narrows too');
    assert.deepEqual(await events('q=e&status=failed'), [ev.billing]);
  });

  it('narrows by the time created and pages a search on its cursor', async () => {
    assert.deepEqual(await events('until=2000-01-01T00:00:00Z'), []);
    assert.deepEqual(await events(`since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`), []);
    assert.deepEqual(await events('since=2000-01-01T00:00:00%2B02:00'), [ev.billing, ev.checkout]);
    const p1 = await herald.api(`/api/v1/webhooks/${hookId}/deliveries?q=e&limit=1`);
    assert.deepEqual(p1.body.items.map((d: { eventId: string }) => d.eventId), [ev.billing]);
    assert.deepEqual(await events(`q=e&limit=1&cursor=${p1.body.nextCursor}`), [ev.checkout]);
  });

  it('refuses a bad time or an over-long search with 400 naming the field', async () => {
    for (const [query, field] of [['since=yesterday', 'since'], ['until=1700000000', 'until'], [`q=${'x'.repeat(201)}`, 'q']]) {
      const r = await herald.api(`/api/v1/webhooks/${hookId}/deliveries?${query}`);
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.field, field, query);
    }
  });

  it('documents q, since and until in the OpenAPI document', async () => {
    const doc = (await herald.api('/api/v1/openapi.json')).body;
    const names = doc.paths['/api/v1/webhooks/{id}/deliveries'].get.parameters.map((p: { name: string }) => p.name);
    for (const n of ['q', 'since', 'until', 'status', 'cursor']) assert.ok(names.includes(n), n);
  });

  it('streams each change to the webhook\'s deliveries as Server-Sent Events, ids and outcomes only', async () => {
    assert.equal((await fetch(`${herald.url}/api/v1/webhooks/${hookId}/deliveries/stream`)).status, 401);
    assert.equal((await herald.api('/api/v1/webhooks/whk_missing/deliveries/stream')).status, 404);
    const other = await herald.api('/api/v1/webhooks', { body: { name: 'other', platform: 'custom', url: receiver.url } });

    const ac = new AbortController();
    const res = await fetch(`${herald.url}/api/v1/webhooks/${hookId}/deliveries/stream`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (re: RegExp) => {
      while (!re.test(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${re}: ${text}`);
        text += value;
      }
    };
    try {
      await readUntil(/event: ready/);
      const posted = await herald.api('/api/v1/events', { body: { event: 'delete', namespace: 'finance', name: 'billing-live' } });
      const eventId = posted.body.items[0].id as string;
      await readUntil(/"kind":"attempt"[^\n]*\n\n/);
      const messages = text.split('\n\n').filter((m) => m.startsWith('event: delivery')).map((m) => JSON.parse(m.slice(m.indexOf('data: ') + 6)));
      const delivery = (await herald.api(`/api/v1/events/${eventId}`)).body.deliveries.find((d: any) => d.webhookId === hookId);
      assert.deepEqual(messages, [
        { kind: 'created', webhookId: hookId, eventId },
        { kind: 'attempt', webhookId: hookId, deliveryId: delivery.id, attempt: 1, outcome: 'failed', statusCode: 400 },
      ], 'the other webhook\'s delivery of the same event is not on this stream');
      assert.doesNotMatch(text, /no thanks|HTTP 400/, 'no response body or error text');

      const redelivered = await herald.api(`/api/v1/deliveries/${delivery.id}/redeliver`, { method: 'POST' });
      assert.equal(redelivered.status, 200);
      await readUntil(/"kind":"requeued"/);
      assert.match(text, new RegExp(`"kind":"requeued","webhookId":"${hookId}","deliveryId":"${delivery.id}"`));
      assert.ok(!text.includes(other.body.id));
    } finally {
      ac.abort();
    }
  });
});
