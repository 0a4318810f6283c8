import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { CloudEvent, HTTP } from 'cloudevents';
import { Redis } from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * Email and bus webhooks through the whole stack: the API validates the URL
 * against the platform's transport, keeps the credentials write-only, and the
 * test button and an event reach the real broker on this machine.
 */
const tag = randomBytes(4).toString('hex');

describe('bus and email webhooks through the API', () => {
  let herald: TestHerald;
  let nc: NatsConnection;
  let redis: Redis;
  const stream = `HERALD_API_${tag}`;
  before(async () => {
    herald = await startTestHerald();
    nc = await connect({ servers: '127.0.0.1:4222' });
    await (await nc.jetstreamManager()).streams.add({ name: stream, subjects: [`herald.api.${tag}.>`] });
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
  });
  after(async () => {
    await herald.close();
    await (await nc.jetstreamManager()).streams.delete(stream);
    await nc.close();
    await redis.del(`herald-api:${tag}`);
    redis.disconnect();
  });

  const create = (body: object) => herald.api('/api/v1/webhooks', { body: { name: `wh-${Math.random()}`, ...body } });

  it('lists each platform with its transport and URL schemes', async () => {
    const res = await herald.api('/api/v1/platforms');
    const nats = res.body.items.find((p: { id: string }) => p.id === 'nats');
    assert.deepEqual([nats.id, nats.label, nats.transport, nats.schemes], ['nats', 'NATS JetStream (CloudEvents)', 'nats', ['nats:']]);
    assert.equal(res.body.items.find((p: { id: string }) => p.id === 'slack').transport, 'http');
  });

  for (const [what, body, message] of [
    ['an https URL for a bus platform', { platform: 'nats', url: 'https://example.com/x' }, /takes nats:\/\/ URLs/],
    ['a bus URL for an HTTP platform', { platform: 'custom', url: 'nats://127.0.0.1:4222/x' }, /takes http:\/\/ or https:\/\/ URLs/],
    ['credentials in a broker URL', { platform: 'rabbitmq', url: 'amqp://guest:guest@127.0.0.1:5672/' }, /`auth`/],
    ['a NATS URL without a subject', { platform: 'nats', url: 'nats://127.0.0.1:4222' }, /needs a subject/],
    ['an email URL without recipients', { platform: 'email', url: 'smtp://127.0.0.1:587?from=h@example.test' }, /\?to=/],
    ['a Redis URL without a stream', { platform: 'redis-streams', url: 'redis://127.0.0.1:6379/0' }, /\?stream=/],
    ['an unknown scheme', { platform: 'custom', url: 'ftp://127.0.0.1/x' }, /smtp\(s\)/],
  ] as const) {
    it(`refuses ${what} with 400 naming the url field, storing nothing`, async () => {
      const before = (await herald.api('/api/v1/webhooks')).body.items.length;
      const res = await create(body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.error.field, 'url');
      assert.match(res.body.error.message, message);
      assert.equal((await herald.api('/api/v1/webhooks')).body.items.length, before);
    });
  }

  it('refuses a PUT that switches the platform to one the stored URL does not fit', async () => {
    const created = await create({ url: 'http://127.0.0.1:9/x' });
    const res = await herald.api(`/api/v1/webhooks/${created.body.id}`, { method: 'PUT', body: { platform: 'mqtt' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.error.field, 'url');
    assert.equal((await herald.api(`/api/v1/webhooks/${created.body.id}`)).body.platform, 'custom');
  });

  it('NATS: the test button and an event reach the stream as CloudEvents; the answer is the stream ack', async () => {
    const created = await create({ platform: 'nats', url: `nats://127.0.0.1:4222/herald.api.${tag}.{event}`, filters: { namespaces: ['bus-api'] } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const test = await herald.api(`/api/v1/webhooks/${created.body.id}/test`, { method: 'POST' });
    assert.equal(test.body.ok, true, JSON.stringify(test.body));
    assert.match(test.body.attempt.responseBody, new RegExp(`^stream ${stream} seq \\d+`));
    await herald.api('/api/v1/events', { body: { event: 'create', namespace: 'bus-api', resource: 'ConfigMap', name: 'settings' } });
    const jsm = await nc.jetstreamManager();
    let info = await jsm.streams.info(stream);
    while (info.state.messages < 2) {
      await new Promise((r) => setTimeout(r, 50));
      info = await jsm.streams.info(stream);
    }
    const last = await jsm.streams.getMessage(stream, { seq: info.state.last_seq });
    assert.equal(last.subject, `herald.api.${tag}.create`);
    const ce = HTTP.toEvent({ headers: { 'content-type': 'application/cloudevents+json' }, body: new TextDecoder().decode(last.data) }) as CloudEvent<Record<string, unknown>>;
    assert.equal(ce.type, 'io.herald.create');
    assert.equal(ce.subject, 'ConfigMap/bus-api/settings');
  });

  it('RabbitMQ: auth is write-only: the view names the user, never the password', async () => {
    const created = await create({ platform: 'rabbitmq', url: 'amqp://127.0.0.1:5672/?exchange=amq.topic', auth: { type: 'basic', username: 'guest', password: 'guest' } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const shown = await herald.api(`/api/v1/webhooks/${created.body.id}`);
    assert.deepEqual(shown.body.auth, { type: 'basic', username: 'guest' });
    assert.ok(!JSON.stringify(shown.body).includes('"password"'));
  });

  it('Redis Streams: the test button appends an entry and reports its id', async () => {
    const created = await create({ platform: 'redis-streams', url: `redis://127.0.0.1:6379/0?stream=herald-api:${tag}&maxLen=100` });
    const test = await herald.api(`/api/v1/webhooks/${created.body.id}/test`, { method: 'POST' });
    assert.equal(test.body.ok, true, JSON.stringify(test.body));
    const [[entryId, fields]] = await redis.xrange(`herald-api:${tag}`, '-', '+') as [[string, string[]]];
    assert.equal(test.body.attempt.responseBody, `stream herald-api:${tag} entry ${entryId}`);
    assert.match(fields[fields.indexOf('id') + 1]!, /^dlv_/, 'the entry carries the delivery id');
  });
});
