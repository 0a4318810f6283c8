import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openPool } from '../../src/store/postgres/postgres-connection.ts';
import type { NamedQuery, PoolLike } from '../../src/store/postgres/postgres-db.ts';
import { postgresStoreOnPool, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import type { Attempt } from '../../src/store/store.ts';
import { dropSchemas, newSchema, PG_URL, secrets } from './pg-support.ts';
import { event, T0, webhook } from './store.case.ts';

/**
 * Group commit on PostgreSQL (postgres-batcher.ts): calls made together are
 * written in one statement, each caller answered with its own result. The
 * pool is wrapped to count the statements the store sends.
 */
async function countingStore(t: { after: (fn: () => Promise<void>) => void }): Promise<{ store: PostgresStore; sent: string[] }> {
  const schema = newSchema();
  const pool = openPool({ url: PG_URL, schema, max: 4 });
  const sent: string[] = [];
  const counting: PoolLike = {
    query: <R>(q: string | NamedQuery, values?: unknown[]) => {
      sent.push(typeof q === 'string' ? q : q.name);
      return (pool as PoolLike).query<R>(q, values);
    },
    connect: () => pool.connect(),
    end: () => pool.end(),
  };
  const store = await postgresStoreOnPool(counting, schema, secrets);
  t.after(async () => { await store.close(); await dropSchemas(schema); });
  return { store, sent };
}

function attemptFor(deliveryId: string, n: number): Attempt {
  return { id: `att_${deliveryId}_${n}`, deliveryId, attempt: 1, startedAt: T0, durationMs: 3, statusCode: 200,
    responseBody: 'ok', error: null, outcome: 'succeeded', trigger: 'first' };
}

describe('PostgreSQL group commit', () => {
  it('events recorded together go in one statement, each answered with its own deliveries and duplicates', async (t) => {
    const { store, sent } = await countingStore(t);
    const a = webhook('a');
    await store.createWebhook(a);
    const first = await store.recordEvent(event({ dedupKey: 'seen' }), [a.id], { now: T0 });
    sent.length = 0;
    const results = await Promise.all([
      ...Array.from({ length: 20 }, () => store.recordEvent(event(), [a.id], { now: T0 })),
      store.recordEvent(event({ dedupKey: 'seen' }), [a.id], { now: T0 }),
      store.recordEvent(event(), [a.id, 'wh_gone'], { now: T0 }),
    ]);
    assert.equal(sent.filter((s) => s === 'herald_record_events').length, 1);
    assert.deepEqual(results.slice(0, 20).map((r) => [r.duplicate, r.deliveryIds.length]), Array(20).fill([false, 1]));
    assert.deepEqual(results[20], { event: first.event, duplicate: true, deliveryIds: [] });
    assert.equal(results[21]!.deliveryIds.length, 1, 'a webhook that does not exist gets no delivery');
    for (const r of results.slice(0, 20)) assert.deepEqual(await store.getEvent(r.event.id), r.event);
  });

  it('an event that cannot be written is refused alone; the others of its batch are recorded', async (t) => {
    const { store } = await countingStore(t);
    const a = webhook('a');
    await store.createWebhook(a);
    const taken = event();
    await store.recordEvent(taken, [a.id], { now: T0 });
    const results = await Promise.allSettled([
      store.recordEvent(event(), [a.id], { now: T0 }),
      store.recordEvent({ ...event(), id: taken.id }, [a.id], { now: T0 }), // its id is taken: a primary key violation
      store.recordEvent(event(), [a.id], { now: T0 }),
    ]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
  });

  it('completions made together go in one statement; a stale owner\'s is refused and writes no attempt', async (t) => {
    const { store, sent } = await countingStore(t);
    const a = { ...webhook('a'), concurrency: 20 };
    await store.createWebhook(a);
    for (let i = 0; i < 10; i++) await store.recordEvent(event(), [a.id], { now: T0 });
    const claims = await store.claimDue('me', T0, 10, 60_000);
    assert.equal(claims.length, 10);
    sent.length = 0;
    const stale = { ...claims[0]!, owner: 'someone-else' };
    const done = await Promise.all([
      store.completeAttempt(stale, attemptFor(stale.delivery.id, 0), { status: 'succeeded' }),
      ...claims.slice(1).map((c, i) => store.completeAttempt(c, attemptFor(c.delivery.id, i + 1), i % 2 === 0 ? { status: 'succeeded' } : { status: 'pending', nextAttemptAt: T0 + 5000 })),
    ]);
    assert.equal(sent.filter((s) => s === 'herald_complete_attempts').length, 1);
    assert.deepEqual(done, [false, ...Array(9).fill(true)]);
    assert.deepEqual(await store.listAttempts(stale.delivery.id), []);
    assert.equal((await store.getDelivery(stale.delivery.id))?.status, 'delivering');
    assert.equal((await store.getDelivery(claims[1]!.delivery.id))?.status, 'succeeded');
    assert.deepEqual(await store.getDelivery(claims[2]!.delivery.id).then((d) => [d?.status, d?.nextAttemptAt, d?.trigger]), ['pending', T0 + 5000, 'retry']);
    assert.equal((await store.listAttempts(claims[2]!.delivery.id)).length, 1);
  });

  it('reads of webhooks made together go in one statement, and a read made after a write sees it', async (t) => {
    const { store, sent } = await countingStore(t);
    const a = webhook('a');
    const b = webhook('b');
    await store.createWebhook(a);
    await store.createWebhook(b);
    sent.length = 0;
    const read = await Promise.all([store.getWebhook(a.id), store.getWebhook(b.id), store.getWebhook(a.id), store.getWebhook('wh_gone')]);
    assert.equal(sent.length, 1);
    assert.deepEqual(read.map((w) => w?.name), ['a', 'b', 'a', undefined]);
    await store.updateWebhook({ ...a, name: 'renamed' });
    assert.equal((await store.getWebhook(a.id))?.name, 'renamed');
  });
  it('a dispatch round sends only named (prepared once per connection) statements, and reads no webhook', async (t) => {
    const { store, sent } = await countingStore(t);
    const a = webhook('a');
    await store.createWebhook(a);
    await store.recordEvent(event(), [a.id], { now: T0 });
    sent.length = 0;
    const [claim] = await store.claimDue('me', T0, 10, 60_000);
    assert.equal(claim?.webhook?.id, a.id);
    await store.completeAttempt(claim!, attemptFor(claim!.delivery.id, 1), { status: 'succeeded' });
    await store.nextDueAt();
    assert.deepEqual(sent, ['herald_claim_due_with_webhooks', 'herald_complete_attempts', 'herald_next_due_at']);
  });
});
