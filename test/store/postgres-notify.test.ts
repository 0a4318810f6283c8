import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Dispatcher, type AttemptInfo } from '../../src/delivery/dispatcher.ts';
import { HttpSender } from '../../src/delivery/http-sender.ts';
import { SsrfGuard } from '../../src/delivery/ssrf-guard.ts';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { clientIn, dropSchemas, newSchema, openInSchema } from './pg-support.ts';
import { event, webhook } from './store.case.ts';

/**
 * Replicas on one PostgreSQL schema wake each other: a delivery recorded
 * through store A starts on B's dispatcher at once, though B only polls once
 * a minute, because recording NOTIFYs and B LISTENs. The test would wait out
 * its own timeout (well under the 60 s poll) without the notification.
 */
describe('PostgreSQL LISTEN/NOTIFY wake-up', () => {
  const schema = newSchema();
  let a: PostgresStore;
  let b: PostgresStore;
  let receiver: Receiver;
  let dispatcher: Dispatcher;
  let sender: HttpSender;
  const attempts: AttemptInfo[] = [];

  before(async () => {
    a = await openInSchema(schema);
    b = await openInSchema(schema);
    receiver = await startReceiver();
    sender = new HttpSender(new SsrfGuard({ allowedNetworks: ['127.0.0.0/8'] }));
    dispatcher = new Dispatcher({ store: b, sender, owner: 'dispatcher-of-b', idlePollMs: 60_000, onAttempt: (i) => attempts.push(i) });
    b.onWake(() => dispatcher.wake());
    await b.wakeListener!.ready;
    await dispatcher.start(); // finds nothing and goes to sleep for a minute
  });
  after(async () => {
    await dispatcher.stop();
    await sender.close();
    await receiver.close();
    await a.close();
    await b.close();
    await dropSchemas(schema);
  });

  /** The attempt B's dispatcher reports for a delivery (reported once the receiver's answer is recorded). */
  async function attemptOf(deliveryId: string): Promise<AttemptInfo> {
    for (;;) {
      const found = attempts.find((i) => i.deliveryId === deliveryId);
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  it('delivers through B an event recorded through A, without waiting for B\'s poll', { timeout: 20_000 }, async () => {
    const wh = webhook('notify', { url: receiver.url });
    await a.createWebhook(wh);
    const recorded = await a.recordEvent(event({ dedupKey: 'notify-1' }), [wh.id]);
    await receiver.waitFor(1, 15_000);
    await attemptOf(recorded.deliveryIds[0]!);
    assert.equal(attempts[0]!.deliveryId, recorded.deliveryIds[0], 'B\'s dispatcher made the attempt');
    assert.equal(attempts[0]!.attempt.statusCode, 200);
  });

  it('listens again after its connection is cut, says it lost it, and still wakes', { timeout: 20_000 }, async () => {
    const listener = b.wakeListener!;
    const before = listener.connects;
    const lost: Error[] = [];
    const unsubscribe = b.onWake(() => {}, (err) => lost.push(err));
    const admin = await clientIn(schema);
    await admin.query('SELECT pg_terminate_backend($1)', [listener.pid]);
    await admin.end();
    while (listener.connects === before) await new Promise((r) => setTimeout(r, 20));
    const wh = (await a.listWebhooks())[0]!;
    const recorded = await a.recordEvent(event({ dedupKey: 'notify-2' }), [wh.id]);
    await receiver.waitFor(2, 15_000);
    assert.equal((await attemptOf(recorded.deliveryIds[0]!)).attempt.statusCode, 200, 'delivered by B after the reconnect');
    assert.equal(lost.length, 1, 'the loss was reported once, with its cause');
    assert.match(lost[0]!.message, /terminat/i);
    unsubscribe();
  });

  it('ignores notifications from another schema in the same database', { timeout: 20_000 }, async () => {
    const otherSchema = newSchema();
    const other = await openInSchema(otherSchema);
    let woken = 0;
    const unsubscribe = b.onWake(() => { woken++; });
    try {
      const wh = webhook('elsewhere', { url: receiver.url });
      await other.createWebhook(wh);
      await other.recordEvent(event({ dedupKey: 'elsewhere' }), [wh.id]);
      // A notification on our own schema, sent after the other one, arrives after it: once it is seen, the other was skipped.
      const mine = (await a.listWebhooks())[0]!;
      await a.recordEvent(event({ dedupKey: 'notify-3' }), [mine.id]);
      while (woken === 0) await new Promise((r) => setTimeout(r, 20));
      assert.equal(woken, 1);
    } finally {
      unsubscribe();
      await other.close();
      await dropSchemas(otherSchema);
    }
  });
});
