import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import { normalizeEvent, type HeraldEvent } from '../../src/core/event.ts';
import { newId } from '../../src/core/ids.ts';
import { createSilence, SilenceInputSchema, type Silence } from '../../src/core/silence.ts';
import { createWebhook, WebhookInputSchema, type Webhook, type WebhookInput } from '../../src/core/webhook.ts';
import type { Attempt, Claim, Completion, Delivery, Store } from '../../src/store/store.ts';

/**
 * The Store conformance suite: SQLite and PostgreSQL run these same cases
 * (sqlite-store.test.ts, postgres-store.test.ts). `open` gives a fresh, empty
 * store; every case opens its own. Times are synthetic epoch ms from T0, so
 * due times and lease expiries are exact.
 */
export interface OpenedStore {
  store: Store;
  /** The webhook's row exactly as stored, every column, to check what is at rest. */
  rawWebhookRow(id: string): Promise<Record<string, unknown> | undefined>;
  /** Closes the store and drops what open() made (file, schema). */
  cleanup(): Promise<void>;
}

export const T0 = 1_700_000_000_000;
const LEASE = 1000;
const CERT = '-----BEGIN CERTIFICATE-----\nMIIBtest\n-----END CERTIFICATE-----';

let clock = T0;
/** Ids made in strictly increasing order, whatever the `now` a case uses. */
function nextId(prefix: 'wh' | 'evt' | 'att' | 'sil'): string {
  clock += 1;
  return newId(prefix, clock);
}

export function webhook(name: string, input: Partial<WebhookInput> = {}, now = T0): Webhook {
  return createWebhook(WebhookInputSchema.parse({ name, url: `https://receiver.example/${name}`, ...input }), nextId('wh'), now);
}

export function event(extra: Record<string, unknown> = {}, now = T0): HeraldEvent {
  return normalizeEvent({ event: 'update', cluster: 'c1', namespace: 'default', resource: 'Deployment', name: 'api', ...extra }, nextId('evt'), new Date(now));
}

export function silence(input: Record<string, unknown>, now = T0): Silence {
  const parsed = SilenceInputSchema.parse({ comment: 'maintenance', endsAt: new Date(now + 3_600_000).toISOString(), ...input });
  return createSilence(parsed, nextId('sil'), 'jane', now);
}

export function attempt(claim: Claim, at: number, extra: Partial<Attempt> = {}): Attempt {
  return {
    id: nextId('att'), deliveryId: claim.delivery.id, attempt: claim.delivery.attempts + 1, startedAt: at, durationMs: 5,
    statusCode: 200, responseBody: 'ok', error: null, outcome: 'succeeded', trigger: claim.delivery.trigger, ...extra,
  };
}

/** Records one event for the webhooks at `now`; returns the delivery ids. */
async function record(store: Store, webhookIds: string[], now: number): Promise<string[]> {
  return (await store.recordEvent(event({}, now), webhookIds, { now })).deliveryIds;
}

async function complete(store: Store, claim: Claim, at: number, completion: Completion = { status: 'succeeded' }): Promise<boolean> {
  const outcome = completion.status === 'succeeded' ? 'succeeded' : completion.status === 'pending' ? 'retry' : 'failed';
  const failed = completion.status !== 'succeeded';
  return store.completeAttempt(claim, attempt(claim, at, {
    statusCode: failed ? 500 : 200, responseBody: failed ? 'boom' : 'ok', error: failed ? 'HTTP 500' : null, outcome,
  }), completion);
}

async function claimIds(store: Store, owner: string, now: number, limit: number, leaseMs = LEASE): Promise<string[]> {
  return (await store.claimDue(owner, now, limit, leaseMs)).map((c) => c.delivery.id);
}

async function mustGet(store: Store, id: string): Promise<Delivery> {
  const d = await store.getDelivery(id);
  assert.ok(d !== undefined, `delivery ${id} exists`);
  return d;
}

export function runStoreSuite(label: string, open: () => Promise<OpenedStore>): void {
  describe(`Store conformance: ${label}`, () => {
    const fresh = async (t: TestContext): Promise<OpenedStore> => {
      const opened = await open();
      t.after(() => opened.cleanup());
      return opened;
    };

    describe('webhooks', () => {
      it('round-trips a webhook with its secrets, auth and settings, and lists webhooks in id order', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', {
          platform: 'slack', secret: 'a-signing-secret', auth: { type: 'bearer', token: 'a-bearer-token' },
          tls: { insecureSkipVerify: false, caCert: CERT }, headers: { 'X-Team': 'ops', 'X-Api-Key': { value: 'a-header-key', secret: true } }, template: '{{ event }}',
          concurrency: 7, timeoutSeconds: 30, retry: { maxAttempts: 3, initialDelaySeconds: 2, maxDelaySeconds: 60, jitter: 0 },
          filters: { namespaces: ['prod'] },
        });
        a.previousSecrets = [{ secret: 'an-older-secret', expiresAt: T0 + 60_000 }];
        const b = webhook('b', { auth: { type: 'basic', username: 'u', password: 'b-basic-password' } });
        await store.createWebhook(b);
        await store.createWebhook(a);
        assert.deepEqual(await store.getWebhook(a.id), a);
        assert.deepEqual(a.secretHeaders, { 'X-Api-Key': 'a-header-key' }, 'the secret header survives the round trip');
        assert.deepEqual(await store.getWebhook(b.id), b);
        assert.deepEqual(await store.listWebhooks(), [a, b]);
        assert.equal(await store.getWebhook('wh_missing'), undefined);
      });

      it('keeps signing secrets, tokens and passwords encrypted at rest', async (t) => {
        const { store, rawWebhookRow } = await fresh(t);
        const bearer = webhook('bearer', {
          secret: 'plain-signing-secret', auth: { type: 'bearer', token: 'plain-bearer-token' },
          headers: { 'X-Api-Key': { value: 'plain-secret-header', secret: true } },
        });
        bearer.previousSecrets = [{ secret: 'plain-previous-secret', expiresAt: T0 + 1 }];
        const basic = webhook('basic', { auth: { type: 'basic', username: 'user', password: 'plain-basic-password' } });
        await store.createWebhook(bearer);
        await store.createWebhook(basic);
        const rows = JSON.stringify([await rawWebhookRow(bearer.id), await rawWebhookRow(basic.id)]);
        assert.match(rows, /receiver\.example\/bearer/, 'the raw rows were read');
        for (const plain of ['plain-signing-secret', 'plain-bearer-token', 'plain-previous-secret', 'plain-basic-password', 'plain-secret-header']) {
          assert.ok(!rows.includes(plain), `${plain} is not stored in clear`);
        }
      });

      it('refuses a duplicate name with CONFLICT on field "name", on create and on update', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('same');
        const b = webhook('other');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const conflict = (err: any) => err.code === 'CONFLICT' && err.field === 'name';
        await assert.rejects(store.createWebhook(webhook('same')), conflict);
        await assert.rejects(store.updateWebhook({ ...b, name: 'same' }), conflict);
        assert.deepEqual((await store.listWebhooks()).map((w) => w.name), ['same', 'other']);
      });

      it('updates a webhook (false once it is gone) and disables it with a reason', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { secret: 'first-secret' });
        await store.createWebhook(a);
        const changed: Webhook = { ...a, name: 'renamed', url: 'https://elsewhere.example/x', secret: 'second-secret', concurrency: 9, updatedAt: T0 + 5 };
        assert.equal(await store.updateWebhook(changed), true);
        assert.deepEqual(await store.getWebhook(a.id), changed);
        assert.equal(await store.disableWebhook(a.id, 'receiver answered 410 Gone', T0 + 9), true);
        assert.deepEqual(await store.getWebhook(a.id), { ...changed, enabled: false, disabledReason: 'receiver answered 410 Gone', updatedAt: T0 + 9 });
        assert.equal(await store.disableWebhook(a.id, 'again', T0 + 10), false, 'only the first disabling counts (one webhook.disabled event)');
        assert.equal((await store.getWebhook(a.id))!.disabledReason, 'receiver answered 410 Gone');
        assert.equal(await store.deleteWebhook(a.id), true);
        assert.equal(await store.updateWebhook(changed), false);
        assert.equal(await store.getWebhook(a.id), undefined);
      });

      it('lists routes (filters, no secrets) changed since a time, and a version that moves on create, change and delete', async (t) => {
        const { store } = await fresh(t);
        assert.deepEqual(await store.webhooksVersion(), { count: 0, maxUpdatedAt: 0, updatedAtSum: 0 });
        const a = webhook('a', { secret: 'route-secret' }, T0);
        const b = webhook('b', {}, T0 + 10);
        await store.createWebhook(a);
        await store.createWebhook(b);
        assert.deepEqual(await store.listWebhookRoutes(), [
          { id: a.id, enabled: true, filters: a.filters, updatedAt: T0 }, { id: b.id, enabled: true, filters: b.filters, updatedAt: T0 + 10 },
        ]);
        assert.deepEqual((await store.listWebhookRoutes(T0 + 10)).map((r) => r.id), [b.id], 'only those changed at or after');
        const v1 = await store.webhooksVersion();
        assert.deepEqual(v1, { count: 2, maxUpdatedAt: T0 + 10, updatedAtSum: (T0 % 1_000_000_007) + ((T0 + 10) % 1_000_000_007) });
        await store.disableWebhook(a.id, 'gone', T0 + 20);
        const v2 = await store.webhooksVersion();
        assert.notDeepEqual(v2, v1);
        assert.equal((await store.listWebhookRoutes(T0 + 20))[0]!.enabled, false);
        await store.deleteWebhook(b.id);
        assert.equal((await store.webhooksVersion()).count, 1);
      });

      it('deletes a webhook with its deliveries and attempts, and nothing of other webhooks', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const e = event();
        const [da, db] = (await store.recordEvent(e, [a.id, b.id], { now: T0 })).deliveryIds;
        for (const claim of await store.claimDue('o1', T0, 10, LEASE)) assert.equal(await complete(store, claim, T0), true);
        assert.equal((await store.listAttempts(da!)).length, 1);
        assert.equal(await store.deleteWebhook(a.id), true);
        assert.equal(await store.getDelivery(da!), undefined);
        assert.deepEqual(await store.listAttempts(da!), []);
        assert.equal((await mustGet(store, db!)).status, 'succeeded');
        assert.equal((await store.listAttempts(db!)).length, 1);
        assert.deepEqual(await store.getEvent(e.id), e, 'the event stays');
        assert.deepEqual(await store.deliveryCounts(), { pending: 0, delivering: 0, succeeded: 1, failed: 0 });
        assert.equal(await store.deleteWebhook(a.id), false);
      });
    });

    describe('events', () => {
      it('records the event, one pending delivery per known webhook (unknown ids skipped) and the state', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const e = event({ dedupKey: 'k1' });
        const result = await store.recordEvent(e, [b.id, 'wh_gone', a.id], {
          now: T0 + 7, state: [{ scope: 'watch', key: 'deploy/api', value: { resourceVersion: '42' } }],
        });
        assert.equal(result.duplicate, false);
        assert.deepEqual(result.event, e);
        assert.equal(result.deliveryIds.length, 2);
        assert.deepEqual(await store.getEvent(e.id), e);
        const [db, da] = await Promise.all(result.deliveryIds.map((id) => mustGet(store, id)));
        assert.deepEqual(db, {
          id: result.deliveryIds[0], eventId: e.id, webhookId: b.id, status: 'pending', attempts: 0, nextAttemptAt: T0 + 7,
          lastStatusCode: null, lastError: null, once: false, trigger: 'first', createdAt: T0 + 7, updatedAt: T0 + 7,
        });
        assert.equal(da!.webhookId, a.id);
        assert.deepEqual(await store.getSourceState('watch', 'deploy/api'), { resourceVersion: '42' });
        assert.equal(await store.getEvent('evt_missing'), undefined);
        assert.equal(await store.getDelivery('dlv_missing'), undefined);
      });

      it('marks the deliveries of a test event `once`', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = (await store.recordEvent(event(), [a.id], { now: T0, once: true })).deliveryIds;
        const d = await mustGet(store, id!);
        assert.deepEqual([d.once, d.trigger], [true, 'test']);
      });

      it('answers a repeated dedupKey with the first event as a duplicate, writing nothing (not even state)', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const first = event({ dedupKey: 'same-key' });
        await store.recordEvent(first, [a.id], { now: T0 });
        const again = event({ dedupKey: 'same-key', name: 'other' });
        const result = await store.recordEvent(again, [a.id], { now: T0 + 1, state: [{ scope: 's', key: 'k', value: 1 }] });
        assert.deepEqual(result, { event: first, duplicate: true, deliveryIds: [] });
        assert.equal(await store.getEvent(again.id), undefined);
        assert.equal(await store.getSourceState('s', 'k'), undefined);
        assert.deepEqual(await store.deliveryCounts(), { pending: 1, delivering: 0, succeeded: 0, failed: 0 });
        // Events without a key are never duplicates of each other.
        assert.equal((await store.recordEvent(event(), [a.id], { now: T0 })).duplicate, false);
        assert.equal((await store.recordEvent(event(), [a.id], { now: T0 })).duplicate, false);
        assert.equal((await store.deliveryCounts()).pending, 3);
      });

      it('writes nothing when any part of recording fails (one transaction)', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const e = event();
        // A BigInt cannot be serialised: the state write throws after the event and deliveries were written.
        await assert.rejects(store.recordEvent(e, [a.id], { now: T0, state: [{ scope: 's', key: 'ok', value: 1 }, { scope: 's', key: 'bad', value: 10n }] }));
        assert.equal(await store.getEvent(e.id), undefined);
        assert.deepEqual(await store.deliveryCounts(), { pending: 0, delivering: 0, succeeded: 0, failed: 0 });
        assert.equal(await store.getSourceState('s', 'ok'), undefined);
      });

      it('records a batch in one call: each event with its deliveries, earlier and in-batch dedupKeys as duplicates', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const before = event({ dedupKey: 'seen' });
        await store.recordEvent(before, [a.id], { now: T0 });
        const [e1, e2, e3, e4] = [event({ dedupKey: 'k1' }), event(), event({ dedupKey: 'seen' }), event({ dedupKey: 'k1', name: 'again' })];
        const results = await store.recordEvents([
          { event: e1!, webhookIds: [a.id, b.id] }, { event: e2!, webhookIds: [b.id, 'wh_gone'] },
          { event: e3!, webhookIds: [a.id] }, { event: e4!, webhookIds: [a.id] },
        ], { now: T0 + 5 });
        assert.deepEqual(results.map((r) => [r.event.id, r.duplicate, r.deliveryIds.length]),
          [[e1!.id, false, 2], [e2!.id, false, 1], [before.id, true, 0], [e1!.id, true, 0]]);
        assert.deepEqual(await store.getEvent(e2!.id), e2);
        assert.equal(await store.getEvent(e4!.id), undefined);
        const d = await mustGet(store, results[1]!.deliveryIds[0]!);
        assert.deepEqual([d.eventId, d.webhookId, d.status, d.nextAttemptAt, d.once], [e2!.id, b.id, 'pending', T0 + 5, false]);
        assert.deepEqual(await store.deliveryCounts(), { pending: 4, delivering: 0, succeeded: 0, failed: 0 });
        assert.deepEqual(await store.recordEvents([], { now: T0 }), []);
      });

      it('writes nothing of a batch when one item fails (one transaction for the whole batch)', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const items = Array.from({ length: 50 }, (_, i) => ({ event: event({ dedupKey: `batch-${i}` }), webhookIds: [a.id] }));
        // A BigInt cannot be serialised: item 34 throws after 33 events and their deliveries were written.
        items[33] = { event: { ...items[33]!.event, data: { bad: 10n } }, webhookIds: [a.id] };
        await assert.rejects(store.recordEvents(items, { now: T0 }));
        assert.deepEqual((await store.listEvents(undefined, 100)).items, []);
        assert.deepEqual(await store.deliveryCounts(), { pending: 0, delivering: 0, succeeded: 0, failed: 0 });
        // The same keys are free: the retried batch records every event.
        items[33] = { event: event({ dedupKey: 'batch-33' }), webhookIds: [a.id] };
        const results = await store.recordEvents(items, { now: T0 });
        assert.equal(results.filter((r) => !r.duplicate).length, 50);
        assert.equal((await store.deliveryCounts()).pending, 50);
      });

      it('stores event JSON verbatim: key order, NUL characters and nested data survive', async (t) => {
        const { store } = await fresh(t);
        const e = event({ labels: { zeta: '1', alpha: '2' }, summary: 'nul \u0000 here', data: { z: { b: 1, a: [1.5, null, 'x'] }, a: true } });
        await store.recordEvent(e, [], { now: T0 });
        assert.equal(JSON.stringify(await store.getEvent(e.id)), JSON.stringify(e));
      });

      it('lists events in id order after a cursor, page by page', async (t) => {
        const { store } = await fresh(t);
        const [e1, e2, e3] = [event(), event(), event()];
        for (const e of [e3!, e1!, e2!]) await store.recordEvent(e, [], { now: T0 });
        const p1 = await store.listEvents(undefined, 2);
        assert.deepEqual(p1, { items: [e1, e2], nextCursor: e2!.id });
        assert.deepEqual(await store.listEvents(p1.nextCursor!, 2), { items: [e3], nextCursor: null });
        assert.deepEqual(await store.listEvents(e3!.id, 2), { items: [], nextCursor: null });
      });
    });

    describe('claims', () => {
      it('claims only due deliveries, oldest due first, leasing them to the owner', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 2 });
        await store.createWebhook(a);
        const [first] = await record(store, [a.id], T0);
        const [second] = await record(store, [a.id], T0 + 1);
        const [future] = await record(store, [a.id], T0 + 1000);
        assert.deepEqual(await claimIds(store, 'o1', T0 - 1, 10), [], 'nothing is due yet');
        // `first` (the smaller id) is retried at T0 + 50, so by due time `second` now comes first.
        const retry = await store.claimOne(first!, 'o1', T0 + 2, LEASE);
        assert.equal(await complete(store, retry!, T0 + 3, { status: 'pending', nextAttemptAt: T0 + 50 }), true);
        const [claim, ...rest] = await store.claimDue('o1', T0 + 49, 10, LEASE);
        assert.deepEqual(rest, [], 'the retry waits for its next attempt time, and `future` for its own');
        assert.equal(claim!.owner, 'o1');
        assert.equal(claim!.delivery.id, second);
        assert.equal(claim!.delivery.status, 'delivering');
        assert.equal((await mustGet(store, second!)).status, 'delivering');
        assert.equal(await complete(store, claim!, T0 + 49), true);
        assert.deepEqual(await store.claimDue('o1', T0 + 60, 0, LEASE), [], 'limit 0 claims nothing');
        assert.deepEqual(await claimIds(store, 'o1', T0 + 50, 10), [first], 'due at exactly its next attempt time');
        assert.deepEqual(await claimIds(store, 'o1', T0 + 1000, 10), [future]);
      });

      it('claims the oldest due delivery first, by due time rather than creation', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 1 });
        await store.createWebhook(a);
        const [first] = await record(store, [a.id], T0);
        const [second] = await record(store, [a.id], T0 + 1);
        const retry = await store.claimOne(first!, 'o1', T0 + 2, LEASE);
        assert.equal(await complete(store, retry!, T0 + 3, { status: 'pending', nextAttemptAt: T0 + 50 }), true);
        assert.deepEqual(await claimIds(store, 'o1', T0 + 60, 1), [second], 'due T0 + 1 before due T0 + 50');
      });

      it('never claims for a disabled webhook, until it is enabled again', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        await store.disableWebhook(a.id, 'off', T0);
        assert.deepEqual(await claimIds(store, 'o1', T0 + 1, 10), []);
        assert.equal(await store.updateWebhook({ ...a, enabled: true, updatedAt: T0 + 2 }), true);
        assert.deepEqual(await claimIds(store, 'o1', T0 + 2, 10), [id]);
      });

      it('holds each webhook to its concurrency across owners, and a completion frees a slot', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 2 });
        const b = webhook('b', { concurrency: 1 });
        await store.createWebhook(a);
        await store.createWebhook(b);
        for (let i = 0; i < 5; i++) await record(store, [a.id, b.id], T0 + i);
        const first = await store.claimDue('o1', T0 + 10, 10, LEASE);
        assert.deepEqual(first.map((c) => c.delivery.webhookId).sort(), [a.id, a.id, b.id].sort());
        assert.deepEqual(await claimIds(store, 'o2', T0 + 11, 10), [], 'every slot is leased by o1');
        const a1 = first.find((c) => c.delivery.webhookId === a.id)!;
        assert.equal(await complete(store, a1, T0 + 12), true);
        const second = await store.claimDue('o2', T0 + 13, 10, LEASE);
        assert.deepEqual(second.map((c) => c.delivery.webhookId), [a.id]);
        assert.deepEqual(await store.deliveryCounts(a.id), { pending: 2, delivering: 2, succeeded: 1, failed: 0 });
      });

      it('counts expired leases as free and reclaims them; the stale owner can no longer complete', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 1 });
        const b = webhook('b', { concurrency: 1 });
        await store.createWebhook(a);
        await store.createWebhook(b);
        const [only] = await record(store, [a.id], T0);
        await record(store, [b.id], T0);
        await record(store, [b.id], T0 + 1);
        const first = await store.claimDue('o1', T0, 10, LEASE);
        assert.equal(first.length, 2, "a's and b's first");
        const stale = first.find((c) => c.delivery.id === only);
        assert.deepEqual(await claimIds(store, 'o2', T0 + LEASE - 1, 10), [], 'both leases are live');
        const reclaimed = await store.claimDue('o2', T0 + LEASE, 10, LEASE);
        assert.equal(reclaimed.length, 2, 'one per webhook: an expired lease frees its slot but concurrency still holds');
        const mine = reclaimed.find((c) => c.delivery.id === only)!;
        assert.equal(mine.owner, 'o2');
        assert.equal(mine.delivery.attempts, 0);
        assert.equal(await complete(store, stale!, T0 + LEASE + 1), false, 'the stale owner lost the lease');
        assert.deepEqual(await store.listAttempts(only!), [], 'and wrote no attempt');
        assert.equal((await mustGet(store, only!)).status, 'delivering');
        assert.equal(await complete(store, mine, T0 + LEASE + 2), true);
        assert.equal((await store.listAttempts(only!)).length, 1);
      });

      it('fills a batch round-robin, so a deep backlog does not crowd out another webhook', async (t) => {
        const { store } = await fresh(t);
        const deep = webhook('deep', { concurrency: 3 });
        const light = webhook('light', { concurrency: 3 });
        await store.createWebhook(deep);
        await store.createWebhook(light);
        for (let i = 0; i < 10; i++) await record(store, [deep.id], T0 + i);
        const [lightId] = await record(store, [light.id], T0 + 50);
        const ids = await claimIds(store, 'o1', T0 + 100, 3);
        assert.equal(ids.length, 3);
        assert.ok(ids.includes(lightId!), 'the light webhook gets a slot in the batch');
      });

      it('shares a batch evenly: a webhook with less than its share leaves the rest to the others', async (t) => {
        const { store } = await fresh(t);
        const hooks = ['x1', 'x2', 'x3'].map((n) => webhook(n, { concurrency: 10 }));
        for (const h of hooks) await store.createWebhook(h);
        await record(store, [hooks[0]!.id], T0);
        for (let i = 0; i < 10; i++) await record(store, [hooks[1]!.id, hooks[2]!.id], T0 + 1 + i);
        const claims = await store.claimDue('o1', T0 + 100, 9, LEASE);
        const per = hooks.map((h) => claims.filter((c) => c.delivery.webhookId === h.id).length);
        assert.deepEqual(per, [1, 4, 4]);
      });

      it('gives what the others could not take back to a webhook that filled its share', async (t) => {
        const { store } = await fresh(t);
        const big = webhook('y1', { concurrency: 10 });
        const small = webhook('y2', { concurrency: 10 });
        await store.createWebhook(big);
        await store.createWebhook(small);
        for (let i = 0; i < 10; i++) await record(store, [big.id], T0 + i);
        await record(store, [small.id], T0 + 20);
        const claims = await store.claimDue('o1', T0 + 100, 6, LEASE);
        assert.deepEqual([big, small].map((h) => claims.filter((c) => c.delivery.webhookId === h.id).length), [5, 1]);
        const due = claims.filter((c) => c.delivery.webhookId === big.id).map((c) => c.delivery.nextAttemptAt);
        assert.deepEqual(due, [T0, T0 + 1, T0 + 2, T0 + 3, T0 + 4], 'the oldest five, oldest first');
      });

      it('takes turns across claims, so a webhook with a deep backlog does not starve another', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 2 });
        const b = webhook('b', { concurrency: 2 });
        await store.createWebhook(a);
        await store.createWebhook(b);
        for (let i = 0; i < 4; i++) await record(store, [a.id], T0 + i);
        for (let i = 0; i < 4; i++) await record(store, [b.id], T0 + 10 + i);
        // A dispatcher with one free slot: claim one, finish it, claim the next.
        const served: string[] = [];
        for (let i = 0; i < 4; i++) {
          const [claim] = await store.claimDue('o1', T0 + 100 + i, 1, LEASE);
          served.push(claim!.delivery.webhookId);
          assert.equal(await complete(store, claim!, T0 + 100 + i), true);
        }
        assert.deepEqual(served.filter((w) => w === a.id).length, 2, `turns: ${served.map((w) => (w === a.id ? 'a' : 'b')).join(',')}`);
        assert.deepEqual(served.filter((w) => w === b.id).length, 2);
      });

      it('claimOne claims a delivery whatever its due time, but not one leased to another owner', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0 + 5000);
        const claim = await store.claimOne(id!, 'o1', T0, LEASE);
        assert.equal(claim?.owner, 'o1');
        assert.equal(claim?.delivery.status, 'delivering');
        assert.equal(await store.claimOne(id!, 'o2', T0 + LEASE - 1, LEASE), undefined);
        assert.equal((await store.claimOne(id!, 'o2', T0 + LEASE, LEASE))?.owner, 'o2', 'an expired lease can be taken');
        assert.equal(await store.claimOne('dlv_missing', 'o1', T0, LEASE), undefined);
      });
    });

    describe('completions and leases', () => {
      it('records each attempt with the delivery\'s new state: retry, then failure or success', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [ok, bad] = [(await record(store, [a.id], T0))[0]!, (await record(store, [a.id], T0 + 1))[0]!];
        const claims = await store.claimDue('o1', T0 + 10, 10, LEASE);
        const first = attempt(claims[0]!, T0 + 10, { statusCode: 503, responseBody: 'busy', error: 'HTTP 503', outcome: 'retry' });
        assert.equal(await store.completeAttempt(claims[0]!, first, { status: 'pending', nextAttemptAt: T0 + 500 }), true);
        assert.equal(await complete(store, claims[1]!, T0 + 12, { status: 'failed' }), true);
        assert.deepEqual(await store.listAttempts(ok), [first]);
        const retried = await mustGet(store, ok);
        assert.deepEqual([retried.status, retried.attempts, retried.nextAttemptAt, retried.lastStatusCode, retried.lastError],
          ['pending', 1, T0 + 500, 503, 'HTTP 503']);
        const failed = await mustGet(store, bad);
        assert.deepEqual([failed.status, failed.attempts, failed.lastStatusCode, failed.lastError], ['failed', 1, 500, 'HTTP 500']);
        const [again] = await store.claimDue('o1', T0 + 500, 10, LEASE);
        assert.equal(again!.delivery.id, ok);
        assert.equal(again!.delivery.attempts, 1);
        assert.equal(await complete(store, again!, T0 + 501), true);
        const done = await mustGet(store, ok);
        assert.deepEqual([done.status, done.attempts, done.lastStatusCode, done.lastError], ['succeeded', 2, 200, null]);
        assert.deepEqual((await store.listAttempts(ok)).map((x) => [x.attempt, x.outcome, x.trigger]),
          [[1, 'retry', 'first'], [2, 'succeeded', 'retry']], 'the attempt after a retry outcome is triggered by `retry`');
        assert.equal(await complete(store, again!, T0 + 502), false, 'a finished delivery cannot be completed twice');
        assert.equal((await store.listAttempts(ok)).length, 2);
      });

      it('lets only the lease owner complete: another owner gets false and writes nothing', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        const [claim] = await store.claimDue('o1', T0, 1, LEASE);
        assert.equal(await complete(store, { ...claim!, owner: 'o2' }, T0 + 1), false);
        assert.deepEqual(await store.listAttempts(id!), []);
        const still = await mustGet(store, id!);
        assert.deepEqual([still.status, still.attempts], ['delivering', 0]);
        assert.equal(await complete(store, claim!, T0 + 2), true);
      });

      it('stores any response body and error text, NUL characters included (replaced or kept)', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        const [claim] = await store.claimDue('o1', T0, 1, LEASE);
        const body = 'binary\u0000body\u00ff';
        const error = 'odd\u0000error';
        assert.equal(await store.completeAttempt(claim!, attempt(claim!, T0, { statusCode: 500, responseBody: body, error, outcome: 'failed' }), { status: 'failed' }), true);
        const [stored] = await store.listAttempts(id!);
        const visible = (s: string | null | undefined) => s?.replaceAll('\u0000', '\ufffd');
        assert.equal(visible(stored!.responseBody), visible(body));
        assert.equal(visible(stored!.error), visible(error));
        assert.equal(visible((await mustGet(store, id!)).lastError), visible(error));
      });

      it('lists attempts in attempt order', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        // The attempt number is the caller's: write 2 before 1, with ids in the opposite order.
        const numbers = [2, 1, 3];
        for (const [i, n] of numbers.entries()) {
          const [claim] = await store.claimDue('o1', T0 + i * 10, 1, LEASE);
          const x = attempt(claim!, T0 + i * 10, { id: newId('att', T0 + 1_000_000 - i), attempt: n, outcome: 'retry' });
          assert.equal(await store.completeAttempt(claim!, x, { status: 'pending', nextAttemptAt: T0 + (i + 1) * 10 }), true);
        }
        assert.deepEqual((await store.listAttempts(id!)).map((x) => x.attempt), [1, 2, 3]);
      });

      it('releaseLeases(owner) frees only that owner\'s leases; releaseLeases(null) frees every lease', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 4 });
        await store.createWebhook(a);
        for (let i = 0; i < 4; i++) await record(store, [a.id], T0);
        const mine = await claimIds(store, 'o1', T0, 2, 60_000);
        const theirs = await claimIds(store, 'o2', T0, 2, 60_000);
        assert.equal(await store.releaseLeases('o1'), 2);
        for (const id of mine) assert.equal((await mustGet(store, id)).status, 'pending');
        for (const id of theirs) assert.equal((await mustGet(store, id)).status, 'delivering');
        assert.deepEqual((await claimIds(store, 'o3', T0 + 1, 10, 60_000)).sort(), [...mine].sort(), 'released work is due at once');
        assert.equal(await store.releaseLeases('nobody'), 0);
        assert.equal(await store.releaseLeases(null), 4);
        assert.deepEqual(await store.deliveryCounts(), { pending: 4, delivering: 0, succeeded: 0, failed: 0 });
        const [claim] = await store.claimDue('o4', T0 + 2, 1, LEASE);
        assert.equal(await complete(store, { ...claim!, owner: 'o2' }, T0 + 3), false, 'a released lease is no longer the old owner\'s');
      });

      it('nextDueAt: null when idle, else the earliest pending due time or lease expiry', async (t) => {
        const { store } = await fresh(t);
        assert.equal(await store.nextDueAt(), null);
        const a = webhook('a');
        await store.createWebhook(a);
        await record(store, [a.id], T0 + 300);
        await record(store, [a.id], T0 + 200);
        assert.equal(await store.nextDueAt(), T0 + 200);
        const [claim] = await store.claimDue('o1', T0 + 200, 1, 50);
        assert.equal(await store.nextDueAt(), T0 + 250, 'the lease expires before the next pending one is due');
        assert.equal(await complete(store, claim!, T0 + 210, { status: 'pending', nextAttemptAt: T0 + 280 }), true);
        assert.equal(await store.nextDueAt(), T0 + 280, 'a retry is due at its next attempt time');
        await store.claimDue('o1', T0 + 280, 10, 1000);
        assert.equal(await store.nextDueAt(), T0 + 300);
        await store.releaseLeases(null);
        assert.equal(await store.nextDueAt(), T0 + 280);
      });

      it('nextDueAt ignores deliveries of a disabled webhook', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        await record(store, [a.id], T0);
        await record(store, [a.id], T0);
        await record(store, [b.id], T0 + 100);
        assert.equal((await store.claimDue('o1', T0, 1, 50)).length, 1);
        await store.disableWebhook(a.id, 'off', T0);
        assert.equal(await store.nextDueAt(), T0 + 100, 'neither the pending nor the leased delivery of a disabled webhook');
      });

      it('nextDueAt ignores pending deliveries of a webhook with every slot leased, but not the leases\' expiry', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 1 });
        await store.createWebhook(a);
        await record(store, [a.id], T0);
        await record(store, [a.id], T0 + 1);
        await store.claimDue('o1', T0 + 10, 1, 500);
        assert.equal(await store.nextDueAt(), T0 + 510);
      });
    });

    describe('grouping and send turns', () => {
      it('leases a webhook\'s other pending deliveries to the claim\'s owner, oldest first, whatever their due time, never a test delivery', async (t) => {
        const { store } = await fresh(t);
        const [a, b] = [webhook('a', { concurrency: 1 }), webhook('b')];
        await store.createWebhook(a);
        await store.createWebhook(b);
        const [lead] = await record(store, [a.id], T0);
        const [early] = await record(store, [a.id], T0 + 1);
        const [later] = await record(store, [a.id], T0 + 5000);
        const test = (await store.recordEvent(event({ event: 'test' }, T0 + 2), [a.id], { now: T0 + 2, once: true })).deliveryIds[0]!;
        const [other] = await record(store, [b.id], T0 + 3);
        const [claim] = await store.claimDue('o1', T0 + 10, 1, LEASE);
        assert.equal(claim!.delivery.id, lead);
        const companions = await store.claimCompanions(claim!, T0 + 10, 10, LEASE);
        assert.deepEqual(companions.map((c) => c.delivery.id), [early, later], 'this webhook\'s pending work, due or not; not the test, not b\'s');
        assert.ok(companions.every((c) => c.owner === 'o1' && c.delivery.status === 'delivering'));
        assert.deepEqual(await store.claimCompanions(claim!, T0 + 10, 10, LEASE), [], 'a leased delivery is in one group only');
        assert.equal((await mustGet(store, test)).status, 'pending');
        assert.equal((await mustGet(store, other!)).status, 'pending');
        // The companions' leases are the owner's: it completes them like any claim.
        assert.equal(await complete(store, companions[0]!, T0 + 20), true);
        assert.equal((await mustGet(store, early!)).status, 'succeeded');
      });

      it('takes send turns one interval apart, hands out none beyond the horizon, and defers them to a Retry-After', async (t) => {
        const { store } = await fresh(t);
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0, 1000, 5000), { at: T0, granted: true });
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0, 1000, 5000), { at: T0 + 1000, granted: true });
        assert.deepEqual(await store.reserveSendSlot('wh_b', T0, 1000, 5000), { at: T0, granted: true }, 'each key has its own turns');
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0, 1000, 500), { at: T0 + 2000, granted: false });
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0, 1000, 5000), { at: T0 + 2000, granted: true }, 'a refused turn reserved nothing');
        await store.deferSendSlot('wh_a', T0 + 60_000);
        await store.deferSendSlot('wh_a', T0 + 10); // an earlier time changes nothing
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0, 1000, 0), { at: T0 + 60_000, granted: false });
        assert.deepEqual(await store.reserveSendSlot('wh_a', T0 + 70_000, 1000, 0), { at: T0 + 70_000, granted: true }, 'a turn in the past is now');
        const turns = await Promise.all(Array.from({ length: 20 }, () => store.reserveSendSlot('wh_c', T0, 100, 10_000)));
        assert.deepEqual(turns.map((x) => x.at).sort((x, y) => x - y), Array.from({ length: 20 }, (_, i) => T0 + i * 100), 'concurrent callers never share a turn');
      });

      it('records a throttled attempt without counting it against the retry budget', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        const [claim] = await store.claimDue('o1', T0, 1, LEASE);
        const throttled = attempt(claim!, T0, { statusCode: 429, error: 'HTTP 429', outcome: 'retry' });
        assert.equal(await store.completeAttempt(claim!, throttled, { status: 'pending', nextAttemptAt: T0 + 1000, throttled: true }), true);
        const d = await mustGet(store, id!);
        assert.deepEqual([d.status, d.attempts, d.nextAttemptAt, d.lastStatusCode], ['pending', 0, T0 + 1000, 429]);
        assert.deepEqual(await store.listAttempts(id!), [throttled], 'the attempt is still in the history');
      });
    });

    describe('delivery history', () => {
      it('lists a webhook\'s deliveries newest first, page by page, filtered by status', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const ids: string[] = [];
        for (let i = 0; i < 5; i++) ids.push(...await record(store, [a.id], T0 + i));
        await record(store, [b.id], T0 + 9);
        const [d1, d2, d3, d4, d5] = ids;
        const c1 = await store.claimOne(d1!, 'o1', T0 + 10, LEASE);
        assert.equal(await complete(store, c1!, T0 + 10, { status: 'failed' }), true);
        const page = async (cursor?: string, status?: Delivery['status']) => {
          const p = await store.listDeliveries({ webhookId: a.id, limit: 2, ...(cursor === undefined ? {} : { cursor }), ...(status === undefined ? {} : { status }) });
          return { ids: p.items.map((d) => d.id), next: p.nextCursor };
        };
        assert.deepEqual(await page(), { ids: [d5, d4], next: d4 });
        assert.deepEqual(await page(d4), { ids: [d3, d2], next: d2 });
        assert.deepEqual(await page(d2), { ids: [d1], next: null });
        assert.deepEqual(await page(undefined, 'failed'), { ids: [d1], next: null });
        assert.deepEqual(await page(d5, 'pending'), { ids: [d4, d3], next: d3 });
        assert.deepEqual(await page(d3, 'pending'), { ids: [d2], next: null });
        const full = await store.listDeliveries({ webhookId: a.id, limit: 10 });
        assert.deepEqual(full.items[4], await mustGet(store, d1!));
      });

      it('searches a webhook\'s deliveries by id, event and error text, and narrows by the time created', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const recordOne = async (extra: Record<string, unknown>, now: number, ids = [a.id]) => {
          const r = await store.recordEvent(event(extra, now), ids, { now });
          return { eventId: r.event.id, deliveryId: r.deliveryIds[0]! };
        };
        const checkout = await recordOne({ event: 'scale', name: 'checkout', namespace: 'shop', summary: 'Scaled to 5 replicas' }, T0);
        const billing = await recordOne({ event: 'delete', name: 'billing', namespace: 'finance', summary: 'Deleted by bob' }, T0 + 1000);
        await recordOne({ name: 'checkout-b' }, T0 + 1500, [b.id]);
        const timedOut = await recordOne({ name: 'worker', namespace: 'jobs', summary: '' }, T0 + 2000);
        const [claim] = (await store.claimDue('o1', T0 + 3000, 10, LEASE)).filter((c) => c.delivery.id === timedOut.deliveryId);
        assert.equal(await store.completeAttempt(claim!, attempt(claim!, T0 + 3000, { statusCode: null, error: 'Timed out after 10 s', outcome: 'failed' }), { status: 'failed' }), true);
        const found = async (q: Partial<Parameters<Store['listDeliveries']>[0]>) =>
          (await store.listDeliveries({ webhookId: a.id, limit: 10, ...q })).items.map((d) => d.id);

        assert.deepEqual(await found({ search: 'CHECKOUT' }), [checkout.deliveryId], 'the event name, any case; another webhook\'s never');
        assert.deepEqual(await found({ search: 'finance' }), [billing.deliveryId], 'the namespace');
        assert.deepEqual(await found({ search: 'by bob' }), [billing.deliveryId], 'the summary');
        assert.deepEqual(await found({ search: 'scale' }), [checkout.deliveryId], 'the event type');
        assert.deepEqual(await found({ search: 'timed out' }), [timedOut.deliveryId], 'the last error');
        assert.deepEqual(await found({ search: checkout.eventId.slice(-8) }), [checkout.deliveryId], 'part of the event id');
        assert.deepEqual(await found({ search: billing.deliveryId }), [billing.deliveryId], 'the delivery id');
        assert.deepEqual(await found({ search: '  ' }), [timedOut.deliveryId, billing.deliveryId, checkout.deliveryId], 'blank searches nothing');
        assert.deepEqual(await found({ search: '%' }), [], 'no wildcard: % is a character like any other');
        assert.deepEqual(await found({ since: T0 + 1000, until: T0 + 2000 }), [billing.deliveryId], 'since inclusive, until exclusive');
        assert.deepEqual(await found({ search: 'o', status: 'failed' }), [timedOut.deliveryId], 'search and status together');
        const p1 = await store.listDeliveries({ webhookId: a.id, limit: 1, search: 'e' });
        assert.deepEqual([p1.items.map((d) => d.id), p1.nextCursor], [[timedOut.deliveryId], timedOut.deliveryId]);
        const p2 = await store.listDeliveries({ webhookId: a.id, limit: 5, search: 'e', cursor: p1.nextCursor! });
        assert.deepEqual(p2.items.map((d) => d.id), [billing.deliveryId, checkout.deliveryId], 'a search pages on the cursor');
      });

      it('redelivers only a finished delivery, under the same id, due now', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const [failed, succeeded, pending] = [(await record(store, [a.id], T0))[0]!, (await record(store, [a.id], T0 + 1))[0]!, (await record(store, [a.id], T0 + 2))[0]!];
        const claims = await store.claimDue('o1', T0 + 10, 2, LEASE);
        assert.equal(await store.redeliver(failed, T0 + 11), undefined, 'a delivery in flight is not finished');
        assert.equal(await complete(store, claims.find((c) => c.delivery.id === failed)!, T0 + 12, { status: 'failed' }), true);
        assert.equal(await complete(store, claims.find((c) => c.delivery.id === succeeded)!, T0 + 12), true);
        assert.equal(await store.redeliver(pending, T0 + 13), undefined, 'a pending delivery is not finished');
        const again = await store.redeliver(failed, T0 + 5000);
        assert.deepEqual([again?.id, again?.status, again?.nextAttemptAt, again?.attempts, again?.trigger], [failed, 'pending', T0 + 5000, 1, 'redeliver']);
        assert.equal((await store.redeliver(succeeded, T0 + 5000))?.status, 'pending');
        assert.equal(await store.redeliver('dlv_missing', T0), undefined);
        assert.deepEqual((await claimIds(store, 'o1', T0 + 4999, 10)), [pending]);
        assert.deepEqual((await claimIds(store, 'o1', T0 + 5000, 10)).sort(), [failed, succeeded].sort());
      });

      it('redeliverFailedSince redelivers the webhook\'s failed deliveries created at or after `since`', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        const old = (await record(store, [a.id], T0))[0]!;
        const [recent, bRecent] = await record(store, [a.id, b.id], T0 + 100);
        const ok = (await record(store, [a.id], T0 + 100))[0]!;
        const pending = (await record(store, [a.id], T0 + 100))[0]!;
        for (const [id, status] of [[old, 'failed'], [recent, 'failed'], [bRecent, 'failed'], [ok, 'succeeded']] as const) {
          const claim = await store.claimOne(id!, 'o1', T0 + 200, LEASE);
          assert.equal(await complete(store, claim!, T0 + 200, { status }), true);
        }
        assert.equal(await store.redeliverFailedSince(a.id, T0 + 100, T0 + 300), 1);
        const again = await mustGet(store, recent!);
        assert.deepEqual([again.status, again.nextAttemptAt], ['pending', T0 + 300]);
        assert.equal((await mustGet(store, old)).status, 'failed', 'created before since');
        assert.equal((await mustGet(store, bRecent!)).status, 'failed', 'another webhook');
        assert.equal((await mustGet(store, ok)).status, 'succeeded');
        assert.equal((await mustGet(store, pending)).nextAttemptAt, T0 + 100);
      });

      it('redeliverFailedSince re-queues at most `limit`, oldest first, recorded with its trigger', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        const ids: string[] = [];
        for (let i = 0; i < 3; i++) ids.push((await record(store, [a.id], T0 + i))[0]!);
        for (const id of ids) assert.equal(await complete(store, (await store.claimOne(id, 'o1', T0 + 10, LEASE))!, T0 + 10, { status: 'failed' }), true);
        assert.equal(await store.redeliverFailedSince(a.id, T0, T0 + 20, { trigger: 'recovered', limit: 2 }), 2);
        const after = await Promise.all(ids.map((id) => mustGet(store, id)));
        assert.deepEqual(after.map((d) => [d.status, d.trigger]), [['pending', 'recovered'], ['pending', 'recovered'], ['failed', 'first']]);
        const [claim] = await store.claimDue('o1', T0 + 20, 1, LEASE);
        assert.equal(await complete(store, claim!, T0 + 21), true);
        assert.deepEqual((await store.listAttempts(claim!.delivery.id)).map((x) => x.trigger), ['first', 'recovered']);
      });

      it('releaseClaim hands a claimed delivery back, due at the given time, without an attempt; only for the lease owner', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a', { concurrency: 1 });
        await store.createWebhook(a);
        const [id] = await record(store, [a.id], T0);
        const [claim] = await store.claimDue('o1', T0, 1, LEASE);
        assert.equal(await store.releaseClaim({ ...claim!, owner: 'o2' }, T0 + 5), false);
        assert.equal(await store.releaseClaim(claim!, T0 + 5), true);
        const d = await mustGet(store, id!);
        assert.deepEqual([d.status, d.attempts, d.nextAttemptAt], ['pending', 0, T0 + 5]);
        assert.deepEqual(await store.listAttempts(id!), []);
        assert.deepEqual(await claimIds(store, 'o1', T0 + 5, 1), [id], 'due again, long before the lease would have expired');
      });

      it('marks a webhook failing once, and clears it for exactly one caller', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        await store.createWebhook(a);
        assert.equal((await store.getWebhook(a.id))!.failingSince, null);
        assert.equal(await store.clearWebhookFailing(a.id), null, 'a healthy webhook has nothing to clear');
        assert.equal(await store.markWebhookFailing(a.id, T0 + 5), T0 + 5);
        assert.equal(await store.markWebhookFailing(a.id, T0 + 9), T0 + 5, 'the first failure is when it started');
        assert.equal((await store.getWebhook(a.id))!.failingSince, T0 + 5);
        assert.equal(await store.updateWebhook({ ...a, name: 'edited', updatedAt: T0 + 10 }), true);
        assert.equal((await store.getWebhook(a.id))!.failingSince, T0 + 5, 'an edit keeps the failing mark');
        const cleared = await Promise.all([store.clearWebhookFailing(a.id), store.clearWebhookFailing(a.id)]);
        assert.deepEqual(cleared.sort(), [T0 + 5, null].sort());
        assert.equal((await store.getWebhook(a.id))!.failingSince, null);
        assert.equal(await store.markWebhookFailing('wh_missing', T0), null);
        await store.markWebhookFailing(a.id, T0 + 20);
        assert.equal(await store.disableWebhook(a.id, 'failing for days', T0 + 21), true);
        assert.equal((await store.getWebhook(a.id))!.failingSince, T0 + 20, 'kept while disabled');
        assert.equal(await store.updateWebhook({ ...a, name: 'edited', enabled: true, disabledReason: null, updatedAt: T0 + 22 }), true);
        assert.equal((await store.getWebhook(a.id))!.failingSince, null, 'enabling again starts the failure clock afresh');
      });

      it('counts deliveries by status, overall and per webhook', async (t) => {
        const { store } = await fresh(t);
        const a = webhook('a');
        const b = webhook('b');
        await store.createWebhook(a);
        await store.createWebhook(b);
        for (let i = 0; i < 5; i++) await record(store, [a.id], T0 + i);
        await record(store, [b.id], T0 + 10);
        const claims = await store.claimDue('o1', T0 + 5, 3, LEASE);
        assert.equal(await complete(store, claims[0]!, T0 + 6), true);
        assert.equal(await complete(store, claims[1]!, T0 + 6, { status: 'failed' }), true);
        assert.deepEqual(await store.deliveryCounts(a.id), { pending: 2, delivering: 1, succeeded: 1, failed: 1 });
        assert.deepEqual(await store.deliveryCounts(), { pending: 3, delivering: 1, succeeded: 1, failed: 1 });
        assert.deepEqual(await store.deliveryCounts('wh_missing'), { pending: 0, delivering: 0, succeeded: 0, failed: 0 });
      });
    });

    describe('source state', () => {
      it('gets, lists by scope in key order, overwrites and deletes (value null); the last write of a batch wins', async (t) => {
        const { store } = await fresh(t);
        assert.equal(await store.getSourceState('k8s', 'missing'), undefined);
        await store.putSourceState([
          { scope: 'k8s', key: 'b', value: { rv: '1', tags: ['x'] } },
          { scope: 'k8s', key: 'a', value: 'text' },
          { scope: 'k8s', key: 'c', value: 0 },
          { scope: 'k8s', key: 'untouched', value: 'kept' },
          { scope: 'other', key: 'a', value: false },
        ]);
        assert.deepEqual(await store.listSourceState('k8s'), [
          { key: 'a', value: 'text' }, { key: 'b', value: { rv: '1', tags: ['x'] } }, { key: 'c', value: 0 }, { key: 'untouched', value: 'kept' },
        ]);
        assert.equal(await store.getSourceState('other', 'a'), false);
        await store.putSourceState([
          { scope: 'k8s', key: 'a', value: null },
          { scope: 'k8s', key: 'b', value: { rv: '2' } },
          { scope: 'k8s', key: 'c', value: 1 }, { scope: 'k8s', key: 'c', value: 2 },
          { scope: 'k8s', key: 'd', value: 1 }, { scope: 'k8s', key: 'd', value: null },
          { scope: 'k8s', key: 'never', value: null },
        ]);
        assert.deepEqual(await store.listSourceState('k8s'), [{ key: 'b', value: { rv: '2' } }, { key: 'c', value: 2 }, { key: 'untouched', value: 'kept' }]);
        assert.equal(await store.getSourceState('k8s', 'a'), undefined);
        assert.deepEqual(await store.listSourceState('other'), [{ key: 'a', value: false }]);
        assert.deepEqual(await store.listSourceState('empty'), []);
        await store.putSourceState([]);
      });
    });

    describe('silences', () => {
      it('round-trips silences, lists newest first, and only those not over when asked', async (t) => {
        const { store } = await fresh(t);
        const a = silence({ matchers: { namespaces: ['!prod-*'], actors: ['system:*'] } });
        const b = silence({ matchers: { labels: [{ key: 'app', operator: 'Exists' }] }, startsAt: new Date(T0 + 60_000).toISOString(), endsAt: new Date(T0 + 120_000).toISOString() });
        await store.createSilence(a);
        await store.createSilence(b);
        assert.deepEqual(await store.getSilence(a.id), a);
        assert.equal(await store.getSilence('sil_missing'), undefined);
        assert.deepEqual(await store.listSilences(), [b, a]);
        assert.deepEqual(await store.listSilences({ endsAfter: T0 + 120_000 }), [a], 'b ends at T0+120s: over at that instant');
      });

      it('expires at now: a pending one never starts, an expired one stays as it was', async (t) => {
        const { store } = await fresh(t);
        const pending = silence({ matchers: { events: ['delete'] }, startsAt: new Date(T0 + 60_000).toISOString() });
        await store.createSilence(pending);
        const expired = await store.expireSilence(pending.id, T0 + 1000);
        assert.deepEqual(expired, { ...pending, startsAt: T0 + 1000, endsAt: T0 + 1000, updatedAt: T0 + 1000 });
        assert.deepEqual(await store.expireSilence(pending.id, T0 + 5000), expired, 'expiring again changes nothing');
        assert.deepEqual(await store.listSilences({ endsAfter: T0 + 1000 }), []);
        assert.equal(await store.expireSilence('sil_missing', T0), undefined);
      });

      it('records a muted event with the silences that muted it and no deliveries', async (t) => {
        const { store } = await fresh(t);
        const w = webhook('muted');
        await store.createWebhook(w);
        const muted = { ...event(), silencedBy: ['sil_a'] };
        const r = await store.recordEvent(muted, [], { now: T0 });
        assert.deepEqual(r.deliveryIds, []);
        assert.deepEqual((await store.getEvent(muted.id))?.silencedBy, ['sil_a']);
      });
    });
  });
}
