import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

describe('REST API /api/v1/webhooks', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver((_q, i) => (i === 0 ? { status: 500, body: 'first fails' } : { status: 200 }));
  });
  after(async () => { await herald.close(); await receiver.close(); });

  const valid = () => ({
    name: 'team-a', url: receiver.url, secret: 'super-secret-value',
    auth: { type: 'basic', username: 'u', password: 'p4ssw0rd-never-shown' },
    tls: { insecureSkipVerify: false },
    retry: { maxAttempts: 1 },
    filters: { events: ['create', 'scale'], clusters: ['*'], kinds: ['Deployment'], namespaces: ['*'],
      labels: [{ key: 'app', operator: 'In', values: ['api'] }] },
  });

  it('creates, reads, lists, updates and deletes a webhook', async () => {
    const created = await herald.api('/api/v1/webhooks', { body: valid() });
    assert.equal(created.status, 201);
    assert.match(created.body.id, /^wh_/);
    assert.equal(created.body.platform, 'custom');
    assert.deepEqual(created.body.filters.labels, [{ key: 'app', operator: 'In', values: ['api'] }]);
    const id = created.body.id;
    assert.equal((await herald.api(`/api/v1/webhooks/${id}`)).body.name, 'team-a');
    assert.ok((await herald.api('/api/v1/webhooks')).body.items.some((w: any) => w.id === id));
    const updated = await herald.api(`/api/v1/webhooks/${id}`, { method: 'PUT', body: { enabled: false, filters: { events: ['delete'] } } });
    assert.equal(updated.status, 200);
    assert.equal(updated.body.enabled, false);
    assert.equal(updated.body.name, 'team-a', 'PUT keeps omitted fields');
    assert.equal(updated.body.hasSecret, true);
    assert.equal((await herald.api(`/api/v1/webhooks/${id}`, { method: 'DELETE' })).status, 204);
    assert.equal((await herald.api(`/api/v1/webhooks/${id}`)).status, 404);
  });

  it('never returns secrets, tokens or passwords, and stores them encrypted', async () => {
    const created = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'secretive' } });
    const all = JSON.stringify([created.body, (await herald.api('/api/v1/webhooks')).body, (await herald.api(`/api/v1/webhooks/${created.body.id}`)).body]);
    assert.doesNotMatch(all, /super-secret-value|p4ssw0rd-never-shown/);
    const file = readFileSync(join(herald.dataDir, 'herald.db')).toString('latin1')
      + readFileSync(join(herald.dataDir, 'herald.db-wal')).toString('latin1');
    assert.doesNotMatch(file, /super-secret-value|p4ssw0rd-never-shown/);
  });

  it('answers bad input with 400 naming the field', async () => {
    const cases: Array<[object | string, string]> = [
      [{ ...valid(), url: 'not a url' }, 'url'],
      [{ ...valid(), name: '' }, 'name'],
      [{ ...valid(), auth: { type: 'bearer' } }, 'auth.token'],
      [{ ...valid(), filters: { labels: [{ key: 'a', operator: 'Like', values: ['x'] }] } }, 'filters.labels.0.operator'],
      [{ ...valid(), retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
      [{ ...valid(), retry: { policy: 'kubevision', maxAttempts: 5 } }, 'retry.maxAttempts'],
      [{ ...valid(), retry: { policy: 'forever' } }, 'retry.policy'],
      ['{"name": ', 'body'],
    ];
    for (const [body, field] of cases) {
      const res = await herald.api('/api/v1/webhooks', { body });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'VALIDATION');
      assert.equal(res.body.error.field, field);
      assert.ok(res.body.error.message.length > 0);
    }
    const names = (await herald.api('/api/v1/webhooks')).body.items.map((w: any) => w.name);
    assert.ok(!names.includes(''), 'nothing half-written');
  });

  it('answers an unknown platform with 400 UNKNOWN_PLATFORM naming the field, on create and update', async () => {
    const created = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'by-pigeon', platform: 'carrier-pigeon' } });
    assert.equal(created.status, 400, JSON.stringify(created.body));
    assert.deepEqual([created.body.error.code, created.body.error.field], ['UNKNOWN_PLATFORM', 'platform']);
    assert.match(created.body.error.message, /unknown platform "carrier-pigeon".*slack/);
    const ok = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'by-post' } });
    const updated = await herald.api(`/api/v1/webhooks/${ok.body.id}`, { method: 'PUT', body: { platform: 'carrier-pigeon' } });
    assert.equal(updated.status, 400);
    assert.deepEqual([updated.body.error.code, updated.body.error.field], ['UNKNOWN_PLATFORM', 'platform']);
    const names = (await herald.api('/api/v1/webhooks')).body.items.map((w: any) => w.name);
    assert.ok(!names.includes('by-pigeon'), 'nothing written');
  });

  it('refuses unknown keys inside auth, tls, retry and filters, and drops unknown top-level keys', async () => {
    const cases: Array<[object, string]> = [
      [{ auth: { type: 'none', tokn: 'x' } }, 'auth.tokn'],
      [{ tls: { insecureSkipVerfy: true } }, 'tls.insecureSkipVerfy'],
      [{ retry: { maxAttempt: 5 } }, 'retry.maxAttempt'],
      [{ filters: { namespace: ['prod'] } }, 'filters.namespace'],
    ];
    for (const [extra, field] of cases) {
      const res = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: `strict-${field}`, ...extra } });
      assert.equal(res.status, 400, `${field}: ${JSON.stringify(res.body)}`);
      assert.deepEqual([res.body.error.code, res.body.error.field], ['VALIDATION', field]);
    }
    // A client sending back what it read (id, hasSecret, createdAt…) is not refused.
    const read = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'round-trip', auth: { type: 'none' } } });
    const back = await herald.api(`/api/v1/webhooks/${read.body.id}`, { method: 'PUT', body: { ...read.body, concurrency: 2 } });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    assert.equal(back.body.concurrency, 2);
  });

  it('keeps a named retry policy, and the platform default when none is given', async () => {
    const named = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'kv', retry: { policy: 'kubevision' } } });
    assert.equal(named.status, 201, JSON.stringify(named.body));
    assert.deepEqual(named.body.retry, { policy: 'kubevision' });
    const plain = await herald.api('/api/v1/webhooks', { body: { name: 'plain-default', url: valid().url } });
    assert.deepEqual(plain.body.retry, {}, 'no policy stored: the platform\'s default applies, whatever it becomes');
    assert.equal(plain.body.failingSince, null);
    const moved = await herald.api(`/api/v1/webhooks/${named.body.id}`, { method: 'PUT', body: { retry: { policy: 'standard' } } });
    assert.deepEqual(moved.body.retry, { policy: 'standard' });
  });

  it('refuses a duplicate name with 409', async () => {
    await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'twin' } });
    const res = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'twin' } });
    assert.equal(res.status, 409);
    assert.equal(res.body.error.field, 'name');
  });

  it('requires authentication', async () => {
    const res = await herald.api('/api/v1/webhooks', { token: 'wrong' });
    assert.equal(res.status, 401);
    assert.equal(res.body.error.code, 'UNAUTHENTICATED');
  });

  it('tests a webhook and shows the result, then redelivers from history', async () => {
    const { body: wh } = await herald.api('/api/v1/webhooks', { body: { ...valid(), name: 'tested' } });
    const test = await herald.api(`/api/v1/webhooks/${wh.id}/test`, { method: 'POST' });
    assert.equal(test.status, 200);
    assert.equal(test.body.ok, false);
    assert.equal(test.body.attempt.statusCode, 500);
    assert.equal(test.body.attempt.responseBody, 'first fails');
    assert.equal(test.body.delivery.status, 'failed', 'a test is tried once, not retried');
    const history = await herald.api(`/api/v1/webhooks/${wh.id}/deliveries`);
    assert.equal(history.body.items.length, 1);
    const again = await herald.api(`/api/v1/deliveries/${test.body.delivery.id}/redeliver`, { method: 'POST' });
    assert.equal(again.status, 200);
    const done = await eventually(async () => {
      const d = (await herald.api(`/api/v1/deliveries/${test.body.delivery.id}`)).body;
      return d.status === 'succeeded' ? d : undefined;
    });
    assert.deepEqual(done.attemptLog.map((a: any) => a.statusCode), [500, 200]);
    assert.equal(done.event.event, 'test');
    const ids = receiver.requests.map((r) => r.headers['webhook-id']);
    assert.equal(ids[0], ids[1], 'redelivery keeps the webhook-id');
    const conflict = await herald.api(`/api/v1/deliveries/${test.body.delivery.id}/redeliver`, { method: 'POST' });
    assert.equal(conflict.status, 200, 'a succeeded delivery can be sent again');
  });

  it('recovers every failed delivery since a time', async () => {
    const failing = await startReceiver((_q, i) => ({ status: i < 3 ? 500 : 200 }));
    try {
      const { body: wh } = await herald.api('/api/v1/webhooks', { body: { name: 'recover', url: failing.url, retry: { maxAttempts: 1 }, filters: { namespaces: ['recover'] } } });
      const since = new Date(Date.now() - 1000).toISOString();
      await herald.api('/api/v1/events', { body: [1, 2, 3].map((n) => ({ event: 'create', namespace: 'recover', name: `o${n}` })) });
      await eventually(async () => ((await herald.api(`/api/v1/webhooks/${wh.id}/deliveries?status=failed`)).body.items.length === 3 ? true : undefined));
      const rec = await herald.api(`/api/v1/webhooks/${wh.id}/recover`, { body: { since } });
      assert.deepEqual(rec.body, { recovered: 3 });
      await failing.waitFor(6);
      await eventually(async () => ((await herald.api(`/api/v1/webhooks/${wh.id}/deliveries?status=succeeded`)).body.items.length === 3 ? true : undefined));
      const bad = await herald.api(`/api/v1/webhooks/${wh.id}/recover`, { body: { since: 'yesterday' } });
      assert.equal(bad.body.error.field, 'since');
    } finally {
      await failing.close();
    }
  });

  it('routes an event only to webhooks whose filters all match', async () => {
    const r = await startReceiver();
    try {
      await herald.api('/api/v1/webhooks', { body: { name: 'routing', url: r.url, filters: { events: ['scale'], kinds: ['Deployment'], namespaces: ['routing'], labels: [{ key: 'app', operator: 'Exists' }] } } });
      const res = await herald.api('/api/v1/events', { body: [
        { event: 'scale', resource: 'Deployment', namespace: 'routing', name: 'match', labels: { app: 'x' } },
        { event: 'update', resource: 'Deployment', namespace: 'routing', name: 'wrong-event', labels: { app: 'x' } },
        { event: 'scale', resource: 'StatefulSet', namespace: 'routing', name: 'wrong-kind', labels: { app: 'x' } },
        { event: 'scale', resource: 'Deployment', namespace: 'routing', name: 'no-label' },
      ] });
      assert.equal(res.status, 202);
      await r.waitFor(1);
      await new Promise((res) => setTimeout(res, 300));
      assert.deepEqual(r.requests.map((q) => JSON.parse(q.body).name), ['match']);
    } finally {
      await r.close();
    }
  });

  it('serves an OpenAPI document listing the webhook schema and platforms', async () => {
    const res = await fetch(`${herald.url}/api/v1/openapi.json`);
    const doc = await res.json() as any;
    assert.equal(doc.openapi, '3.1.0');
    const create = doc.paths['/api/v1/webhooks'].post;
    const schema = create.requestBody.content['application/json'].schema;
    assert.ok(schema.properties.filters, 'filters documented');
    assert.ok(schema.properties.platform.enum.includes('custom'));
    assert.ok(doc.paths['/api/v1/webhooks/{id}/test'].post);
    assert.ok(doc.paths['/api/v1/webhooks/{id}/deliveries'].get);
  });

  it('exports the event log with a cursor, as JSON and NDJSON', async () => {
    const first = await herald.api('/api/v1/events?limit=2');
    assert.equal(first.body.items.length, 2);
    const res = await fetch(`${herald.url}/api/v1/events?limit=1000&cursor=${first.body.nextCursor}`, {
      headers: { authorization: 'Bearer test-admin-token-0123456789abcdef', accept: 'application/x-ndjson' },
    });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(lines.length > 0);
    assert.ok(lines.every((e) => e.id > first.body.nextCursor), 'only events after the cursor');
    assert.equal(res.headers.get('x-next-cursor'), lines[lines.length - 1].id);
  });
});
