import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AccountAuthenticator } from '../../../src/api/auth/account-authenticator.ts';
import { newApiToken, sha256Hex } from '../../../src/api/auth/credentials.ts';
import type { AccountStore } from '../../../src/app/ports/account-repository.ts';
import { SqliteAccountStore } from '../../../src/store/sqlite/sqlite-accounts.ts';
import { token, user } from '../../store/accounts.case.ts';

/**
 * The API token cache (src/api/auth/token-cache.ts) over a real SQLite
 * account store: known tokens skip the store, and every way a token loses
 * its power takes effect on the very next request.
 */
describe('API token cache', () => {
  const stores: SqliteAccountStore[] = [];
  after(async () => { for (const s of stores) await s.close(); });
  const HOUR = 3600_000;

  /** A store counting token and user reads, an authenticator caching over it, and the accounts to write through. */
  function setup(cacheTokens = true) {
    const raw = new SqliteAccountStore({ path: ':memory:' });
    stores.push(raw);
    const reads = { n: 0 };
    let gate: Promise<void> | undefined;
    const counted = new Proxy(raw, {
      get: (target, key) => {
        const value = Reflect.get(target, key, target) as unknown;
        if (typeof value !== 'function') return value;
        if (key === 'getTokenByHash') return async (...args: unknown[]) => { reads.n++; return value.apply(target, args); };
        // A read held until the test opens the gate: a lookup in flight while a revocation commits.
        if (key === 'getUser') return async (...args: unknown[]) => { const r = await value.apply(target, args); await gate; return r; };
        return value.bind(target);
      },
    }) as AccountStore;
    let now = 1_700_000_000_000;
    const auth = new AccountAuthenticator({ accounts: counted, now: () => now, cacheTokens });
    return {
      raw, auth, reads, accounts: auth.revokingThrough(raw),
      advance: (ms: number) => { now += ms; },
      now: () => now,
      hold: () => { let open!: () => void; gate = new Promise<void>((r) => { open = r; }); return () => { gate = undefined; open(); }; },
    };
  }

  async function ownedToken(accounts: AccountStore, name: string, extra: Parameters<typeof token>[2] = {}) {
    const owner = user(name, 'admin');
    await accounts.createUser(owner);
    const secret = newApiToken();
    const t = token(`${name}-token`, owner.id, { hash: sha256Hex(secret), role: 'admin', ...extra });
    await accounts.createToken(t);
    return { owner, t, bearer: `Bearer ${secret}` };
  }

  it('reads a known token from the store once, then answers from memory with the same principal', async () => {
    const { auth, accounts, reads } = setup();
    const { owner, t, bearer } = await ownedToken(accounts, 'cached');
    const first = await auth.authenticate(bearer, undefined);
    assert.deepEqual(first, { id: owner.id, name: 'cached', role: 'admin', via: 'token', userId: owner.id, tokenId: t.id });
    for (let i = 0; i < 5; i++) assert.deepEqual(await auth.authenticate(bearer, undefined), first);
    assert.equal(reads.n, 1);
    assert.equal(await auth.authenticate('Bearer hrd_unknown', undefined), undefined);
    assert.equal(await auth.authenticate('Bearer hrd_unknown', undefined), undefined);
    assert.equal(reads.n, 3, 'an unknown token is never kept: each try reads the store');
  });

  it('refuses a deleted token, a disabled, demoted or deleted owner on the next request', async () => {
    const { auth, accounts } = setup();
    const deleted = await ownedToken(accounts, 'deleted');
    const disabled = await ownedToken(accounts, 'disabled');
    const demoted = await ownedToken(accounts, 'demoted');
    const gone = await ownedToken(accounts, 'gone');
    for (const x of [deleted, disabled, demoted, gone]) assert.ok(await auth.authenticate(x.bearer, undefined));

    assert.equal(await accounts.deleteToken(deleted.t.id), true);
    assert.equal(await auth.authenticate(deleted.bearer, undefined), undefined, 'deleted token');
    await accounts.updateUser(disabled.owner.id, { disabled: true }, 2);
    assert.equal(await auth.authenticate(disabled.bearer, undefined), undefined, 'disabled owner');
    await accounts.updateUser(demoted.owner.id, { role: 'viewer' }, 2);
    assert.equal((await auth.authenticate(demoted.bearer, undefined))?.role, 'viewer', 'the owner\'s new role caps the token');
    assert.equal(await accounts.deleteUser(gone.owner.id), 'deleted');
    assert.equal(await auth.authenticate(gone.bearer, undefined), undefined, 'deleted owner');
  });

  it('refuses a cached token from the millisecond it expires', async () => {
    const { auth, accounts, advance, now } = setup();
    const { bearer } = await ownedToken(accounts, 'expiring', { expiresAt: now() + HOUR });
    assert.ok(await auth.authenticate(bearer, undefined));
    advance(HOUR - 1);
    assert.ok(await auth.authenticate(bearer, undefined), 'still valid one ms before');
    advance(1);
    assert.equal(await auth.authenticate(bearer, undefined), undefined);
  });

  it('does not keep what a lookup read before a revocation that committed while it was in flight', async () => {
    const { auth, accounts, reads, hold } = setup();
    const { t, bearer } = await ownedToken(accounts, 'racing');
    const open = hold();
    const lookup = auth.authenticate(bearer, undefined); // has read the token, waits in getUser
    await new Promise((r) => setImmediate(r));
    assert.equal(reads.n, 1);
    assert.equal(await accounts.deleteToken(t.id), true);
    open();
    assert.ok(await lookup, 'the request that started before the revocation may pass');
    assert.equal(await auth.authenticate(bearer, undefined), undefined, 'but nothing it read was kept');
  });

  it('keeps no token without the cache: a write straight to the store takes effect at once', async () => {
    const { auth, raw, reads } = setup(false);
    const { t, bearer } = await ownedToken(raw, 'uncached');
    assert.equal(auth.revokingThrough(raw), raw, 'nothing to empty, so the store itself');
    assert.ok(await auth.authenticate(bearer, undefined));
    assert.ok(await auth.authenticate(bearer, undefined));
    assert.equal(reads.n, 2);
    await raw.deleteToken(t.id);
    assert.equal(await auth.authenticate(bearer, undefined), undefined);
  });

  it('records a cached token\'s use at most once a minute', async () => {
    const { auth, accounts, raw, advance } = setup();
    const { t, bearer } = await ownedToken(accounts, 'touched');
    const start = (await raw.getToken(t.id))!.lastUsedAt;
    await auth.authenticate(bearer, undefined);
    const first = (await raw.getToken(t.id))!.lastUsedAt;
    assert.notEqual(first, start);
    advance(59_000);
    await auth.authenticate(bearer, undefined);
    assert.equal((await raw.getToken(t.id))!.lastUsedAt, first, 'within the minute: not written');
    advance(1000);
    await auth.authenticate(bearer, undefined);
    assert.equal((await raw.getToken(t.id))!.lastUsedAt, first! + 60_000);
  });
});
