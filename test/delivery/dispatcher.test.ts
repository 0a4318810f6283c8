import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

const SECRET = `whsec_${Buffer.from('dispatcher-test-secret-32-bytes!').toString('base64')}`;
const fastRetry = { maxAttempts: 3, initialDelaySeconds: 0.1, maxDelaySeconds: 0.5, jitter: 0 };

describe('dispatcher delivering to real receivers', () => {
  let herald: TestHerald;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof startReceiver>) => {
    const r = await startReceiver(...args);
    receivers.push(r);
    return r;
  };
  const createWebhook = async (body: object) => {
    const res = await herald.api('/api/v1/webhooks', { body: { name: `wh-${Math.random()}`, ...body } });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body as { id: string };
  };
  const send = (event: object) => herald.api('/api/v1/events', { body: { event: 'update', cluster: 'c1', namespace: 'default', resource: 'Deployment', name: 'api', ...event } });

  before(async () => { herald = await startTestHerald(); });
  after(async () => {
    await herald.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  it('delivers the documented payload, signed and authenticated', async () => {
    const r = await receiver();
    await createWebhook({ url: r.url, secret: SECRET, auth: { type: 'bearer', token: 'receiver-token' }, filters: { namespaces: ['signed'] } });
    await send({ namespace: 'signed', actor: 'alice', detail: { field: 'spec.replicas', old: 1, new: 3 } });
    const [req] = await r.waitFor(1);
    const payload = JSON.parse(req!.body);
    for (const key of ['id', 'event', 'cluster', 'namespace', 'resource', 'name', 'actor', 'timestamp', 'detail', 'changes']) assert.ok(key in payload, key);
    assert.deepEqual(payload.detail, { field: 'spec.replicas', old: 1, new: 3 });
    assert.equal(req!.headers.authorization, 'Bearer receiver-token');
    assert.doesNotThrow(() => new StandardWebhook(SECRET).verify(req!.body, req!.headers as Record<string, string>));
    const key = Buffer.from(SECRET.slice(6), 'base64');
    assert.equal(req!.headers['x-herald-signature'], `sha256=${createHmac('sha256', key).update(req!.body).digest('hex')}`);
  });

  it('retries failures with backoff, keeps webhook-id stable, and records every attempt', async () => {
    const r = await receiver((_req, i) => (i < 2 ? { status: 500, body: `boom ${i}` } : { status: 200, body: 'finally' }));
    const wh = await createWebhook({ url: r.url, retry: fastRetry, filters: { namespaces: ['retry'] } });
    await send({ namespace: 'retry' });
    const reqs = await r.waitFor(3);
    assert.equal(new Set(reqs.map((q) => q.headers['webhook-id'])).size, 1, 'same webhook-id on every retry');
    assert.ok(reqs[1]!.at - reqs[0]!.at >= 80, 'waited before retrying');
    const list = await herald.api(`/api/v1/webhooks/${wh.id}/deliveries`);
    const delivery = await eventually(async () => {
      const d = (await herald.api(`/api/v1/deliveries/${list.body.items[0].id}`)).body;
      return d.status === 'succeeded' ? d : undefined;
    });
    assert.equal(delivery.attempts, 3);
    assert.deepEqual(delivery.attemptLog.map((a: any) => [a.statusCode, a.responseBody, a.outcome]),
      [[500, 'boom 0', 'retry'], [500, 'boom 1', 'retry'], [200, 'finally', 'succeeded']]);
    assert.ok(delivery.attemptLog.every((a: any) => typeof a.durationMs === 'number'));
  });

  it('stops after maxAttempts and marks the delivery failed with the last error', async () => {
    const r = await receiver(() => ({ status: 503, body: 'down' }));
    const wh = await createWebhook({ url: r.url, retry: { ...fastRetry, maxAttempts: 2 }, filters: { namespaces: ['fail'] } });
    await send({ namespace: 'fail' });
    const d = await eventually(async () => {
      const items = (await herald.api(`/api/v1/webhooks/${wh.id}/deliveries?status=failed`)).body.items;
      return items.length === 1 ? items[0] : undefined;
    });
    assert.equal(d.attempts, 2);
    assert.equal(d.lastStatusCode, 503);
    assert.equal(r.requests.length, 2);
  });

  it('honours Retry-After on 429', async () => {
    const r = await receiver((_q, i) => (i === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    await createWebhook({ url: r.url, retry: fastRetry, filters: { namespaces: ['ratelimited'] } });
    await send({ namespace: 'ratelimited' });
    const reqs = await r.waitFor(2, 5000);
    assert.ok(reqs[1]!.at - reqs[0]!.at >= 950, `second attempt came ${reqs[1]!.at - reqs[0]!.at} ms later`);
  });

  it('disables the webhook when the receiver answers 410 Gone', async () => {
    const r = await receiver(() => ({ status: 410 }));
    const wh = await createWebhook({ url: r.url, retry: fastRetry, filters: { namespaces: ['gone'] } });
    await send({ namespace: 'gone' });
    const view = await eventually(async () => {
      const w = (await herald.api(`/api/v1/webhooks/${wh.id}`)).body;
      return w.enabled === false ? w : undefined;
    });
    assert.match(view.disabledReason, /410/);
    assert.equal(r.requests.length, 1);
  });

  it('records a webhook.disabled event from source herald that another webhook can route on', async () => {
    const gone = await receiver(() => ({ status: 410 }));
    const ops = await receiver();
    const wh = await createWebhook({ name: 'going-away', url: gone.url, filters: { namespaces: ['gone-routed'] } });
    await createWebhook({ url: ops.url, filters: { events: ['webhook.disabled'] } });
    await send({ namespace: 'gone-routed' });
    const [req] = await ops.waitFor(1);
    const payload = JSON.parse(req!.body);
    assert.equal(payload.event, 'webhook.disabled');
    assert.equal(payload.source, 'herald');
    assert.equal(payload.name, 'going-away');
    assert.match(payload.summary, /410 Gone/);
    assert.deepEqual(payload.detail, { field: 'enabled', old: true, new: false });
    assert.equal((await herald.api(`/api/v1/webhooks/${wh.id}`)).body.enabled, false);
  });

  it('during a secret rotation keeps X-Herald-Signature one value of the new key, which the documented whole-header check accepts', async () => {
    const OLD = 'the-old-signing-secret';
    const NEW = `whsec_${Buffer.from('the-new-signing-secret-32-bytes!').toString('base64')}`;
    const r = await receiver();
    const wh = await createWebhook({ url: r.url, secret: OLD, filters: { namespaces: ['rotation'] } });
    assert.equal((await herald.api(`/api/v1/webhooks/${wh.id}`, { method: 'PUT', body: { secret: NEW } })).status, 200);
    await send({ namespace: 'rotation' });
    const [req] = await r.waitFor(1);
    const headers = req!.headers as Record<string, string>;
    // The documented receiver check (the KubeVision example): the whole header against "sha256=" + hex(HMAC(secret, body)).
    const expected = (key: Buffer | string) => `sha256=${createHmac('sha256', key).update(req!.body).digest('hex')}`;
    assert.equal(headers['x-herald-signature'], expected(Buffer.from(NEW.slice(6), 'base64')));
    assert.equal(headers['x-herald-signature-previous'], expected(OLD), 'a receiver still on the old key compares this header');
    assert.doesNotThrow(() => new StandardWebhook(NEW).verify(req!.body, headers));
    assert.doesNotThrow(() => new StandardWebhook(Buffer.from(OLD).toString('base64')).verify(req!.body, headers),
      'webhook-signature carries both keys, as Standard Webhooks specifies');
  });

  it('records the trigger of each attempt: first, then redeliver', async () => {
    const r = await receiver();
    const wh = await createWebhook({ url: r.url, filters: { namespaces: ['triggers'] } });
    await send({ namespace: 'triggers' });
    await r.waitFor(1);
    const id = (await herald.api(`/api/v1/webhooks/${wh.id}/deliveries`)).body.items[0].id;
    await eventually(async () => ((await herald.api(`/api/v1/deliveries/${id}`)).body.status === 'succeeded' ? true : undefined));
    assert.equal((await herald.api(`/api/v1/deliveries/${id}/redeliver`, { method: 'POST' })).status < 300, true);
    await r.waitFor(2);
    const d = await eventually(async () => {
      const body = (await herald.api(`/api/v1/deliveries/${id}`)).body;
      return body.attemptLog.length === 2 ? body : undefined;
    });
    assert.deepEqual(d.attemptLog.map((a: any) => a.trigger), ['first', 'redeliver']);
  });

  it('never lets a slow receiver hold up another, and respects per-webhook concurrency', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = await receiver(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((res) => setTimeout(res, 400));
      inFlight--;
      return { status: 200 };
    });
    const fast = await receiver();
    await createWebhook({ url: slow.url, concurrency: 2, filters: { namespaces: ['fairness'] } });
    await createWebhook({ url: fast.url, filters: { namespaces: ['fairness'] } });
    const started = Date.now();
    await herald.api('/api/v1/events', { body: Array.from({ length: 10 }, (_, i) => ({ event: 'create', namespace: 'fairness', name: `n${i}` })) });
    await fast.waitFor(10, 5000);
    const fastDone = Date.now() - started;
    assert.ok(fastDone < 1500, `fast receiver finished after ${fastDone} ms while the slow one needs ~2000 ms`);
    await slow.waitFor(10, 10_000);
    assert.equal(maxInFlight, 2, 'slow receiver never saw more than its concurrency');
  });

  it('refuses by connect-time lookup a host name that resolves to a refused address', async () => {
    const strict = await startTestHerald({ delivery: { allowedNetworks: [] } });
    try {
      const r = await receiver();
      const port = new URL(r.url).port;
      const literal = await strict.api('/api/v1/webhooks', { body: { name: 'literal', url: `http://127.0.0.1:${port}/x` } });
      assert.equal(literal.status, 422);
      assert.equal(literal.body.error.code, 'SSRF_BLOCKED');
      const wh = (await strict.api('/api/v1/webhooks', { body: { name: 'named', url: `http://localhost:${port}/x` } })).body;
      const test = await strict.api(`/api/v1/webhooks/${wh.id}/test`, { method: 'POST' });
      assert.equal(test.body.ok, false);
      assert.match(test.body.attempt.error, /loopback|private/);
      assert.equal(r.requests.length, 0, 'nothing reached the receiver');
    } finally {
      await strict.close();
    }
  });

  it('times out a receiver that never answers and records why', async () => {
    const r = await receiver(() => ({ delayMs: 3000 }));
    const wh = await createWebhook({ url: r.url, timeoutSeconds: 1, filters: { namespaces: ['timeout'] } });
    const test = await herald.api(`/api/v1/webhooks/${wh.id}/test`, { method: 'POST' });
    assert.equal(test.body.ok, false);
    assert.match(test.body.attempt.error, /timed out after 1000 ms/);
  });
});
