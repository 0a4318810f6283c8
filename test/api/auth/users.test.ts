import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { call, createUser, login, rawDatabase } from './support.ts';

/** /api/v1/users: admins manage users; the last admin and yourself are protected; passwords are hashed at rest. */
describe('access control: users', () => {
  let herald: TestHerald;
  let firstAdminId: string;
  before(async () => {
    herald = await startTestHerald();
    const users = (await call(herald, '/api/v1/users', { token: ADMIN_TOKEN })).body.items;
    firstAdminId = users.find((u: any) => u.name === 'admin').id;
  });
  after(() => herald.close());

  it('creates, lists, changes and deletes a user, never showing a password or its hash', async () => {
    const created = await call(herald, '/api/v1/users', { token: ADMIN_TOKEN, body: { name: 'Erin', password: 'erin-password-42', role: 'viewer' } });
    assert.equal(created.status, 201);
    assert.equal(created.body.name, 'erin', 'names are case-insensitive, stored lower-case');
    assert.deepEqual(Object.keys(created.body).sort(), ['createdAt', 'disabled', 'id', 'name', 'role', 'updatedAt']);
    const changed = await call(herald, `/api/v1/users/${created.body.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'ops' } });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.role, 'ops');
    const listed = await call(herald, '/api/v1/users', { token: ADMIN_TOKEN });
    assert.doesNotMatch(JSON.stringify(listed.body), /erin-password-42|scrypt|passwordHash/);
    assert.equal((await call(herald, `/api/v1/users/${created.body.id}`, { token: ADMIN_TOKEN, method: 'DELETE' })).status, 204);
    assert.equal((await call(herald, `/api/v1/users/${created.body.id}`, { token: ADMIN_TOKEN, method: 'DELETE' })).status, 404);
    assert.equal((await call(herald, '/api/v1/users/usr_nope', { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'ops' } })).status, 404);
  });

  it('stores passwords only as salted scrypt hashes', async () => {
    const u = await createUser(herald, 'viewer', 'hashed-at-rest');
    const stored = await herald.accounts.getUserByName('hashed-at-rest');
    assert.match(stored!.passwordHash, /^scrypt\$/);
    assert.ok(!stored!.passwordHash.includes(u.password));
    assert.ok(!rawDatabase(herald).includes(u.password), 'the password is nowhere in the database file');
    assert.equal((await call(herald, '/api/v1/session', { body: { username: u.name, password: u.password } })).status, 200);
  });

  it('refuses to delete, demote or disable the last admin', async () => {
    for (const [method, body] of [['DELETE', undefined], ['PUT', { role: 'ops' }], ['PUT', { disabled: true }]] as const) {
      const res = await call(herald, `/api/v1/users/${firstAdminId}`, { token: ADMIN_TOKEN, method, body });
      assert.equal(res.status, 409, `${method} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'CONFLICT');
      assert.match(res.body.error.message, /last/);
    }
    const still = (await call(herald, '/api/v1/users', { token: ADMIN_TOKEN })).body.items.find((u: any) => u.id === firstAdminId);
    assert.deepEqual([still.role, still.disabled], ['admin', false]);

    // With a second admin, the first may go.
    const second = await createUser(herald, 'admin', 'second-admin');
    assert.equal((await call(herald, `/api/v1/users/${firstAdminId}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'ops' } })).status, 200);
    assert.equal((await call(herald, `/api/v1/users/${second.id}`, { token: ADMIN_TOKEN, method: 'DELETE' })).status, 409, 'now second-admin is the last');
    await call(herald, `/api/v1/users/${firstAdminId}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'admin' } });
  });

  it('does not let an admin delete or disable themselves', async () => {
    const me = await createUser(herald, 'admin', 'self-aware');
    const { cookie } = await login(herald, me.name, me.password);
    const del = await call(herald, `/api/v1/users/${me.id}`, { cookie, method: 'DELETE' });
    assert.equal(del.status, 409);
    assert.match(del.body.error.message, /yourself/);
    assert.equal((await call(herald, `/api/v1/users/${me.id}`, { cookie, method: 'PUT', body: { disabled: true } })).status, 409);
    assert.equal((await call(herald, `/api/v1/users/${firstAdminId}`, { cookie, method: 'PUT', body: { role: 'admin' } })).status, 200, 'but may manage others');
  });
});
