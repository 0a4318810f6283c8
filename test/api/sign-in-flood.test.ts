import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { hashPassword, passwordHashLoad, verifyPassword } from '../../src/api/auth/passwords.ts';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { createUser } from './auth/support.ts';

/** A stored hash with N=2: verifying it costs microseconds, so the queue can be filled cheaply. */
const CHEAP_HASH = `scrypt$2$1$1$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

describe('password hashing stays off the event loop', () => {
  it('lets the event loop turn while a hash runs (the async scrypt, not scryptSync)', async () => {
    const stored = await hashPassword('correct horse battery staple');
    let loopTurned = false;
    const verified = verifyPassword('correct horse battery staple', stored).then((ok) => ({ ok, loopTurned }));
    setImmediate(() => { loopTurned = true; });
    // A synchronous hash would finish inside the call, and the promise would settle before any immediate.
    assert.deepEqual(await verified, { ok: true, loopTurned: true });
  });

  it('runs at most two hashes at once and queues the rest', async () => {
    const stored = await hashPassword('pw-for-the-bound');
    const all = Array.from({ length: 5 }, () => verifyPassword('pw-for-the-bound', stored));
    assert.deepEqual(passwordHashLoad(), { running: 2, waiting: 3 });
    assert.deepEqual(await Promise.all(all), [true, true, true, true, true]);
    assert.deepEqual(passwordHashLoad(), { running: 0, waiting: 0 });
  });

  it('refuses a hash at once when 64 already wait, with TOO_MANY_REQUESTS', async () => {
    const queued = Array.from({ length: 2 + 64 }, () => verifyPassword('x', CHEAP_HASH));
    await assert.rejects(verifyPassword('x', CHEAP_HASH), (err: any) => err.code === 'TOO_MANY_REQUESTS');
    assert.equal((await Promise.all(queued)).length, 66);
  });

  it('uses no synchronous key derivation anywhere in src/', () => {
    const files = (readdirSync('src', { recursive: true }) as string[]).filter((f) => /\.tsx?$/.test(f));
    const offenders = files.filter((f) => /\b(scryptSync|pbkdf2Sync)\s*\(/.test(readFileSync(join('src', f), 'utf8')));
    assert.deepEqual(offenders, []);
  });
});

/**
 * A sign-in flood while deliveries run, in one Herald. The receiver is named
 * `localhost`, so every delivery's connection needs a getaddrinfo lookup on
 * the same libuv pool the hashes use. Asserted: every delivery completes
 * while sign-ins are still queued. The loop delay is measured and reported,
 * not asserted (no timing assertions).
 */
describe('a sign-in flood does not hold up deliveries', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald({ auth: { adminToken: ADMIN_TOKEN, signIn: { maxFailuresPerUser: 1000, maxFailuresPerAddress: 1000, windowMinutes: 15 } } } as never);
    receiver = await startReceiver();
    const url = receiver.url.replace('127.0.0.1', 'localhost');
    assert.equal((await herald.api('/api/v1/webhooks', { body: { name: 'by-name', url, retry: { maxAttempts: 1 } } })).status, 201);
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('delivers every event while 40 sign-ins are still being hashed', async (t) => {
    const user = await createUser(herald, 'viewer');
    const lag = monitorEventLoopDelay({ resolution: 10 });
    lag.enable();
    let answered = 0;
    const flood = Array.from({ length: 40 }, () => fetch(`${herald.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: user.name, password: 'wrong-password' }),
    }).then(async (r) => { answered++; return r.status; }));
    const events = 20;
    for (let i = 0; i < events; i++) {
      assert.equal((await herald.api('/api/v1/events', { body: { event: 'update', name: `during-flood-${i}` } })).status, 202);
    }
    await receiver.waitFor(events, 60_000);
    const answeredWhenDelivered = answered;
    const statuses = await Promise.all(flood);
    lag.disable();
    t.diagnostic(`loop delay during the flood: p50 ${(lag.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
    t.diagnostic(`sign-ins answered when the ${events} deliveries had arrived: ${answeredWhenDelivered} of 40`);
    assert.ok(answeredWhenDelivered < 40, 'the deliveries did not wait for the flood to drain');
    assert.deepEqual([...new Set(statuses)], [401], 'every flooded sign-in was answered (none refused or failed)');
  });
});
