import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { normalizeEvent } from '../../../src/core/event.ts';
import { newId } from '../../../src/core/ids.ts';
import { createWebhook, WebhookInputSchema } from '../../../src/core/webhook.ts';
import { SecretBox } from '../../../src/store/secret-box.ts';
import { SqliteDb } from '../../../src/store/sqlite/sqlite-db.ts';
import { SqliteStore } from '../../../src/store/sqlite/sqlite-store.ts';
import { eventually } from '../../support/herald.ts';
import { tempDir } from '../../support/temp-dir.ts';

const dir = tempDir('sqlite-writer');
let n = 0;
const box = new SecretBox(Buffer.alloc(32, 5));

async function storeWithWebhook(writerQuietMs?: number) {
  const path = join(dir, `w-${n++}.db`);
  const db = new SqliteDb(path);
  const store = new SqliteStore({ path, secrets: box, connection: db, ...(writerQuietMs === undefined ? {} : { writerQuietMs }) });
  const webhook = createWebhook(WebhookInputSchema.parse({ name: 'w', url: 'http://127.0.0.1:9/', secret: 'writer-secret', concurrency: 4 }), newId('wh'), Date.now());
  await store.createWebhook(webhook);
  return { path, db, store, webhook };
}

test('ingests, claims and completions commit on the writer thread, never on the main thread\'s connection', async () => {
  const { path, db, store, webhook } = await storeWithWebhook();
  try {
    const before = db.commits;
    const written = await store.writeCommits();
    const { deliveryIds } = await store.recordEvent(normalizeEvent({ event: 'create', name: 'a' }, newId('evt')), [webhook.id]);
    const [claim] = await store.claimDue('d', Date.now(), 10, 60_000);
    assert.ok(await store.completeAttempt(claim!, {
      id: newId('att'), deliveryId: deliveryIds[0]!, attempt: 1, startedAt: Date.now(), durationMs: 1,
      statusCode: 200, responseBody: '', error: null, outcome: 'succeeded', trigger: 'first',
    }, { status: 'succeeded' }));
    assert.equal(db.commits, before, 'no COMMIT (no fsync) on the event loop\'s thread');
    assert.ok(await store.writeCommits() - written >= 3, 'the writer committed them');
    const reader = new DatabaseSync(path, { readOnly: true });
    assert.deepEqual({ ...reader.prepare('SELECT status FROM deliveries WHERE id = ?').get(deliveryIds[0]!) }, { status: 'succeeded' });
    reader.close();
  } finally {
    await store.close();
  }
});

test('a claim carries the delivery\'s event and its webhook as the claim saw it, secrets decrypted, failingSince current', async () => {
  const { store, webhook } = await storeWithWebhook();
  try {
    const event = normalizeEvent({ event: 'create', name: 'b' }, newId('evt'));
    await store.recordEvent(event, [webhook.id]);
    await store.markWebhookFailing(webhook.id, 1234);
    const [claim] = await store.claimDue('d', Date.now(), 10, 60_000);
    assert.deepEqual(claim!.event, event);
    assert.equal(claim!.webhook?.secret, 'writer-secret');
    assert.equal(claim!.webhook?.failingSince, 1234);
    // The same webhook, changed: the next claim sees the change, not a cached copy.
    await store.clearWebhookFailing(webhook.id);
    await store.updateWebhook({ ...webhook, secret: 'rotated-secret' });
    await store.recordEvent(normalizeEvent({ event: 'create', name: 'c' }, newId('evt')), [webhook.id]);
    const [next] = await store.claimDue('d', Date.now(), 10, 60_000);
    assert.equal(next!.webhook?.secret, 'rotated-secret');
    assert.equal(next!.webhook?.failingSince, null);
  } finally {
    await store.close();
  }
});

test('a write failing on the writer thread rejects with SQLite\'s own error code, and only that write', async () => {
  const { store, webhook } = await storeWithWebhook();
  try {
    const { deliveryIds } = await store.recordEvent(normalizeEvent({ event: 'create', name: 'd' }, newId('evt')), [webhook.id]);
    const [claim] = await store.claimDue('d', Date.now(), 10, 60_000);
    const attempt = {
      id: 'att_same', deliveryId: deliveryIds[0]!, attempt: 1, startedAt: Date.now(), durationMs: 1,
      statusCode: 500, responseBody: '', error: 'x', outcome: 'retry' as const, trigger: 'first' as const,
    };
    await store.completeAttempt(claim!, attempt, { status: 'pending', nextAttemptAt: 0 });
    const [again] = await store.claimDue('d', Date.now(), 10, 60_000);
    const [dup, other] = await Promise.allSettled([
      store.completeAttempt(again!, attempt, { status: 'succeeded' }),
      store.recordEvent(normalizeEvent({ event: 'create', name: 'e' }, newId('evt')), [webhook.id]),
    ]);
    assert.equal(dup.status, 'rejected');
    const err = (dup as PromiseRejectedResult).reason as Error & { errcode?: number; code?: string };
    assert.match(err.message, /UNIQUE constraint failed: attempts\.id/);
    assert.equal(err.errcode! & 0xff, 19, 'SQLITE_CONSTRAINT, as the driver said it');
    assert.equal(other.status, 'fulfilled', 'the other write of the group committed');
    assert.equal((await store.getDelivery(deliveryIds[0]!))?.status, 'delivering', 'the failed completion left nothing');
  } finally {
    await store.close();
  }
});

test('a store never closed does not keep its process alive, and a write in flight does until it is answered', () => {
  const script = `
    import { SqliteStore } from ${JSON.stringify(fileURLToPath(new URL('../../../src/store/sqlite/sqlite-store.ts', import.meta.url)))};
    import { SecretBox } from ${JSON.stringify(fileURLToPath(new URL('../../../src/store/secret-box.ts', import.meta.url)))};
    const store = new SqliteStore({ path: ${JSON.stringify(join(dir, 'left-open.db'))}, secrets: new SecretBox(Buffer.alloc(32, 1)) });
    const r = await store.recordEvent({ id: 'evt_left_open', event: 'create' }, []);
    console.log('recorded', r.event.id);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
  assert.match(out, /recorded evt_left_open/);
});

test('the writer thread starts at the first write, ends after a quiet spell, and the next write starts it again', async () => {
  const { store, webhook } = await storeWithWebhook(50);
  try {
    assert.equal(store.writerRunning, false, 'a store that has written nothing has no writer thread');
    assert.deepEqual(await store.claimDue('d', Date.now(), 10, 60_000), [], 'an idle claim does not start it');
    assert.equal(store.writerRunning, false);
    await store.recordEvent(normalizeEvent({ event: 'create', name: 'f' }, newId('evt')), [webhook.id]);
    assert.equal(store.writerRunning, true);
    const committed = await store.writeCommits();
    await eventually(() => (store.writerRunning ? undefined : true));
    assert.equal(await store.writeCommits(), committed, 'an ended thread\'s commits still count');
    const { deliveryIds } = await store.recordEvent(normalizeEvent({ event: 'create', name: 'g' }, newId('evt')), [webhook.id]);
    assert.equal(store.writerRunning, true, 'started again');
    assert.equal((await store.getDelivery(deliveryIds[0]!))?.status, 'pending');
    assert.equal(await store.writeCommits(), committed + 1);
  } finally {
    await store.close();
  }
});

test('retries not yet due leave a quiet writer thread ended: only due work goes to it', async () => {
  const { store, webhook } = await storeWithWebhook(50);
  try {
    const { deliveryIds } = await store.recordEvent(normalizeEvent({ event: 'create', name: 'h' }, newId('evt')), [webhook.id]);
    const [claim] = await store.claimDue('d', Date.now(), 10, 60_000);
    const later = Date.now() + 60_000;
    await store.completeAttempt(claim!, {
      id: newId('att'), deliveryId: deliveryIds[0]!, attempt: 1, startedAt: Date.now(), durationMs: 1,
      statusCode: 503, responseBody: '', error: 'HTTP 503', outcome: 'retry', trigger: 'first',
    }, { status: 'pending', nextAttemptAt: later });
    await eventually(() => (store.writerRunning ? undefined : true));
    assert.deepEqual(await store.claimDue('d', Date.now(), 10, 60_000), [], 'nothing is due');
    assert.equal(store.writerRunning, false, 'so the claim asked the writer nothing');
    const [due] = await store.claimDue('d', later, 10, 60_000);
    assert.equal(due?.delivery.id, deliveryIds[0], 'once due, the claim takes it');
  } finally {
    await store.close();
  }
});

test('a write asked for after close is refused, and no writer thread starts again for it', async () => {
  const { store, webhook } = await storeWithWebhook();
  await store.recordEvent(normalizeEvent({ event: 'create', name: 'i' }, newId('evt')), [webhook.id]);
  await store.close();
  await assert.rejects(store.recordEvent(normalizeEvent({ event: 'create', name: 'j' }, newId('evt')), [webhook.id]),
    (err: Error & { code?: string }) => err.code === 'STORE_UNAVAILABLE' && /closed/.test(err.message));
  assert.equal(store.writerRunning, false);
});
