import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { newId } from '../../src/core/ids.ts';
import type { AccountStore, ApiToken, Role, User } from '../../src/store/accounts.ts';

/**
 * The AccountStore conformance suite: every implementation (SQLite,
 * PostgreSQL) runs these same cases. `open` gives a fresh, empty store.
 */
export interface AccountStoreFactory {
  open(): Promise<AccountStore>;
  /** Drops whatever open() made (files, schemas). */
  cleanup(): Promise<void>;
}

const T0 = 1_700_000_000_000;

export function user(name: string, role: Role = 'viewer', extra: Partial<User> = {}): User {
  return { id: newId('usr'), name, role, passwordHash: `scrypt$fake$${name}`, disabled: false, createdAt: T0, updatedAt: T0, ...extra };
}

export function token(name: string, userId: string | null, extra: Partial<ApiToken> = {}): ApiToken {
  return {
    id: newId('tok'), name, userId, role: 'viewer', hash: `hash-${name}-${Math.random()}`, prefix: 'hrd_abcd',
    createdAt: T0, lastUsedAt: null, expiresAt: null, ...extra,
  };
}

export function runAccountStoreCases(label: string, factory: AccountStoreFactory): void {
  describe(`AccountStore conformance: ${label}`, () => {
    const opened: AccountStore[] = [];
    const fresh = async () => { const s = await factory.open(); opened.push(s); return s; };
    after(async () => {
      for (const s of opened) await s.close();
      await factory.cleanup();
    });

    it('creates, reads and lists users, and refuses a duplicate name with CONFLICT on name', async () => {
      const s = await fresh();
      assert.equal(await s.countUsers(), 0);
      const bob = user('bob', 'ops');
      await s.createUser(bob);
      await s.createUser(user('alice', 'admin'));
      assert.equal(await s.countUsers(), 2);
      assert.deepEqual(await s.getUser(bob.id), bob);
      assert.deepEqual(await s.getUserByName('bob'), bob);
      assert.equal(await s.getUserByName('nobody'), undefined);
      assert.deepEqual((await s.listUsers()).map((u) => u.name), ['alice', 'bob']);
      await assert.rejects(s.createUser(user('bob')), (err: any) => err.code === 'CONFLICT' && err.field === 'name');
    });

    it('changes role, password and disabled, but never demotes, disables or deletes the last enabled admin', async () => {
      const s = await fresh();
      const root = user('root', 'admin');
      const ops = user('ops', 'ops');
      await s.createUser(root);
      await s.createUser(ops);
      assert.equal(await s.updateUser(root.id, { role: 'ops' }, T0 + 1), 'last-admin');
      assert.equal(await s.updateUser(root.id, { disabled: true }, T0 + 1), 'last-admin');
      assert.equal(await s.deleteUser(root.id), 'last-admin');
      assert.equal((await s.getUser(root.id))!.role, 'admin', 'unchanged after a refusal');
      const changed = await s.updateUser(root.id, { passwordHash: 'scrypt$new' }, T0 + 2);
      assert.equal(typeof changed === 'object' && changed.passwordHash, 'scrypt$new', 'an admin may still change their password');

      const promoted = await s.updateUser(ops.id, { role: 'admin' }, T0 + 3);
      assert.equal(typeof promoted === 'object' && promoted.role, 'admin');
      assert.equal((promoted as User).updatedAt, T0 + 3);
      const demoted = await s.updateUser(root.id, { role: 'viewer', disabled: true }, T0 + 4);
      assert.deepEqual([(demoted as User).role, (demoted as User).disabled], ['viewer', true]);
      assert.deepEqual(await s.getUser(root.id), demoted);
      // A disabled admin does not count: `ops` is now the only enabled one.
      await s.updateUser(root.id, { role: 'admin' }, T0 + 5);
      assert.equal(await s.deleteUser(ops.id), 'last-admin');
      assert.equal(await s.updateUser('usr_missing', { role: 'ops' }, T0), 'not-found');
      assert.equal(await s.deleteUser('usr_missing'), 'not-found');
    });

    it('keeps one enabled admin however many admins are demoted or deleted at once', async () => {
      const s = await fresh();
      // Rounds of four admins all removed at once; the store must refuse exactly the last one each time.
      for (let round = 0; round < 5; round++) {
        const admins = [0, 1, 2, 3].map((i) => user(`r${round}-admin${i}`, 'admin'));
        for (const a of admins) await s.createUser(a);
        for (const u of await s.listUsers()) if (!admins.some((a) => a.id === u.id)) await s.updateUser(u.id, { role: 'viewer' }, T0);
        const results = await Promise.all(admins.map((a, i) => (i % 2 === 0 ? s.deleteUser(a.id) : s.updateUser(a.id, { disabled: true }, T0))));
        assert.equal(results.filter((r) => r === 'last-admin').length, 1, JSON.stringify(results));
        assert.equal((await s.listUsers()).filter((u) => u.role === 'admin' && !u.disabled).length, 1);
      }
    });

    it('deleting a user deletes their tokens and sessions', async () => {
      const s = await fresh();
      await s.createUser(user('keep', 'admin'));
      const gone = user('gone', 'ops');
      await s.createUser(gone);
      const t = token('ci', gone.id);
      await s.createToken(t);
      await s.createSession({ hash: 'sess-gone', userId: gone.id, createdAt: T0, expiresAt: T0 + 1000, lastSeenAt: T0 });
      assert.equal(await s.deleteUser(gone.id), 'deleted');
      assert.equal(await s.getUser(gone.id), undefined);
      assert.equal(await s.getTokenByHash(t.hash), undefined);
      assert.equal(await s.getSession('sess-gone'), undefined);
    });

    it('stores tokens by hash, lists them newest first per owner, touches and deletes them', async () => {
      const s = await fresh();
      const u = user('tina', 'ops');
      await s.createUser(u);
      const first = token('first', u.id, { id: newId('tok', T0), role: 'ops', expiresAt: T0 + 5000 });
      const second = token('second', u.id, { id: newId('tok', T0 + 10) });
      const ownerless = token('bootstrap-made', null, { id: newId('tok', T0 + 20), role: 'admin' });
      for (const t of [first, second, ownerless]) await s.createToken(t);
      assert.deepEqual(await s.getTokenByHash(first.hash), first);
      assert.deepEqual(await s.getToken(ownerless.id), ownerless);
      assert.equal(await s.getTokenByHash('nope'), undefined);
      assert.deepEqual((await s.listTokens(u.id)).map((t) => t.name), ['second', 'first']);
      assert.deepEqual((await s.listTokens(null)).map((t) => t.name), ['bootstrap-made']);
      assert.deepEqual((await s.listTokens()).map((t) => t.name), ['bootstrap-made', 'second', 'first']);
      await s.touchToken(first.id, T0 + 99);
      assert.equal((await s.getToken(first.id))!.lastUsedAt, T0 + 99);
      assert.equal(await s.deleteToken(first.id), true);
      assert.equal(await s.deleteToken(first.id), false);
      assert.equal(await s.getTokenByHash(first.hash), undefined);
    });

    it('keeps sessions by hash: slides, deletes one, all of a user\'s, and the expired', async () => {
      const s = await fresh();
      const u = user('sam', 'viewer');
      await s.createUser(u);
      await s.createSession({ hash: 'h1', userId: u.id, createdAt: T0, expiresAt: T0 + 100, lastSeenAt: T0 });
      await s.createSession({ hash: 'h2', userId: u.id, createdAt: T0, expiresAt: T0 + 200, lastSeenAt: T0 });
      await s.createSession({ hash: 'h3', userId: u.id, createdAt: T0, expiresAt: T0 + 300, lastSeenAt: T0 });
      assert.deepEqual(await s.getSession('h1'), { hash: 'h1', userId: u.id, createdAt: T0, expiresAt: T0 + 100, lastSeenAt: T0 });
      assert.equal(await s.touchSession('h1', T0 + 1000, T0 + 50), true);
      assert.deepEqual(await s.getSession('h1'), { hash: 'h1', userId: u.id, createdAt: T0, expiresAt: T0 + 1000, lastSeenAt: T0 + 50 });
      assert.equal(await s.touchSession('missing', T0, T0), false);
      assert.equal(await s.deleteExpiredSessions(T0 + 200), 1, 'h2 expired at T0+200');
      assert.equal(await s.getSession('h2'), undefined);
      assert.equal(await s.deleteSession('h3'), true);
      assert.equal(await s.deleteSession('h3'), false);
      assert.equal(await s.deleteUserSessions(u.id), 1);
      assert.equal(await s.getSession('h1'), undefined);
    });

    it('appends audit entries and pages them newest first with a cursor', async () => {
      const s = await fresh();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const id = newId('aud', T0 + i);
        ids.push(id);
        await s.appendAudit({
          id, at: T0 + i, actor: { id: i === 0 ? null : 'usr_x', name: `actor${i}` }, action: 'webhook.update',
          target: { type: 'webhook', id: i === 0 ? null : `wh_${i}`, name: i === 0 ? null : `hook${i}` }, summary: `change ${i}`,
        });
      }
      const page1 = await s.listAudit(undefined, 2);
      assert.deepEqual(page1.items.map((e) => e.summary), ['change 4', 'change 3']);
      assert.equal(page1.nextCursor, ids[3]);
      assert.deepEqual(page1.items[0], {
        id: ids[4], at: T0 + 4, actor: { id: 'usr_x', name: 'actor4' }, action: 'webhook.update',
        target: { type: 'webhook', id: 'wh_4', name: 'hook4' }, summary: 'change 4',
      });
      const page2 = await s.listAudit(page1.nextCursor!, 2);
      assert.deepEqual(page2.items.map((e) => e.summary), ['change 2', 'change 1']);
      const page3 = await s.listAudit(page2.nextCursor!, 2);
      assert.deepEqual(page3.items.map((e) => e.summary), ['change 0']);
      assert.equal(page3.nextCursor, null);
      assert.deepEqual(page3.items[0]!.actor, { id: null, name: 'actor0' });
      assert.deepEqual(page3.items[0]!.target, { type: 'webhook', id: null, name: null });
    });

    it('narrows the audit log by actor, action, target type and time, and pages what it narrowed', async () => {
      const s = await fresh();
      const entries = [
        ['jane', 'webhook.create', 'webhook'], ['bob', 'user.create', 'user'], ['jane', 'webhook.update', 'webhook'],
        ['jane', 'user.update', 'user'], ['bob', 'session.login', 'session'],
      ] as const;
      for (const [i, [actor, action, type]] of entries.entries()) {
        await s.appendAudit({
          id: newId('aud', T0 + i * 1000), at: T0 + i * 1000, actor: { id: null, name: actor }, action,
          target: { type, id: null, name: null }, summary: `entry ${i}`,
        });
      }
      const summaries = async (q: Parameters<AccountStore['listAudit']>[2], limit = 10, cursor?: string) =>
        (await s.listAudit(cursor, limit, q)).items.map((e) => e.summary);
      assert.deepEqual(await summaries({ actor: 'jane' }), ['entry 3', 'entry 2', 'entry 0']);
      assert.deepEqual(await summaries({ actor: 'Jane' }), [], 'the actor is an exact name');
      assert.deepEqual(await summaries({ action: 'user.create' }), ['entry 1']);
      assert.deepEqual(await summaries({ targetType: 'user', actor: 'jane' }), ['entry 3']);
      assert.deepEqual(await summaries({ since: T0 + 1000, until: T0 + 3000 }), ['entry 2', 'entry 1'], 'since inclusive, until exclusive');
      const first = await s.listAudit(undefined, 1, { actor: 'jane' });
      assert.deepEqual(await summaries({ actor: 'jane' }, 5, first.nextCursor!), ['entry 2', 'entry 0']);
    });
  });
}
