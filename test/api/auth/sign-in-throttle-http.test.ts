import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'node:http';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { createUser, type TestAccount } from './support.ts';

/**
 * Sign-in throttling through the real API over loopback. Each client address
 * is a real source address (127.0.0.x all reach the loopback listener), so
 * the per-address limit is tested as a proxy-less deployment sees it.
 */
describe('POST /api/v1/session throttling', () => {
  let herald: TestHerald;
  before(async () => {
    herald = await startTestHerald({ auth: { adminToken: ADMIN_TOKEN, signIn: { maxFailuresPerUser: 3, maxFailuresPerAddress: 6, windowMinutes: 15 } } } as never);
  });
  after(() => herald.close());

  /** A sign-in sent from the source address `from`. */
  function signIn(username: string, password: string, from = '127.0.0.1') {
    return new Promise<{ status: number; retryAfter: string | undefined; body: any }>((resolve, reject) => {
      const req = request(`${herald.url}/api/v1/session`, { method: 'POST', localAddress: from, headers: { 'content-type': 'application/json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({
          status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ username, password }));
    });
  }

  it('answers 429 with Retry-After and a JSON error after repeated bad passwords; other users are unaffected', async () => {
    const alice: TestAccount = await createUser(herald, 'viewer');
    const bob: TestAccount = await createUser(herald, 'viewer');
    for (let i = 0; i < 3; i++) assert.equal((await signIn(alice.name, 'wrong-password', '127.0.0.11')).status, 401);
    const refused = await signIn(alice.name, alice.password, '127.0.0.12');
    assert.equal(refused.status, 429, 'even the right password waits: the counter is per user, on any address');
    assert.equal(refused.body.error.code, 'TOO_MANY_REQUESTS');
    assert.match(refused.body.error.message, /user/);
    const seconds = Number(refused.retryAfter);
    assert.ok(Number.isInteger(seconds) && seconds > 0 && seconds <= 15 * 60, `Retry-After: ${refused.retryAfter}`);
    assert.equal((await signIn(bob.name, bob.password, '127.0.0.11')).status, 200, 'another user signs in from the same address');
  });

  it('a success resets the user\'s counter', async () => {
    const carol = await createUser(herald, 'viewer');
    for (let i = 0; i < 2; i++) assert.equal((await signIn(carol.name, 'wrong-password', '127.0.0.21')).status, 401);
    assert.equal((await signIn(carol.name, carol.password, '127.0.0.21')).status, 200);
    for (let i = 0; i < 2; i++) assert.equal((await signIn(carol.name, 'wrong-password', '127.0.0.21')).status, 401, 'earlier failures were forgotten');
    assert.equal((await signIn(carol.name, carol.password, '127.0.0.21')).status, 200);
  });

  it('limits failures per client address across usernames; another address is unaffected', async () => {
    const dave = await createUser(herald, 'viewer');
    for (const name of ['nobody-1', 'nobody-2', 'nobody-3']) {
      for (let i = 0; i < 2; i++) assert.equal((await signIn(name, 'guess', '127.0.0.31')).status, 401);
    }
    const refused = await signIn(dave.name, dave.password, '127.0.0.31');
    assert.equal(refused.status, 429);
    assert.match(refused.body.error.message, /address/);
    assert.ok(Number(refused.retryAfter) > 0);
    assert.equal((await signIn(dave.name, dave.password, '127.0.0.32')).status, 200, 'the same user from another address');
  });
});
