import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/** Exclusions, actor and field filters, from the API through routing to a real receiver. */
describe('filters that say no, through the API to delivery', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('delivers only what the exclusions, actors and fields let through', async () => {
    const filters = {
      namespaces: ['!kube-system', '!*-canary'],
      actors: ['!system:serviceaccount:*'],
      fields: ['spec.template.spec.containers[*].image'],
    };
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'humans', url: receiver.url, filters } });
    assert.equal(created.status, 201);
    assert.deepEqual(created.body.filters.actors, filters.actors, 'the API answers with the filter it stored');
    assert.deepEqual(created.body.filters.fields, filters.fields);
    const base = { cluster: 'prod', resource: 'Deployment', actor: 'jane@example.com' };
    const image = [{ field: 'spec.template.spec.containers[name=api].image', old: 'api:1', new: 'api:2' }];
    const events = [
      { ...base, event: 'update', namespace: 'shop', name: 'wanted-image', changes: image },
      { ...base, event: 'create', namespace: 'shop', name: 'wanted-create' },
      { ...base, event: 'update', namespace: 'shop', name: 'replicas-only', changes: [{ field: 'spec.replicas', old: 1, new: 2 }] },
      { ...base, event: 'update', namespace: 'kube-system', name: 'excluded-ns', changes: image },
      { ...base, event: 'create', namespace: 'shop-canary', name: 'excluded-canary' },
      { ...base, event: 'create', namespace: 'shop', name: 'by-controller', actor: 'system:serviceaccount:kube-system:replicaset-controller' },
    ];
    const ingest = await herald.api('/api/v1/events', { body: events });
    assert.equal(ingest.status, 202, JSON.stringify(ingest.body));
    assert.deepEqual(ingest.body.items.map((i: { deliveries: number }) => i.deliveries), [1, 1, 0, 0, 0, 0]);
    const got = await receiver.waitFor(2);
    const names = got.map((r) => JSON.parse(r.body).name).sort();
    assert.deepEqual(names, ['wanted-create', 'wanted-image']);
    // Routing is decided when the event is recorded: the webhook has exactly the two deliveries.
    const deliveries = await herald.api(`/api/v1/webhooks/${created.body.id}/deliveries`);
    assert.equal(deliveries.body.items.length, 2);
  });

  it('refuses a bare "!" naming the field, and documents the new filters in OpenAPI', async () => {
    const bad = await herald.api('/api/v1/webhooks', { body: { name: 'bad', url: receiver.url, filters: { actors: ['ok', '!'] } } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'filters.actors.1');
    const doc = JSON.stringify((await herald.api('/api/v1/openapi.json')).body);
    assert.match(doc, /"actors"/);
    assert.match(doc, /"fields"/);
  });
});
