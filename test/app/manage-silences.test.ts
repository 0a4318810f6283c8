import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ManageSilences } from '../../src/app/manage-silences.ts';
import { Ingestor } from '../../src/app/record-event.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../support/temp-dir.ts';

/**
 * Silences in the record-event use case, on a moved clock: two ingestors over
 * one store stand for two replicas, each with its own silences cache.
 */
const T0 = 1_700_000_000_000;

async function setup() {
  const store = new SqliteStore({ path: join(tempDir('silences'), 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
  let now = T0;
  const clock = { now: () => now };
  const here = new Ingestor(store, { clock, cacheMs: 2000 });
  const other = new Ingestor(store, { clock, cacheMs: 2000 });
  const audited: string[] = [];
  const silences = new ManageSilences({ silences: store, routing: here, clock, audit: { record: async (_a, action) => { audited.push(action); } } });
  await store.createWebhook(createWebhook(WebhookInputSchema.parse({ name: 'all', url: 'https://r.example/' }), 'wh_1', T0));
  const deliveries = async (ingestor: Ingestor, namespace: string) => (await ingestor.ingest({ event: 'update', namespace })).deliveryIds.length;
  return { store, here, other, silences, audited, deliveries, advance: (ms: number) => { now += ms; } };
}

const actor = { id: null, name: 'jane' };

describe('silences in routing (src/app/manage-silences.ts, record-event.ts)', () => {
  it('this process mutes at once; another replica within the cache bound', async () => {
    const { store, here, other, silences, deliveries, advance, audited } = await setup();
    assert.equal(await deliveries(here, 'maint'), 1);
    assert.equal(await deliveries(other, 'maint'), 1, 'the other replica has read (and cached) no silences');
    await silences.create({ matchers: { namespaces: ['maint'] }, endsAt: new Date(T0 + 3_600_000).toISOString(), comment: 'upgrade' }, actor);
    assert.equal(await deliveries(here, 'maint'), 0, 'the change invalidated this process\'s cache');
    advance(2001);
    assert.equal(await deliveries(other, 'maint'), 0, 'after cacheMs the other replica reads the new silence');
    assert.deepEqual(audited, ['silence.create']);
    await store.close();
  });

  it('a cached silence stops muting exactly at endsAt, and starts exactly at startsAt', async () => {
    const { store, here, silences, deliveries, advance } = await setup();
    await silences.create({
      matchers: { namespaces: ['maint'] }, startsAt: new Date(T0 + 500).toISOString(), endsAt: new Date(T0 + 1500).toISOString(), comment: 'short',
    }, actor);
    assert.equal(await deliveries(here, 'maint'), 1, 'pending');
    advance(500);
    assert.equal(await deliveries(here, 'maint'), 0, 'active from startsAt');
    assert.equal(await deliveries(here, 'other'), 1, 'only what the matchers select');
    advance(1000);
    assert.equal(await deliveries(here, 'maint'), 1, 'over at endsAt, though the cache is younger than cacheMs');
    await store.close();
  });

  it('expiring lifts the mute in this process at once and is audited once', async () => {
    const { store, here, silences, deliveries, audited } = await setup();
    const s = await silences.create({ matchers: { namespaces: ['maint'] }, endsAt: new Date(T0 + 3_600_000).toISOString(), comment: 'x' }, actor);
    assert.equal(await deliveries(here, 'maint'), 0);
    await silences.expire(s.id, actor);
    assert.equal(await deliveries(here, 'maint'), 1);
    await silences.expire(s.id, actor);
    assert.deepEqual(audited, ['silence.create', 'silence.expire'], 'expiring an expired silence changes nothing and is not audited');
    await assert.rejects(silences.expire('sil_missing', actor), (e: any) => e.code === 'NOT_FOUND');
    await store.close();
  });
});
