import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { newId } from '../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema } from '../../src/core/webhook.ts';
import { Dispatcher } from '../../src/delivery/dispatcher.ts';
import { HttpSender } from '../../src/delivery/http-sender.ts';
import { SsrfGuard } from '../../src/delivery/ssrf-guard.ts';
import { SecretBox } from '../../src/store/secret-box.ts';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald } from '../support/herald.ts';
import { mountSmallDisk, type SmallDisk } from '../support/small-disk.ts';

/**
 * A real full disk: the SQLite file lives on a small tmpfs (test/support/small-disk.ts)
 * that the test fills while deliveries are in flight, so recording their outcomes
 * fails with SQLITE_FULL. Needs root (mount); without it the tests are skipped, saying so.
 */
const small = mountSmallDisk(2);
const large = mountSmallDisk(8);
const disks = [small, large].filter((d): d is SmallDisk => typeof d !== 'string');
const reason = [small, large].find((d): d is string => typeof d === 'string');
const skip = reason === undefined ? false : `${reason}; the store-wrapper fault tests in dispatcher-clock.test.ts still run`;
const disk = (d: SmallDisk | string): SmallDisk => d as SmallDisk;

describe('delivery on a full disk', () => {
  let receiver: Receiver;
  let open: () => void = () => {};
  const gate = new Promise<void>((resolve) => { open = resolve; });
  // The first answers wait until the disk is full, so their outcomes are the writes that fail.
  before(async () => { receiver = await startReceiver(async () => { await gate; return { status: 200 }; }); });
  after(async () => {
    open();
    await receiver.close();
    for (const d of disks) d.unmount();
  });

  it('logs SQLite\'s own error, hands leases back, and delivers everything within seconds once space is back', { skip }, async () => {
    const store = new SqliteStore({ path: join(disk(small).dir, 'herald.db'), secrets: SecretBox.fromString(SecretBox.generateKey()) });
    const webhook = createWebhook(WebhookInputSchema.parse({ name: 'full', url: receiver.url, concurrency: 4 }), newId('wh'), Date.now());
    await store.createWebhook(webhook);
    const ids: string[] = [];
    for (let i = 0; i < 20; i++) {
      const e = normalizeEvent({ event: 'create', namespace: 'disk', name: `n${i}` }, newId('evt'), new Date());
      ids.push(...(await store.recordEvent(e, [webhook.id])).deliveryIds);
    }
    const errors: Array<{ err: unknown; what?: string }> = [];
    const sender = new HttpSender(new SsrfGuard({ allowedNetworks: [], disabled: true }));
    const dispatcher = new Dispatcher({ store, sender, onError: (err, what) => errors.push({ err, what }) });
    await dispatcher.start();
    try {
      await receiver.waitFor(4);
      disk(small).fill();
      open();
      await eventually(() => (errors.some((e) => /record attempt/.test(e.what ?? '')) ? true : undefined), 20_000);
      const first = errors.find((e) => /record attempt/.test(e.what ?? ''))!.err as Error & { errcode?: number };
      assert.match(first.message, /database or disk is full/, 'the log names the full disk, not a failed ROLLBACK');
      assert.equal(first.errcode, 13, 'SQLITE_FULL');
      assert.equal((await store.deliveryCounts(webhook.id)).succeeded, 0);

      // Past the write retries: the fault outlasts them, and handing the lease back fails too for now.
      await eventually(() => (errors.some((e) => /could not release/.test(e.what ?? '')) ? true : undefined), 20_000);
      disk(small).free();
      // The lease is 90 s; everything arriving well inside this wait shows the leases were handed back.
      await eventually(async () => ((await store.deliveryCounts(webhook.id)).succeeded === 20 ? true : undefined), 30_000, 100);
      const sent = new Set(receiver.requests.map((r) => r.headers['webhook-id']));
      assert.deepEqual([...sent].sort(), [...ids].sort(), 'every delivery reached the receiver');
      for (const id of ids) {
        const attempts = await store.listAttempts(id);
        assert.deepEqual(attempts.map((a) => a.outcome), ['succeeded'], `${id}: one recorded attempt, no duplicate record`);
      }
    } finally {
      await dispatcher.stop();
      await sender.close();
      await store.close();
    }
  });

  it('answers ingest with 503 STORE_UNAVAILABLE naming the full disk, and takes events again once space is back', { skip }, async () => {
    const herald = await startTestHerald({ dataDir: disk(large).dir });
    const r = await startReceiver();
    try {
      assert.equal((await herald.api('/api/v1/webhooks', { body: { name: 'disk', url: r.url, filters: { namespaces: ['disk'] } } })).status, 201);
      const send = (name: string) => herald.api('/api/v1/events', { body: { event: 'create', namespace: 'disk', name } });
      assert.equal((await send('before')).status, 202);
      await r.waitFor(1);
      disk(large).fill();
      const refused = await send('during');
      assert.equal(refused.status, 503);
      assert.equal(refused.body.error.code, 'STORE_UNAVAILABLE');
      assert.match(refused.body.error.message, /disk is full \(SQLITE_FULL\)/);
      disk(large).free();
      assert.equal((await send('after')).status, 202);
      const names = (await r.waitFor(2, 20_000)).map((q) => JSON.parse(q.body).name);
      assert.deepEqual(names, ['before', 'after'], 'the refused event was never half-written, the next one is delivered');
    } finally {
      await herald.close();
      await r.close();
    }
  });
});
