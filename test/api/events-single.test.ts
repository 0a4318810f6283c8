import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Hono } from 'hono';
import { oneValidEvent } from '../../src/api/routes/one-valid-event.ts';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * POST /api/v1/events with one event: the common body takes a shorter way
 * through the route (one-valid-event.ts); every other body the route's own
 * validators. Both must answer as the API documents.
 */
describe('one event over the API', () => {
  let herald: TestHerald;

  before(async () => { herald = await startTestHerald(); });
  after(async () => { await herald.close(); });

  const post = async (body: string, contentType?: string) => {
    const res = await fetch(`${herald.url}/api/v1/events`, {
      method: 'POST', body,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(contentType === undefined ? {} : { 'content-type': contentType }) },
    });
    return { status: res.status, body: await res.json() as any };
  };

  it('records a valid event with its defaults filled and unknown keys dropped', async () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'application/cloudevents+json']) {
      const res = await post(JSON.stringify({ event: 'scale', name: `api-${type}`, changes: [{ field: 'spec.replicas', old: 1, new: 3 }], extra: 1 }), type);
      assert.equal(res.status, 202, `${type}: ${JSON.stringify(res.body)}`);
      const { event } = (await herald.api(`/api/v1/events/${res.body.items[0].id}`)).body;
      assert.equal(event.name, `api-${type}`);
      assert.deepEqual([event.cluster, event.namespace, event.source, event.summary, event.labels], ['', '', 'api', '', {}]);
      assert.deepEqual(event.detail, { field: 'spec.replicas', old: 1, new: 3 });
      assert.equal('extra' in event, false);
    }
  });

  it('answers an invalid event with 400 naming its field', async () => {
    const res = await post(JSON.stringify({ event: 'Not A Type' }), 'application/json');
    assert.equal(res.status, 400);
    assert.deepEqual([res.body.error.code, res.body.error.field], ['VALIDATION', 'event']);
  });

  it('answers malformed JSON, and JSON that is no event, with 400 body', async () => {
    for (const body of ['{"event": ', 'null', '"create"', '[]']) {
      const res = await post(body, 'application/json');
      assert.equal(res.status, 400, body);
      assert.deepEqual([res.body.error.code, res.body.error.field], ['VALIDATION', 'body'], body);
    }
    assert.equal((await post('{"event": ', 'application/json')).body.error.message, 'the request body is not valid JSON');
  });

  it('refuses a body that is not JSON by its media type with 415', async () => {
    for (const type of ['text/plain', undefined]) {
      const res = await post(JSON.stringify({ event: 'create' }), type);
      assert.equal(res.status, 415, String(type));
    }
  });

  it('takes one valid plain-JSON event straight to the handler and leaves every other body to the validators', async () => {
    const app = new Hono<any>();
    const ways: string[] = [];
    app.post('/', oneValidEvent(async (c) => { ways.push('handler'); return c.json(c.req.valid('json')); }), (c) => { ways.push('validators'); return c.text('x'); });
    const send = (body: string, type = 'application/json') => app.request('/', { method: 'POST', body, headers: { 'content-type': type } });
    const res = await send(JSON.stringify({ event: 'create', extra: 1 }));
    assert.deepEqual(await res.json(), { event: 'create', cluster: '', namespace: '', resource: '', name: '', actor: '', changes: [], labels: {}, summary: '', source: 'api' });
    for (const [body, type] of [['[{"event":"create"}]'], ['{"event":"Bad"}'], ['{"event": '], ['{"event":"create"}', 'text/plain'], ['{"event":"create"}', 'application/merge-patch+json']]) {
      await send(body!, type);
    }
    assert.deepEqual(ways, ['handler', 'validators', 'validators', 'validators', 'validators', 'validators']);
  });
});
