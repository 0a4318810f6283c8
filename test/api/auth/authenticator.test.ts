import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AccountAuthenticator } from '../../../src/api/auth/account-authenticator.ts';
import { newApiToken, sha256Hex } from '../../../src/api/auth/credentials.ts';
import { hashPassword, verifyPassword } from '../../../src/api/auth/passwords.ts';
import { SESSION_IDLE_MS, SESSION_MAX_MS } from '../../../src/api/auth/sessions.ts';
import { SqliteAccountStore } from '../../../src/store/sqlite/sqlite-accounts.ts';
import { token, user } from '../../store/accounts.case.ts';

/** The authenticator against a real store with a hand-driven clock: expiry, sliding, caps. */
describe('AccountAuthenticator', () => {
  const accounts = new SqliteAccountStore({ path: ':memory:' });
  after(() => accounts.close());
  let now = 1_700_000_000_000;
  const auth = new AccountAuthenticator({ accounts, adminToken: 'bootstrap-token-0123456789', now: () => now });
  const HOUR = 3600 * 1000;

  it('slides a session 12 h past its last use, ends it after 12 h idle, and after 7 days in any case', async () => {
    const u = user('slider', 'ops');
    await accounts.createUser(u);
    const cookie = (id: string) => `other=1; herald_session=${id}`;
    const id = 'a'.repeat(43);
    await accounts.createSession({ hash: sha256Hex(id), userId: u.id, createdAt: now, expiresAt: now + SESSION_IDLE_MS, lastSeenAt: now });
    assert.equal(SESSION_IDLE_MS, 12 * HOUR);
    for (let i = 0; i < 3; i++) {
      now += 11 * HOUR; // each use within 12 h keeps it alive
      assert.equal((await auth.authenticate(undefined, cookie(id)))?.name, 'slider', `use ${i}`);
    }
    now += 12 * HOUR + 1;
    assert.equal(await auth.authenticate(undefined, cookie(id)), undefined, 'idle too long');
    assert.equal(await accounts.getSession(sha256Hex(id)), undefined, 'and removed');

    const busy = 'b'.repeat(43);
    const start = now;
    await accounts.createSession({ hash: sha256Hex(busy), userId: u.id, createdAt: now, expiresAt: now + SESSION_IDLE_MS, lastSeenAt: now });
    while (now + HOUR < start + SESSION_MAX_MS) {
      now += HOUR;
      assert.ok(await auth.authenticate(undefined, cookie(busy)));
    }
    now = start + SESSION_MAX_MS;
    assert.equal(await auth.authenticate(undefined, cookie(busy)), undefined, 'absolute limit');
  });

  it('resolves the bootstrap token as admin, refuses near misses and expired tokens, and never uses the cookie when a bearer is sent', async () => {
    assert.deepEqual(await auth.authenticate('Bearer bootstrap-token-0123456789', undefined),
      { id: 'bootstrap', name: 'admin-token', role: 'admin', via: 'token', userId: null });
    assert.equal(await auth.authenticate('Bearer bootstrap-token-012345678', undefined), undefined);
    assert.equal(await auth.authenticate('Basic Zm9vOmJhcg==', undefined), undefined);

    const owner = user('owner', 'admin');
    await accounts.createUser(owner);
    const raw = newApiToken();
    assert.match(raw, /^hrd_[A-Za-z0-9_-]{43}$/);
    const t = token('short-lived', owner.id, { hash: sha256Hex(raw), role: 'ops', expiresAt: now + HOUR });
    await accounts.createToken(t);
    assert.deepEqual(await auth.authenticate(`Bearer ${raw}`, undefined),
      { id: owner.id, name: 'owner', role: 'ops', via: 'token', userId: owner.id, tokenId: t.id });
    assert.equal((await accounts.getToken(t.id))!.lastUsedAt, now, 'last use recorded');
    now += HOUR;
    assert.equal(await auth.authenticate(`Bearer ${raw}`, undefined), undefined, 'expired');

    const sid = 'c'.repeat(43);
    await accounts.createSession({ hash: sha256Hex(sid), userId: owner.id, createdAt: now, expiresAt: now + HOUR, lastSeenAt: now });
    assert.equal((await auth.authenticate(undefined, `herald_session=${sid}`))?.via, 'session');
    assert.equal(await auth.authenticate('Bearer wrong', `herald_session=${sid}`), undefined);
  });

  it('hashes passwords with scrypt and a per-user salt, and verifies them', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^scrypt\$32768\$8\$3\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]{44}$/);
    assert.notEqual(a, b, 'a fresh salt each time');
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery stapler', a), false);
    assert.equal(await verifyPassword('anything', 'plain-text-password'), false);
  });
});
