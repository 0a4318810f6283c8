import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sha256Hex } from '../../../src/api/auth/credentials.ts';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { selfSignedCert } from '../../support/tls-cert.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { call, createUser, login, rawDatabase, WEBHOOK, type TestAccount } from './support.ts';

/** Console sessions over real HTTP: the cookie's flags, what it unlocks, CSRF refusals and logout. */
describe('access control: console sessions', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let alice: TestAccount;
  let origin: string;

  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
    alice = await createUser(herald, 'admin', 'alice');
    origin = herald.url;
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('sets an HttpOnly, SameSite=Strict cookie on sign-in that works, and stores only its hash', async () => {
    const res = await call(herald, '/api/v1/session', { body: { username: 'Alice', password: alice.password } });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(res.body.user, { id: alice.id, name: 'alice', role: 'admin' });
    const setCookie = res.headers.get('set-cookie')!;
    const attrs = setCookie.split(';').map((a) => a.trim().toLowerCase());
    assert.match(setCookie, /^herald_session=[A-Za-z0-9_-]{43};/);
    assert.ok(attrs.includes('httponly'), setCookie);
    assert.ok(attrs.includes('samesite=strict'), setCookie);
    assert.ok(attrs.includes('path=/api/v1'), setCookie);
    assert.ok(!attrs.includes('secure'), 'not Secure over plain http, or the browser would never send it back');
    const cookie = setCookie.split(';')[0]!;
    const me = await call(herald, '/api/v1/session', { cookie });
    assert.equal(me.status, 200);
    assert.deepEqual(me.body, { user: { id: alice.id, name: 'alice', role: 'admin' }, via: 'session' });
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie })).status, 200);
    const created = await call(herald, '/api/v1/webhooks', { cookie, headers: { origin }, body: WEBHOOK(receiver.url) });
    assert.equal(created.status, 201, 'a same-origin console request changes things');

    const sessionId = cookie.slice('herald_session='.length);
    const db = rawDatabase(herald);
    assert.ok(!db.includes(sessionId), 'the session id is not stored');
    assert.ok(db.includes(sha256Hex(sessionId)), 'its SHA-256 is');
  });

  it('refuses a wrong password or an unknown user with the same 401 and no cookie', async () => {
    const wrong = await call(herald, '/api/v1/session', { body: { username: 'alice', password: 'not-her-password' } });
    const unknown = await call(herald, '/api/v1/session', { body: { username: 'nobody', password: 'whatever-password' } });
    for (const res of [wrong, unknown]) {
      assert.equal(res.status, 401);
      assert.equal(res.body.error.code, 'UNAUTHENTICATED');
      assert.equal(res.body.error.message, wrong.body.error.message, 'no hint which part was wrong');
      assert.equal(res.headers.get('set-cookie'), null);
    }
    const bad = await call(herald, '/api/v1/session', { body: { username: 'alice' } });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.field, 'password');
    assert.equal((await call(herald, '/api/v1/session')).status, 401, 'GET without a session');
  });

  it('refuses a cross-site cookie-authenticated change with 403, and changes nothing', async () => {
    const { cookie } = await login(herald, 'alice', alice.password);
    const before = (await call(herald, '/api/v1/webhooks', { cookie })).body.items.length;
    const attacks: Array<Record<string, string>> = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `http://127.0.0.1.evil.example` },
      { 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of attacks) {
      const res = await call(herald, '/api/v1/webhooks', { cookie, headers, body: WEBHOOK(receiver.url, `csrf-${Object.values(headers)[0]}`) });
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    const del = await call(herald, `/api/v1/users/${alice.id}`, { cookie, method: 'DELETE', headers: { origin: 'https://evil.example' } });
    assert.equal(del.status, 403);
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie })).body.items.length, before, 'nothing was created');
    // Reading with a foreign Origin is harmless (CORS keeps the answer from the page), and no Origin is a same-origin or non-browser client.
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie, headers: { origin: 'https://evil.example' } })).status, 200);
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie, body: WEBHOOK(receiver.url) })).status, 201);
    // A bearer token is not sent by browsers on their own, so no Origin check applies to it.
    assert.equal((await call(herald, '/api/v1/webhooks', { token: ADMIN_TOKEN, headers: { origin: 'https://evil.example' }, body: WEBHOOK(receiver.url) })).status, 201);
    // Nor may another site sign the browser in (login CSRF).
    const signIn = await call(herald, '/api/v1/session', { headers: { origin: 'https://evil.example' }, body: { username: 'alice', password: alice.password } });
    assert.equal(signIn.status, 403);
    assert.equal(signIn.headers.get('set-cookie'), null);
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const { cookie } = await login(herald, 'alice', alice.password);
    assert.equal((await call(herald, '/api/v1/session', { cookie })).status, 200);
    const out = await call(herald, '/api/v1/session', { cookie, method: 'DELETE', headers: { origin } });
    assert.equal(out.status, 204);
    assert.match(out.headers.get('set-cookie') ?? '', /^herald_session=;.*Max-Age=0/i);
    assert.equal((await call(herald, '/api/v1/session', { cookie })).status, 401);
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie })).status, 401);
    assert.equal((await call(herald, '/api/v1/session', { method: 'DELETE' })).status, 204, 'signing out twice is harmless');
  });

  it('ends a user\'s sessions when their password changes or they are disabled, and applies a new role at once', async () => {
    const bob = await createUser(herald, 'ops');
    const first = await login(herald, bob.name, bob.password);
    await call(herald, `/api/v1/users/${bob.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { password: 'bobs-new-password-1' } });
    assert.equal((await call(herald, '/api/v1/session', { cookie: first.cookie })).status, 401);
    await assert.rejects(login(herald, bob.name, bob.password), /401/);
    const second = await login(herald, bob.name, 'bobs-new-password-1');
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie: second.cookie, body: WEBHOOK(receiver.url) })).status, 201);
    await call(herald, `/api/v1/users/${bob.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'viewer' } });
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie: second.cookie, body: WEBHOOK(receiver.url) })).status, 403, 'the new role applies to a live session');
    await call(herald, `/api/v1/users/${bob.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { disabled: true } });
    assert.equal((await call(herald, '/api/v1/session', { cookie: second.cookie })).status, 401);
    await assert.rejects(login(herald, bob.name, 'bobs-new-password-1'), /401/, 'a disabled user cannot sign in');
  });

  it('marks the cookie Secure when Herald serves TLS', async () => {
    const tls = selfSignedCert();
    const secure = await startTestHerald({ server: { host: '127.0.0.1', port: 0, bodyLimitBytes: 1 << 20, tls: { certFile: tls.certFile, keyFile: tls.keyFile } } });
    try {
      const { Agent, request } = await import('undici');
      const res = await request(`${secure.url}/api/v1/session`, {
        method: 'POST', dispatcher: new Agent({ connect: { ca: tls.cert } }),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: secure.firstRun!.password }),
      });
      assert.equal(res.statusCode, 200);
      const setCookie = String(res.headers['set-cookie']);
      assert.ok(setCookie.split(';').map((a) => a.trim()).includes('Secure'), setCookie);
      await res.body.dump();
    } finally {
      await secure.close();
    }
  });
});
