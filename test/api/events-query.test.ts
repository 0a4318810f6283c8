import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * The event browser's API: filters on GET /events, newest-first paging, one
 * event with the deliveries it caused, and the live SSE stream.
 */
describe('events query, detail and stream', () => {
  let herald: TestHerald;
  const ids: Record<string, string> = {};

  before(async () => {
    herald = await startTestHerald();
    const hook = await herald.api('/api/v1/webhooks', { body: { name: 'all', platform: 'custom', url: 'http://127.0.0.1:9/x' } });
    assert.equal(hook.status, 201);
    const r = await herald.api('/api/v1/events', {
      body: [
        { event: 'scale', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: 'web', actor: 'alice' },
        { event: 'delete', cluster: 'prod', namespace: 'shop', resource: 'Service', name: 'web', actor: 'bob' },
        { event: 'scale', cluster: 'dev', namespace: 'lab', resource: 'Deployment', name: 'api', actor: 'alice' },
      ],
    });
    assert.equal(r.status, 202);
    [ids.prodScale, ids.prodDelete, ids.devScale] = r.body.items.map((i: { id: string }) => i.id);
  });
  after(async () => { await herald?.close(); });

  const names = async (query: string): Promise<string[]> => {
    const r = await herald.api(`/api/v1/events?${query}`);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return r.body.items.map((e: { id: string }) => e.id);
  };

  it('narrows by type, cluster, namespace, kind and actor, each an exact match', async () => {
    assert.deepEqual(await names('type=scale'), [ids.prodScale, ids.devScale]);
    assert.deepEqual(await names('cluster=prod'), [ids.prodScale, ids.prodDelete]);
    assert.deepEqual(await names('namespace=lab'), [ids.devScale]);
    assert.deepEqual(await names('kind=Service'), [ids.prodDelete]);
    assert.deepEqual(await names('actor=alice&cluster=prod'), [ids.prodScale]);
    assert.deepEqual(await names('actor=nobody'), []);
  });

  it('narrows by the time recorded and pages newest first', async () => {
    assert.deepEqual(await names('until=2000-01-01T00:00:00Z'), []);
    assert.equal((await names('since=2000-01-01T00:00:00Z')).length, 3);
    const p1 = await herald.api('/api/v1/events?order=desc&limit=2');
    assert.deepEqual(p1.body.items.map((e: { id: string }) => e.id), [ids.devScale, ids.prodDelete]);
    assert.equal(p1.body.nextCursor, ids.prodDelete);
    const p2 = await herald.api(`/api/v1/events?order=desc&limit=2&cursor=${p1.body.nextCursor}`);
    assert.deepEqual(p2.body.items.map((e: { id: string }) => e.id), [ids.prodScale]);
    assert.equal(p2.body.nextCursor, null, 'the last page newest first ends the paging');
  });

  it('refuses a time that is not ISO 8601, naming the field', async () => {
    const r = await herald.api('/api/v1/events?since=yesterday');
    assert.equal(r.status, 400);
    assert.equal(r.body.error.field, 'since');
  });

  it('shows one event with the deliveries it caused, and 404 for an unknown id', async () => {
    const r = await herald.api(`/api/v1/events/${ids.prodScale}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.event.id, ids.prodScale);
    assert.equal(r.body.deliveries.length, 1);
    assert.equal(r.body.deliveries[0].eventId, ids.prodScale);
    assert.equal((await herald.api('/api/v1/events/evt_missing')).status, 404);
  });

  it('streams each newly recorded event as Server-Sent Events, only to an authenticated caller', async () => {
    const anonymous = await fetch(`${herald.url}/api/v1/events/stream`);
    assert.equal(anonymous.status, 401);
    await anonymous.body?.cancel();

    const ac = new AbortController();
    const res = await fetch(`${herald.url}/api/v1/events/stream`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, signal: ac.signal });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}: ${text}`);
        text += value;
      }
    };
    await readUntil('event: ready');
    const posted = await herald.api('/api/v1/events', { body: { event: 'update', cluster: 'live', name: 'streamed' } });
    const id = posted.body.items[0].id as string;
    await readUntil(`id: ${id}`);
    await readUntil('\n\n');
    const message = text.slice(text.indexOf('event: herald'));
    assert.match(message, /"name":"streamed"/);
    ac.abort();
  });
});
