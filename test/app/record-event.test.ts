import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ingestor } from '../../src/app/record-event.ts';
import { checkEventInput } from '../../src/core/event.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { tempDir } from '../support/temp-dir.ts';

/** The record-event use case over a real SQLite store: batches are one transaction, routing and wake-up included. */
function setup() {
  const store = new SqliteStore({ path: join(tempDir('record-event'), 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
  let wakes = 0;
  const seen: string[] = [];
  const ingestor = new Ingestor(store, { worker: { wake: () => { wakes++; } }, clock: { now: () => 1_700_000_000_000 }, onEvent: (e) => seen.push(e.name) });
  return { store, ingestor, wakes: () => wakes, seen };
}

describe('record event (src/app/record-event.ts)', () => {
  it('records a batch routed by filters in one call, wakes the dispatcher once and reports each new event', async () => {
    const { store, ingestor, wakes, seen } = setup();
    const w = createWebhook(WebhookInputSchema.parse({ name: 'creates', url: 'https://r.example/', filters: { events: ['create'] } }), 'wh_1', 1);
    await store.createWebhook(w);
    const results = await ingestor.ingestBatch([
      { event: 'create', name: 'a', dedupKey: 'k' }, { event: 'delete', name: 'b' }, { event: 'create', name: 'a-again', dedupKey: 'k' },
    ]);
    assert.deepEqual(results.map((r) => [r.event.name, r.duplicate, r.deliveryIds.length]), [['a', false, 1], ['b', false, 0], ['a', true, 0]]);
    assert.equal(wakes(), 1);
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(results[0]!.event.timestamp, new Date(1_700_000_000_000).toISOString());
    await store.close();
  });

  it('refuses a batch whose item 34 is invalid, naming the item and field, and records nothing', async () => {
    const { store, ingestor, wakes } = setup();
    const inputs = Array.from({ length: 50 }, (_, i) => ({ event: 'create', name: `o${i}` }));
    inputs[33] = { event: 'Not A Type', name: 'o33' };
    await assert.rejects(ingestor.ingestBatch(inputs), (err: any) => err.code === 'VALIDATION' && err.field === '33.event');
    assert.deepEqual((await store.listEvents(undefined, 100)).items, []);
    assert.equal(wakes(), 0);
    await store.close();
  });

  it('parses an event once: ingest checks it, ingestChecked takes the parsed value as it is', async () => {
    const { store, ingestor } = setup();
    await assert.rejects(ingestor.ingest({ event: 'Not A Type' }), (err: any) => err.code === 'VALIDATION' && err.field === 'event.event');
    const parsed = checkEventInput({ event: 'create', name: 'once' });
    // A value no parse would let through: recorded as given, so nothing parsed it a second time.
    const recorded = await ingestor.ingestChecked({ ...parsed, summary: 'x'.repeat(4001) });
    assert.equal(recorded.event.summary.length, 4001);
    const [batched] = await ingestor.ingestCheckedBatch([{ ...parsed, name: 'n'.repeat(254) }]);
    assert.equal(batched!.event.name.length, 254);
    await store.close();
  });

  it('records nothing of a batch when writing item 34 fails', async () => {
    const { store, ingestor } = setup();
    const inputs: Array<Record<string, unknown>> = Array.from({ length: 50 }, (_, i) => ({ event: 'create', name: `o${i}` }));
    // Valid by the schema, but a BigInt cannot be stored: the store fails on this item after 33 were written.
    inputs[33] = { event: 'create', name: 'o33', data: { n: 10n } };
    await assert.rejects(ingestor.ingestBatch(inputs as never));
    assert.deepEqual((await store.listEvents(undefined, 100)).items, []);
    await store.close();
  });
});
