import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POSTGRES_MIGRATIONS } from '../../src/store/postgres/postgres-schema.ts';
import { clientIn, dropSchemas, newSchema, openInSchema } from './pg-support.ts';
import { event, runStoreSuite, T0, webhook } from './store.case.ts';

runStoreSuite('PostgreSQL', async () => {
  const schema = newSchema();
  const store = await openInSchema(schema, 4);
  return {
    store,
    async rawWebhookRow(id) {
      const client = await clientIn(schema);
      try {
        return (await client.query('SELECT * FROM webhooks WHERE id = $1', [id])).rows[0];
      } finally {
        await client.end();
      }
    },
    async cleanup() {
      await store.close();
      await dropSchemas(schema);
    },
  };
});

describe('PostgreSQL store specifics', () => {
  it('migrates once when several replicas open a new schema at the same moment, and not again on reopen', async (t) => {
    const schema = newSchema();
    t.after(() => dropSchemas(schema));
    const stores = await Promise.all(Array.from({ length: 5 }, () => openInSchema(schema, 1)));
    await Promise.all(stores.map((s) => s.close()));
    const reopened = await openInSchema(schema, 1);
    await reopened.close();
    const client = await clientIn(schema);
    try {
      const { rows } = await client.query('SELECT version FROM herald_migrations ORDER BY version');
      assert.deepEqual(rows.map((r) => r.version), POSTGRES_MIGRATIONS.map((_, i) => i + 1));
    } finally {
      await client.end();
    }
  });

  it('a claim carries its delivery\'s event, read in the claim\'s own statement', async (t) => {
    const schema = newSchema();
    const store = await openInSchema(schema, 2);
    t.after(async () => { await store.close(); await dropSchemas(schema); });
    const a = webhook('a');
    await store.createWebhook(a);
    const e = event();
    await store.recordEvent(e, [a.id], { now: T0 });
    const [claim] = await store.claimDue('me', T0, 10, 60_000);
    assert.deepEqual(claim?.event, e);
  });

  it('every claim carries its webhook as the claim saw it: secrets opened, failing_since and the latest edit included', async (t) => {
    const schema = newSchema();
    const store = await openInSchema(schema, 2);
    t.after(async () => { await store.close(); await dropSchemas(schema); });
    const a = webhook('a', { concurrency: 10 });
    const b = webhook('b', { concurrency: 10 });
    await store.createWebhook(a);
    await store.createWebhook(b);
    for (let i = 0; i < 3; i++) await store.recordEvent(event(), [a.id, b.id], { now: T0 });
    await store.markWebhookFailing(a.id, T0 - 5);
    const claims = await store.claimDue('me', T0, 10, 60_000);
    assert.equal(claims.length, 6);
    for (const c of claims) {
      const expected = await store.getWebhook(c.delivery.webhookId);
      assert.deepEqual(c.webhook, expected, 'the same webhook getWebhook reads, on every claim of its share');
    }
    assert.equal(claims.find((c) => c.delivery.webhookId === a.id)?.webhook?.failingSince, T0 - 5);

    // Edited (a new secret) between two claims: the next claim serves the edit, not the first claim's copy.
    await store.updateWebhook({ ...a, secret: 'whsec_rotated-secret-value', updatedAt: T0 + 1 });
    await store.recordEvent(event(), [a.id], { now: T0 + 1 });
    const [next] = await store.claimDue('me', T0 + 1, 10, 60_000);
    assert.equal(next?.webhook?.secret, 'whsec_rotated-secret-value');
    assert.equal(next?.webhook?.failingSince, T0 - 5);
  });

  it('refuses to open with STORE_UNAVAILABLE when the server cannot be reached', async () => {
    const { openPostgresStore } = await import('../../src/store/postgres/postgres-store.ts');
    const { secrets } = await import('./pg-support.ts');
    await assert.rejects(openPostgresStore({ url: 'postgres://postgres@127.0.0.1:1/test', secrets }), (err: any) => err.code === 'STORE_UNAVAILABLE');
  });

  it('records an event racing the deletion of one of its webhooks: that webhook is skipped, the event is kept', async (t) => {
    const schema = newSchema();
    const store = await openInSchema(schema, 2);
    t.after(async () => { await store.close(); await dropSchemas(schema); });
    const doomed = webhook('doomed');
    const kept = webhook('kept');
    await store.createWebhook(doomed);
    await store.createWebhook(kept);
    const other = await clientIn(schema);
    t.after(() => other.end());
    await other.query('BEGIN');
    await other.query('DELETE FROM webhooks WHERE id = $1', [doomed.id]);
    const e = event();
    const recording = store.recordEvent(e, [doomed.id, kept.id], { now: T0 });
    await new Promise((r) => setTimeout(r, 200)); // recordEvent now waits on the deleted row's lock
    await other.query('COMMIT');
    const result = await recording;
    assert.equal(result.deliveryIds.length, 1);
    assert.equal((await store.getDelivery(result.deliveryIds[0]!))?.webhookId, kept.id);
    assert.deepEqual(await store.getEvent(e.id), e);
  });

  it('two concurrent events with the same dedupKey: one is recorded, the other is its duplicate', async (t) => {
    const schema = newSchema();
    const store = await openInSchema(schema, 4);
    t.after(async () => { await store.close(); await dropSchemas(schema); });
    const a = webhook('a');
    await store.createWebhook(a);
    const results = await Promise.all(Array.from({ length: 4 }, () => store.recordEvent(event({ dedupKey: 'same' }), [a.id], { now: T0 })));
    assert.equal(results.filter((r) => !r.duplicate).length, 1);
    assert.equal(new Set(results.map((r) => r.event.id)).size, 1, 'every answer names the recorded event');
    assert.equal((await store.deliveryCounts()).pending, 1);
  });
});
