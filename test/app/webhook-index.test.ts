import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ingestor } from '../../src/app/record-event.ts';
import { WebhookIndex } from '../../src/app/webhook-index.ts';
import { normalizeEvent, type EventInput } from '../../src/core/event.ts';
import { FiltersSchema, type Filters } from '../../src/core/filters.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../support/temp-dir.ts';

const ev = (input: Partial<EventInput>) => normalizeEvent({ event: 'update', ...input }, 'evt_1');
const route = (id: string, filters: Partial<Filters>, enabled = true) => ({ id, enabled, filters: FiltersSchema.parse(filters), updatedAt: 1 });

describe('webhook index (src/app/webhook-index.ts)', () => {
  it('finds webhooks filed by exact namespace, kind (any case), event type or cluster, and those with only globs or "*"', () => {
    const index = new WebhookIndex();
    index.put(route('wh_ns', { namespaces: ['shop'] }));
    index.put(route('wh_kind', { kinds: ['Deployment'] }));
    index.put(route('wh_glob', { namespaces: ['team-*'] }));
    index.put(route('wh_all', {}));
    index.put(route('wh_other', { namespaces: ['other'] }));
    assert.deepEqual(index.match(ev({ namespace: 'shop', resource: 'deployment' })), ['wh_all', 'wh_kind', 'wh_ns']);
    assert.deepEqual(index.match(ev({ namespace: 'team-a', resource: 'Pod' })), ['wh_all', 'wh_glob']);
  });

  it('leaves the verdict to matchesFilters: a candidate whose other conditions fail is not routed', () => {
    const index = new WebhookIndex();
    index.put(route('wh_1', { namespaces: ['shop'], events: ['delete'], labels: [{ key: 'team', operator: 'In', values: ['a'] }] }));
    assert.deepEqual(index.match(ev({ namespace: 'shop', event: 'delete', labels: { team: 'b' } })), []);
    assert.deepEqual(index.match(ev({ namespace: 'shop', event: 'update', labels: { team: 'a' } })), []);
    assert.deepEqual(index.match(ev({ namespace: 'shop', event: 'delete', labels: { team: 'a' } })), ['wh_1']);
  });

  it('follows a change of filters, a disable and a removal', () => {
    const index = new WebhookIndex();
    index.put(route('wh_1', { namespaces: ['a'] }));
    index.put(route('wh_1', { namespaces: ['b'] }));
    assert.deepEqual(index.match(ev({ namespace: 'a' })), [], 'no longer filed under its old namespace');
    assert.deepEqual(index.match(ev({ namespace: 'b' })), ['wh_1']);
    index.put(route('wh_1', { namespaces: ['b'] }, false));
    assert.deepEqual(index.match(ev({ namespace: 'b' })), [], 'a disabled webhook is not routed');
    index.put(route('wh_2', {}));
    index.remove('wh_2');
    assert.deepEqual(index.match(ev({ namespace: 'b' })), []);
    assert.equal(index.version().count, 1, 'the disabled webhook still counts toward the version');
  });
});

describe('routing in the record-event use case', () => {
  function setup() {
    let now = 1_700_000_000_000;
    const store = new SqliteStore({ path: join(tempDir('webhook-index'), 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
    let fullReads = 0;
    let decrypts = 0;
    // Only what the use case may call: listWebhooks (which decrypts every webhook) is not among them.
    const counting = {
      listWebhookRoutes: (since?: number) => { if (since === undefined) fullReads++; return store.listWebhookRoutes(since); },
      getWebhook: (id: string) => { decrypts++; return store.getWebhook(id); },
      webhooksVersion: () => store.webhooksVersion(),
      recordEvent: store.recordEvent.bind(store),
      recordEvents: store.recordEvents.bind(store),
      listSilences: store.listSilences.bind(store),
    };
    const ingestor = new Ingestor(counting, { clock: { now: () => now }, cacheMs: 250 });
    const add = async (name: string, namespaces: string[], at = now) => {
      const w = createWebhook(WebhookInputSchema.parse({ name, url: 'https://r.example/', secret: 's3cret-value', filters: { namespaces } }), `wh_${name}`, at);
      await store.createWebhook(w);
      return w;
    };
    return { store, ingestor, add, advance: (ms: number) => { now += ms; }, fullReads: () => fullReads, decrypts: () => decrypts };
  }

  it('routes a change made through this process at once, re-reading only that webhook', async () => {
    const t = setup();
    await t.add('first', ['a']);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_first']);
    const reads = t.fullReads();
    const w = await t.add('second', ['a']);
    t.ingestor.invalidate(w.id);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_first', 'wh_second']);
    assert.equal(t.fullReads(), reads, 'no full re-read');
    assert.equal(t.decrypts(), 1, 'one webhook opened');
    await t.store.deleteWebhook(w.id);
    t.ingestor.invalidate(w.id);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_first']);
    await t.store.close();
  });

  it('routes a change made elsewhere (another replica) once the version check is due, reading only what changed', async () => {
    const t = setup();
    await t.add('first', ['a']);
    await t.ingestor.route(ev({ namespace: 'a' }));
    const reads = t.fullReads();
    t.advance(1);
    await t.add('late', ['a']);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_first'], 'not yet asked');
    t.advance(250);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_first', 'wh_late']);
    assert.equal(t.fullReads(), reads, 'only the routes changed since were read');
    assert.equal(t.decrypts(), 0, 'nothing decrypted');
    await t.store.close();
  });

  it('notices a webhook deleted elsewhere, and one written elsewhere with an older clock, by the version', async () => {
    const t = setup();
    await t.add('gone', ['a']);
    await t.add('stays', ['a']);
    await t.ingestor.route(ev({ namespace: 'a' }));
    await t.store.deleteWebhook('wh_gone');
    await t.add('skewed', ['a'], 1_600_000_000_000);
    t.advance(250);
    assert.deepEqual(await t.ingestor.route(ev({ namespace: 'a' })), ['wh_skewed', 'wh_stays']);
    await t.store.close();
  });
});
