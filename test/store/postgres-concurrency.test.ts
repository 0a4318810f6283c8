import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Claim } from '../../src/store/store.ts';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { clientIn, dropSchemas, newSchema, openInSchema } from './pg-support.ts';
import { attempt, event, webhook } from './store.case.ts';

/**
 * Two replicas (two stores, two pools) with four claim loops each drain
 * 2,000 deliveries over 10 webhooks of concurrency 1–8. In flight is counted
 * from a claim's return to just before its completion is sent, a window
 * inside the database lease, so a count above a webhook's concurrency means
 * the database really had more leases live at once.
 */
const DELIVERIES = 2000;
const CONCURRENCY = [1, 2, 3, 4, 5, 6, 7, 8, 2, 4];

it('two replicas claiming 2,000 deliveries concurrently never share one and never exceed a webhook\'s concurrency', async (t) => {
  const schema = newSchema();
  const replicas: PostgresStore[] = [await openInSchema(schema, 6), await openInSchema(schema, 6)];
  t.after(async () => {
    for (const r of replicas) await r.close();
    await dropSchemas(schema);
  });
  const [first] = replicas;
  const webhooks = CONCURRENCY.map((concurrency, i) => webhook(`w${i}`, { concurrency }));
  for (const w of webhooks) await first!.createWebhook(w);
  const now = Date.now();
  for (let i = 0; i < DELIVERIES / webhooks.length; i++) await first!.recordEvent(event(), webhooks.map((w) => w.id), { now });

  const limitOf = new Map(webhooks.map((w) => [w.id, w.concurrency]));
  const inFlight = new Map<string, number>();
  const peak = new Map<string, number>();
  const claimedBy = new Map<string, string>();
  const violations: string[] = [];
  let done = 0;

  const loop = async (store: PostgresStore, owner: string) => {
    let idle = 0;
    while (done < DELIVERIES && idle < 200) {
      const claims: Claim[] = await store.claimDue(owner, Date.now(), 1 + Math.floor(Math.random() * 8), 60_000);
      if (claims.length === 0) { idle++; await new Promise((r) => setTimeout(r, 2)); continue; }
      idle = 0;
      for (const c of claims) {
        const id = c.delivery.id;
        if (claimedBy.has(id)) violations.push(`${id} claimed by ${claimedBy.get(id)} and ${owner}`);
        claimedBy.set(id, owner);
        const n = (inFlight.get(c.delivery.webhookId) ?? 0) + 1;
        inFlight.set(c.delivery.webhookId, n);
        peak.set(c.delivery.webhookId, Math.max(peak.get(c.delivery.webhookId) ?? 0, n));
        if (n > limitOf.get(c.delivery.webhookId)!) violations.push(`${c.delivery.webhookId}: ${n} in flight, concurrency ${limitOf.get(c.delivery.webhookId)}`);
      }
      await Promise.all(claims.map(async (c) => {
        await new Promise((r) => setTimeout(r, Math.random() * 3)); // the "HTTP request"
        inFlight.set(c.delivery.webhookId, inFlight.get(c.delivery.webhookId)! - 1);
        assert.equal(await store.completeAttempt(c, attempt(c, Date.now()), { status: 'succeeded' }), true);
        done++;
      }));
    }
  };
  const started = performance.now();
  await Promise.all(replicas.flatMap((store, r) => [0, 1, 2, 3].map((l) => loop(store, `replica${r}-loop${l}`))));
  const seconds = (performance.now() - started) / 1000;
  t.diagnostic(`${DELIVERIES} deliveries claimed and completed in ${seconds.toFixed(2)} s (${Math.round(DELIVERIES / seconds)}/s) by 2 replicas × 4 loops`);
  t.diagnostic(`peak in flight per webhook: ${webhooks.map((w) => `${peak.get(w.id) ?? 0}/${w.concurrency}`).join(' ')}`);

  assert.deepEqual(violations, []);
  assert.equal(claimedBy.size, DELIVERIES, 'every delivery was claimed exactly once');
  assert.ok(new Set(claimedBy.values()).size > 4, 'claims were spread over the loops of both replicas');
  assert.ok(webhooks.some((w) => w.concurrency > 1 && peak.get(w.id) === w.concurrency), 'the test pressed against a concurrency limit');
  assert.deepEqual(await first!.deliveryCounts(), { pending: 0, delivering: 0, succeeded: DELIVERIES, failed: 0 });
  const client = await clientIn(schema);
  try {
    const { rows } = await client.query('SELECT count(*)::int AS n, count(DISTINCT delivery_id)::int AS d FROM attempts');
    assert.deepEqual(rows[0], { n: DELIVERIES, d: DELIVERIES }, 'one attempt per delivery');
  } finally {
    await client.end();
  }
});

it('a claim racing a slower, uncommitted claim for the same webhook does not exceed its concurrency', async (t) => {
  const schema = newSchema();
  const [slow, fast] = [await openInSchema(schema, 2), await openInSchema(schema, 2)];
  t.after(async () => {
    await slow.close();
    await fast.close();
    await dropSchemas(schema);
  });
  const w = webhook('one-at-a-time', { concurrency: 1 });
  await slow.createWebhook(w);
  const T = Date.now();
  const [late] = (await slow.recordEvent(event(), [w.id], { now: T + 50 })).deliveryIds;
  // Test-only: leasing to owner "slow" stalls inside its transaction, before it commits.
  const client = await clientIn(schema);
  t.after(() => client.end());
  await client.query(`CREATE FUNCTION stall() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.locked_by = 'slow' THEN PERFORM pg_sleep(0.6); END IF; RETURN NEW; END $$`);
  await client.query('CREATE TRIGGER stall BEFORE UPDATE ON deliveries FOR EACH ROW EXECUTE FUNCTION stall()');

  const slowClaim = slow.claimDue('slow', T + 100, 10, 60_000);
  await new Promise((r) => setTimeout(r, 150));
  // Meanwhile an event recorded with an earlier clock commits: its delivery is due before `late`.
  const [early] = (await fast.recordEvent(event(), [w.id], { now: T + 10 })).deliveryIds;
  const fastIds = (await fast.claimDue('fast', T + 100, 10, 60_000)).map((c) => c.delivery.id);
  const slowIds = (await slowClaim).map((c) => c.delivery.id);
  assert.deepEqual(slowIds, [late]);
  assert.deepEqual(fastIds, [], `concurrency 1, but "fast" also leased ${fastIds.join(', ')}`);
  assert.deepEqual(await fast.claimDue('fast', T + 100, 10, 60_000), [], 'the slot is still taken');
  assert.equal((await fast.getDelivery(early!))?.status, 'pending');
});
