import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { newId } from '../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema, type Webhook, type WebhookInput } from '../../src/core/webhook.ts';
import { Dispatcher, type DispatcherOptions } from '../../src/delivery/dispatcher.ts';
import type { SendRequest, SendResult } from '../../src/delivery/http-sender.ts';
import { WRITE_RETRY_DELAYS_MS } from '../../src/delivery/record-outcome.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { ManualClock, settle } from '../support/manual-clock.ts';

/**
 * The dispatcher on a manual clock: retry timing, outcome-write faults,
 * recovery and auto-disable are checked by moving time by hand, never by
 * sleeping. The store is a real SQLite database; the sender is scripted.
 */
const T0 = Date.parse('2026-03-01T00:00:00Z');
const ok = (statusCode = 200, headers: Record<string, string> = {}): SendResult => ({ ok: true, response: { statusCode, headers, body: 'ok' } });
const DAY = 24 * 3600 * 1000;

interface Harness {
  clock: ManualClock;
  store: SqliteStore;
  sent: SendRequest[];
  errors: Array<{ err: unknown; what?: string }>;
  dispatcher: Dispatcher;
  webhook: Webhook;
  record(namespace?: string): Promise<string>;
  stop(): Promise<void>;
}

async function harness(
  input: Partial<WebhookInput>,
  answer: (req: SendRequest, index: number) => SendResult,
  opts: { wrap?: (s: SqliteStore) => Store; dispatcher?: Partial<DispatcherOptions> } = {},
): Promise<Harness> {
  const clock = new ManualClock(T0);
  const store = new SqliteStore({ path: ':memory:', secrets: SecretBox.fromString(SecretBox.generateKey()) });
  const webhook = createWebhook(WebhookInputSchema.parse({ name: 'wh', url: 'https://receiver.example/hook', ...input }), newId('wh', T0), T0);
  await store.createWebhook(webhook);
  const sent: SendRequest[] = [];
  const errors: Harness['errors'] = [];
  const dispatcher = new Dispatcher({
    store: opts.wrap?.(store) ?? store, clock, random: () => 0.5, idlePollMs: 3600_000,
    sender: { send: async (req) => answer(req, sent.push(req) - 1) },
    onError: (err, what) => errors.push({ err, what }),
    ...opts.dispatcher,
  });
  await dispatcher.start();
  return {
    clock, store, sent, errors, dispatcher, webhook,
    async record(namespace = 'default') {
      const e = normalizeEvent({ event: 'update', namespace, resource: 'Deployment', name: 'api' }, newId('evt', clock.now()), new Date(clock.now()));
      const { deliveryIds } = await store.recordEvent(e, [webhook.id], { now: clock.now() });
      dispatcher.wake();
      await settle();
      return deliveryIds[0]!;
    },
    async stop() {
      await dispatcher.stop();
      await store.close();
    },
  };
}

describe('dispatcher on a manual clock', () => {
  it('retries on the standard schedule (5 s, then 5 min) to the millisecond, without sleeping', async () => {
    const h = await harness({}, (_r, i) => (i < 2 ? ok(500) : ok()));
    const id = await h.record();
    assert.equal(h.sent.length, 1);
    await h.clock.advance(4999);
    assert.equal(h.sent.length, 1, 'not before 5 s');
    await h.clock.advance(1);
    assert.equal(h.sent.length, 2, 'the second attempt at 5 s');
    await h.clock.advance(5 * 60_000 - 1);
    assert.equal(h.sent.length, 2, 'not before another 5 min');
    await h.clock.advance(1);
    assert.equal(h.sent.length, 3);
    const d = await h.store.getDelivery(id);
    assert.deepEqual([d!.status, d!.attempts], ['succeeded', 3]);
    assert.deepEqual((await h.store.listAttempts(id)).map((a) => [a.outcome, a.trigger]), [['retry', 'first'], ['retry', 'retry'], ['succeeded', 'retry']]);
    await h.stop();
  });

  it('waits out the Retry-After of a 429, and the throttled attempt is not counted', async () => {
    const h = await harness({}, (_r, i) => (i === 0 ? ok(429, { 'retry-after': '1' }) : ok()));
    const id = await h.record();
    await h.clock.advance(999);
    assert.equal(h.sent.length, 1);
    await h.clock.advance(1);
    assert.equal(h.sent.length, 2);
    const d = (await h.store.getDelivery(id))!;
    assert.deepEqual([d.status, d.attempts], ['succeeded', 1]);
    await h.stop();
  });

  it('waits a minute after a 429 without a Retry-After', async () => {
    const h = await harness({}, (_r, i) => (i === 0 ? ok(429) : ok()));
    await h.record();
    await h.clock.advance(59_999);
    assert.equal(h.sent.length, 1);
    await h.clock.advance(1);
    assert.equal(h.sent.length, 2);
    await h.stop();
  });

  it('keeps the KubeVision policy: 3 attempts within seconds, then failed', async () => {
    const h = await harness({ retry: { policy: 'kubevision' } }, () => ok(500));
    const id = await h.record();
    await h.clock.advance(1000);
    await h.clock.advance(2000);
    assert.equal(h.sent.length, 3);
    await h.clock.advance(3600_000);
    assert.equal(h.sent.length, 3, 'no fourth attempt');
    assert.equal((await h.store.getDelivery(id))!.status, 'failed');
    await h.stop();
  });

  it('shows a chat message\'s delay once it is a minute or more late', async () => {
    const h = await harness({ platform: 'slack', url: 'https://hooks.slack.com/services/T/B/x' }, (_r, i) => (i < 3 ? ok(500) : ok()));
    await h.record();
    await h.clock.advance(5000); // chat schedule: 5 s, 30 s, 2 min
    await h.clock.advance(30_000);
    await h.clock.advance(120_000);
    assert.equal(h.sent.length, 4);
    assert.doesNotMatch(h.sent[0]!.body, /delayed/);
    assert.doesNotMatch(h.sent[2]!.body, /delayed/, '35 s late is not worth a note');
    assert.match(h.sent[3]!.body, /\(delayed 2 min\)/);
    await h.stop();
  });

  it('retries a failed outcome write and records the attempt once, logging the storage error with its code', async () => {
    let failures = 2;
    const diskFull = Object.assign(new Error('database or disk is full'), { code: 'ERR_SQLITE_ERROR', errcode: 13 });
    const h = await harness({}, () => ok(), {
      wrap: (s) => wrapStore(s, { completeAttempt: () => failures-- > 0 }, diskFull),
    });
    const id = await h.record();
    await h.clock.advance(WRITE_RETRY_DELAYS_MS[0]! + WRITE_RETRY_DELAYS_MS[1]!);
    assert.equal(h.sent.length, 1, 'sent once');
    assert.equal((await h.store.getDelivery(id))!.status, 'succeeded');
    assert.equal((await h.store.listAttempts(id)).length, 1);
    assert.equal(h.errors.length, 2);
    assert.equal(h.errors[0]!.err, diskFull, 'the real storage error, with its code');
    await h.stop();
  });

  it('hands the lease back when the store stays down, and sends again within seconds once it is back', async () => {
    let faulty = true;
    const h = await harness({ concurrency: 1 }, () => ok(), {
      wrap: (s) => wrapStore(s, { completeAttempt: () => faulty, releaseClaim: () => faulty }, new Error('SQLITE_FULL: database or disk is full')),
    });
    const id = await h.record();
    await h.clock.advance(10_000);
    assert.equal(h.sent.length, 1);
    assert.equal((await h.store.getDelivery(id))!.status, 'delivering', 'nothing could be written while the fault lasts');
    faulty = false;
    await h.clock.advance(1000);
    assert.equal(h.sent.length, 2, 'due again about a second after the fault is gone, not after the 90 s lease');
    const d = await h.store.getDelivery(id);
    assert.deepEqual([d!.status, d!.attempts], ['succeeded', 1]);
    assert.ok(h.errors.some((e) => /could not release/.test(e.what ?? '')));
    await h.stop();
  });

  it('re-queues the deliveries that failed for good during an outage when the receiver succeeds again', async () => {
    let down = true;
    const h = await harness({ retry: { policy: 'kubevision' } }, () => (down ? ok(503) : ok()));
    const lost = [await h.record(), await h.record()];
    await h.clock.advance(10_000);
    for (const id of lost) assert.equal((await h.store.getDelivery(id))!.status, 'failed');
    assert.equal((await h.store.getWebhook(h.webhook.id))!.failingSince, T0);
    down = false;
    const fresh = await h.record();
    await h.clock.advance(10);
    assert.equal((await h.store.getDelivery(fresh))!.status, 'succeeded');
    for (const id of lost) {
      const d = await h.store.getDelivery(id);
      assert.equal(d!.status, 'succeeded', 'failed during the outage, delivered after it');
      assert.deepEqual((await h.store.listAttempts(id)).map((a) => a.trigger), ['first', 'retry', 'retry', 'recovered']);
    }
    assert.equal((await h.store.getWebhook(h.webhook.id))!.failingSince, null);
    assert.equal(h.sent.length, 3 * 2 + 1 + 2);
    await h.stop();
  });

  it('disables a webhook whose every attempt failed for 5 days, with a reason, and says so once', async () => {
    const disabled: string[] = [];
    const h = await harness({ retry: { policy: 'kubevision' } }, () => ok(500), {
      dispatcher: { onWebhookDisabled: (_w, reason) => disabled.push(reason) },
    });
    await h.record();
    await h.clock.advance(DAY);
    await h.record();
    await h.clock.advance(DAY);
    assert.equal((await h.store.getWebhook(h.webhook.id))!.enabled, true, 'two days of failures are an outage, not a dead receiver');
    await h.clock.advance(3 * DAY);
    await h.record();
    await h.clock.advance(10_000);
    const w = await h.store.getWebhook(h.webhook.id);
    assert.equal(w!.enabled, false);
    assert.match(w!.disabledReason!, /every attempt failed for 5 days \(since 2026-03-01T00:00:00.000Z\); last error: HTTP 500/);
    assert.equal(disabled.length, 1);
    await h.stop();
  });

  it('frees a slot once the receiver answered, before the attempt is recorded', async () => {
    let open = () => {};
    const gate = new Promise<void>((r) => { open = r; });
    let first = true;
    const h = await harness({ concurrency: 2 }, () => ok(), {
      dispatcher: { maxInFlight: 1 },
      wrap: (s) => callsThrough(s, { completeAttempt: async () => { if (first) { first = false; await gate; } } }),
    });
    const [a, b] = [await h.record(), await h.record()];
    assert.equal(h.sent.length, 2, 'the second was sent while the first attempt was still being written');
    assert.equal((await h.store.getDelivery(a))!.status, 'delivering');
    open();
    await settle();
    for (const id of [a, b]) assert.equal((await h.store.getDelivery(id))!.status, 'succeeded');
    await h.stop();
  });

  it('a claim still on its way when the dispatcher stops is handed back, not sent', async () => {
    let open = () => {};
    const gate = new Promise<void>((r) => { open = r; });
    let hold = false;
    const h = await harness({}, () => ok(), {
      wrap: (s) => callsThrough(s, { claimDue: async () => { if (hold) await gate; } }),
    });
    hold = true;
    const id = await h.record();
    const stopped = h.dispatcher.stop();
    await settle();
    open();
    await stopped;
    await settle();
    assert.equal(h.sent.length, 0, 'nothing sent after stop()');
    assert.equal((await h.store.getDelivery(id))!.status, 'pending', 'its lease handed back');
    await h.store.close();
  });

  it('a slot freed while it asks when work is next due is used at once, not after a sleep', async () => {
    let open = () => {};
    const gate = new Promise<void>((r) => { open = r; });
    let hold = false;
    const answers: Array<() => void> = [];
    const h = await harness({ concurrency: 1 }, () => ok(), {
      dispatcher: { maxInFlight: 2, sender: { send: () => new Promise((r) => answers.push(() => r(ok()))) } },
      wrap: (s) => callsThrough(s, { nextDueAt: async () => { if (hold) await gate; } }),
    });
    hold = true;
    const a = await h.record();
    const b = await h.record();
    assert.equal(answers.length, 1, 'one at a time: the webhook\'s concurrency is 1');
    answers.shift()!();
    await settle();
    assert.equal((await h.store.getDelivery(a))!.status, 'succeeded');
    open();
    await settle();
    assert.equal(answers.length, 1, 'the second was claimed and sent without the clock moving');
    answers.shift()!();
    await settle();
    assert.equal((await h.store.getDelivery(b))!.status, 'succeeded');
    await h.stop();
  });

  it('does not ask the store when work is next due while every slot is busy', async () => {
    const answers: Array<() => void> = [];
    let asked = 0;
    const h = await harness({ concurrency: 5 }, () => ok(), {
      dispatcher: { maxInFlight: 2, sender: { send: () => new Promise((r) => answers.push(() => r(ok()))) } },
      wrap: (s) => callsThrough(s, { nextDueAt: async () => { asked++; } }),
    });
    const ids = [await h.record(), await h.record()];
    const before = asked;
    for (let i = 0; i < 3; i++) ids.push(await h.record());
    assert.equal(answers.length, 2, 'two in flight');
    assert.equal(asked, before, 'a wake with no free slot claims nothing and schedules nothing from the store');
    while (answers.length > 0) {
      for (const answer of answers.splice(0)) answer();
      await settle();
    }
    for (const id of ids) assert.equal((await h.store.getDelivery(id))!.status, 'succeeded');
    assert.ok(asked > before, 'with a slot free and nothing left to claim, it asks');
    await h.stop();
  });
});

/** Runs `before` ahead of each named store method, then the method itself. */
function callsThrough(store: SqliteStore, before: Partial<Record<keyof Store, () => Promise<void>>>): Store {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const hook = before[prop as keyof Store];
      return hook === undefined ? value.bind(target) : async (...args: unknown[]) => { await hook(); return value.apply(target, args); };
    },
  });
}

/** Makes the named store methods throw `err` while their predicate says so. */
function wrapStore(store: SqliteStore, faults: Partial<Record<'completeAttempt' | 'releaseClaim', () => boolean>>, err: Error): Store {
  return new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      const fault = faults[prop as keyof typeof faults];
      return async (...args: unknown[]) => {
        if (fault?.() === true) throw err;
        return value.apply(target, args);
      };
    },
  });
}
