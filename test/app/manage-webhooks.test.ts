import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManageWebhooks } from '../../src/app/manage-webhooks.ts';
import { Redeliver } from '../../src/app/redeliver.ts';
import { Ingestor } from '../../src/app/record-event.ts';
import { HeraldError } from '../../src/core/errors.ts';
import { WebhookInputSchema } from '../../src/core/webhook.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * The webhook use cases own the side effects a caller could forget: the
 * routing cache is invalidated and the dispatcher woken on every change, and
 * each change is audited.
 */
function setup(blocked = new Set<string>()) {
  const store = new SqliteStore({ path: join(tempDir('manage-webhooks'), 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
  const calls: string[] = [];
  const worker = { wake: () => { calls.push('wake'); } };
  const audit = { record: async (_actor: unknown, action: string) => { calls.push(`audit:${action}`); } };
  const events = new Ingestor(store, { worker });
  const routing = { invalidate: () => { calls.push('invalidate'); events.invalidate(); } };
  const checkUrl = (url: URL) => {
    if (blocked.has(url.hostname)) throw new HeraldError('SSRF_BLOCKED', `${url.hostname} is blocked`, 'url');
  };
  const clock = { now: () => 1_700_000_000_000 };
  const webhooks = new ManageWebhooks({ webhooks: store, routing, worker, checkUrl, audit, clock, secretGraceMs: 1000 });
  const redeliver = new Redeliver({ deliveries: store, webhooks: store, worker, audit, clock });
  return { store, calls, webhooks, events, redeliver };
}
const actor = { id: 'usr_1', name: 'alice' };
const spec = (name: string, url = 'https://receiver.example/') => WebhookInputSchema.parse({ name, url, filters: { events: ['create'] } });

describe('webhook use cases (src/app/manage-webhooks.ts, redeliver.ts)', () => {
  it('routes the next event by a change made a moment ago: create, disable and delete invalidate the routing cache', async () => {
    const { store, calls, webhooks, events } = setup();
    assert.equal((await events.ingest({ event: 'create' })).deliveryIds.length, 0); // fills the routing cache: no webhooks
    const w = await webhooks.create(spec('a'), actor);
    assert.deepEqual(calls.splice(0), ['invalidate', 'audit:webhook.create']);
    assert.equal((await events.ingest({ event: 'create' })).deliveryIds.length, 1);
    assert.deepEqual(calls.splice(0), ['wake'], 'a recorded delivery wakes the dispatcher');

    const off = await webhooks.setEnabled(w.id, false, actor);
    assert.equal(off.enabled, false);
    assert.deepEqual(calls.splice(0), ['invalidate', 'wake', 'audit:webhook.update']);
    assert.equal((await events.ingest({ event: 'create' })).deliveryIds.length, 0);

    await webhooks.setEnabled(w.id, true, actor);
    calls.splice(0);
    await webhooks.delete(w.id, actor);
    assert.deepEqual(calls.splice(0), ['invalidate', 'audit:webhook.delete']);
    assert.equal((await events.ingest({ event: 'create' })).deliveryIds.length, 0);
    await assert.rejects(webhooks.get(w.id), (err: any) => err.code === 'NOT_FOUND' && err.field === 'id');
    await store.close();
  });

  it('refuses a receiver the SSRF guard blocks before anything is stored', async () => {
    const { store, calls, webhooks } = setup(new Set(['internal.example']));
    await assert.rejects(webhooks.create(spec('x', 'https://internal.example/'), actor), (err: any) => err.code === 'SSRF_BLOCKED');
    assert.deepEqual(await store.listWebhooks(), []);
    assert.deepEqual(calls, []);
    await store.close();
  });

  it('applies declared webhooks by name, changing only what differs, and invalidates and wakes when anything changed', async () => {
    const { store, calls, webhooks } = setup();
    assert.deepEqual(await webhooks.applyDeclared([spec('a'), spec('b')]), { created: 2, updated: 0 });
    assert.deepEqual(calls.splice(0), ['invalidate', 'wake']);
    assert.deepEqual(await webhooks.applyDeclared([spec('a'), spec('b')]), { created: 0, updated: 0 });
    assert.deepEqual(calls.splice(0), []);
    assert.deepEqual(await webhooks.applyDeclared([spec('a', 'https://other.example/')]), { created: 0, updated: 1 });
    assert.deepEqual(calls.splice(0), ['invalidate', 'wake']);
    await store.close();
  });

  it('wakes the dispatcher when a delivery is queued again, and refuses one still pending', async () => {
    const { store, calls, webhooks, events, redeliver } = setup();
    await webhooks.create(spec('a'), actor);
    const [id] = (await events.ingest({ event: 'create' })).deliveryIds;
    calls.splice(0);
    await assert.rejects(redeliver.one(id!, actor), (err: any) => err.code === 'CONFLICT');
    assert.deepEqual(calls, []);
    await assert.rejects(redeliver.one('dlv_missing', actor), (err: any) => err.code === 'NOT_FOUND');
    assert.equal(await redeliver.recover((await store.listWebhooks())[0]!.id, 0, actor), 0);
    assert.deepEqual(calls.splice(0), ['wake', 'audit:webhook.recover']);
    await store.close();
  });
});
