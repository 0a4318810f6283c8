import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Fence } from '../../src/app/ports/lease.ts';
import { allEvents } from '../sources/cluster-watch/harness.ts';
import { clientIn, dropSchemas, newSchema, openInSchema } from './pg-support.ts';
import { event, webhook } from './store.case.ts';

/**
 * Leases in the PostgreSQL store, and the fence every cluster-watch write
 * carries: once the lease has passed to another holder, a write under the old
 * token is refused whole (no event, no delivery, no state), in the same
 * statement that would have written it.
 */
describe('PostgreSQL leases and fences', () => {
  const schemas: string[] = [];
  after(() => dropSchemas(...schemas));

  async function open() {
    const schema = newSchema();
    schemas.push(schema);
    return openInSchema(schema);
  }

  it('grants one holder at a time, keeps the token on renewal and raises it on takeover', async () => {
    const store = await open();
    try {
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-1', 60_000), 1);
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-2', 60_000), undefined, 'live lease: refused');
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-1', 60_000), 1, 'renewal keeps the token');
      assert.equal(await store.leases.acquire('cluster-watch:b', 'replica-2', 60_000), 1, 'leases are per name');
      await store.leases.release('cluster-watch:a', 'replica-2'); // not the holder: no effect
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-2', 60_000), undefined);
      await store.leases.release('cluster-watch:a', 'replica-1');
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-2', 60_000), 2, 'released: taken at once, new token');
      assert.equal(await store.leases.acquire('cluster-watch:a', 'replica-1', 60_000), undefined, 'the old holder is refused');
    } finally {
      await store.close();
    }
  });

  it('lets a standby take a lease that expired unrenewed', async () => {
    const store = await open();
    try {
      assert.equal(await store.leases.acquire('l', 'replica-1', 1), 1);
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(await store.leases.acquire('l', 'replica-2', 60_000), 2);
    } finally {
      await store.close();
    }
  });

  it('refuses a deposed holder\'s event, deliveries and state, and takes the current holder\'s', async () => {
    const store = await open();
    try {
      const wh = webhook('w');
      await store.createWebhook(wh);
      const t1 = (await store.leases.acquire('cluster-watch:a', 'replica-1', 60_000))!;
      const old: Fence = { lease: 'cluster-watch:a', token: t1 };
      const state = [{ scope: 'kube:a:Deployment', key: 'default/api', value: { rv: '1' } }];
      const ok = await store.recordEvent(event({ dedupKey: 'k1' }), [wh.id], { fence: old, state });
      assert.equal(ok.duplicate, false, 'the holder writes');

      await store.leases.release('cluster-watch:a', 'replica-1');
      const t2 = (await store.leases.acquire('cluster-watch:a', 'replica-2', 60_000))!;
      await assert.rejects(store.recordEvent(event({ dedupKey: 'k2' }), [wh.id], {
        fence: old, state: [{ scope: 'kube:a:Deployment', key: 'default/web', value: { rv: '2' } }],
      }), (e: any) => e.code === 'LEASE_LOST');
      await assert.rejects(store.putSourceState([{ scope: 'kube:a:Deployment', key: 'default/api', value: null }], old),
        (e: any) => e.code === 'LEASE_LOST');
      assert.equal((await allEvents(store)).length, 1, 'no event from the deposed holder');
      assert.equal((await store.deliveryCounts()).pending, 1, 'nor a delivery');
      assert.deepEqual((await store.listSourceState('kube:a:Deployment')).map((s) => s.key), ['default/api'], 'nor state');

      const current: Fence = { lease: 'cluster-watch:a', token: t2 };
      await store.putSourceState([{ scope: 'kube:a:Deployment', key: 'default/web', value: { rv: '3' } }], current);
      assert.equal((await store.recordEvent(event({ dedupKey: 'k3' }), [wh.id], { fence: current })).duplicate, false);
      assert.equal((await allEvents(store)).length, 2);
      assert.equal((await store.recordEvent(event({ dedupKey: 'k3' }), [wh.id], { fence: current })).duplicate, true,
        'a duplicate under a valid fence is still a duplicate, not a lost lease');
    } finally {
      await store.close();
    }
  });

  it('makes a takeover wait for a write already past the fence check, so the new holder reads it', async () => {
    const store = await open();
    const other = await openInSchema(schemas.at(-1)!);
    try {
      const t1 = (await store.leases.acquire('l', 'replica-1', 1))!;
      // Hold the lease row as a fenced write in progress would (FOR SHARE) in an open transaction.
      const held = await clientIn(schemas.at(-1)!);
      await held.query('BEGIN');
      await held.query('SELECT 1 FROM leases WHERE name = $1 AND token = $2 FOR SHARE', ['l', t1]);
      await held.query(`INSERT INTO source_state (scope, key, value) VALUES ('s', 'written-by-old-holder', '1')`);
      await new Promise((r) => setTimeout(r, 20)); // the lease has expired meanwhile
      let tookOver = false;
      const takeover = other.leases.acquire('l', 'replica-2', 60_000).then((t) => { tookOver = true; return t; });
      // Wait until PostgreSQL reports the takeover blocked on the row lock (no sleep-and-hope). Asked
      // from another session: inside a transaction pg_stat_activity is a snapshot taken once.
      const look = await clientIn(schemas.at(-1)!);
      for (;;) {
        const { rows } = await look.query(`SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND query LIKE '%INSERT INTO leases%' AND pid <> pg_backend_pid()`);
        if (rows[0].n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await look.end();
      assert.equal(tookOver, false, 'the takeover waits for the write in progress');
      await held.query('COMMIT');
      await held.end();
      assert.equal(await takeover, 2);
      assert.deepEqual((await other.listSourceState('s')).map((s) => s.key), ['written-by-old-holder']);
    } finally {
      await other.close();
      await store.close();
    }
  });
});
