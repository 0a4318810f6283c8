import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { call, login, userWithToken, WEBHOOK } from './support.ts';

/**
 * Roles over real HTTP: nobody gets in without credentials; viewers read
 * and are refused every change; ops manage webhooks but not users; admins
 * do everything. A token never does more than its owner may now.
 */
describe('access control: roles', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  let viewer: Awaited<ReturnType<typeof userWithToken>>;
  let ops: Awaited<ReturnType<typeof userWithToken>>;
  let webhookId: string;
  let deliveryId: string;

  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
    viewer = await userWithToken(herald, 'viewer');
    ops = await userWithToken(herald, 'ops');
    const wh = await call(herald, '/api/v1/webhooks', { token: ADMIN_TOKEN, body: WEBHOOK(receiver.url, 'existing') });
    assert.equal(wh.status, 201, JSON.stringify(wh.body));
    webhookId = wh.body.id;
    const tested = await call(herald, `/api/v1/webhooks/${webhookId}/test`, { token: ADMIN_TOKEN, method: 'POST' });
    deliveryId = tested.body.delivery.id;
    await eventually(async () => ((await call(herald, `/api/v1/deliveries/${deliveryId}`, { token: ADMIN_TOKEN })).body.status === 'succeeded' ? true : undefined));
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('answers 401 without credentials, with a wrong token, and does not let a cookie rescue a wrong token', async () => {
    for (const path of ['/api/v1/webhooks', '/api/v1/users', '/api/v1/tokens', '/api/v1/audit', '/api/v1/events', `/api/v1/deliveries/${deliveryId}`]) {
      const none = await call(herald, path);
      assert.equal(none.status, 401, path);
      assert.equal(none.body.error.code, 'UNAUTHENTICATED');
      assert.equal((await call(herald, path, { token: 'hrd_not-a-real-token' })).status, 401, path);
    }
    assert.equal((await call(herald, '/api/v1/webhooks', { body: WEBHOOK(receiver.url) })).status, 401);
    const { cookie } = await login(herald, ops.name, ops.password);
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie })).status, 200, 'the cookie alone works');
    assert.equal((await call(herald, '/api/v1/webhooks', { cookie, token: 'wrong' })).status, 401);
  });

  it('lets a viewer read webhooks, deliveries, events and platforms', async () => {
    for (const path of ['/api/v1/webhooks', `/api/v1/webhooks/${webhookId}`, `/api/v1/webhooks/${webhookId}/deliveries`,
      `/api/v1/deliveries/${deliveryId}`, '/api/v1/events', '/api/v1/platforms', '/api/v1/session', '/api/v1/tokens']) {
      const res = await call(herald, path, { token: viewer.token });
      assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
    }
    assert.equal((await call(herald, '/api/v1/session', { token: viewer.token })).body.user.role, 'viewer');
  });

  it('refuses a viewer every change: create, update, delete, test, redeliver, recover, events, users, audit', async () => {
    const refused: Array<[string, string, unknown?]> = [
      ['POST', '/api/v1/webhooks', WEBHOOK(receiver.url)],
      ['PUT', `/api/v1/webhooks/${webhookId}`, { enabled: false }],
      ['DELETE', `/api/v1/webhooks/${webhookId}`],
      ['POST', `/api/v1/webhooks/${webhookId}/test`],
      ['POST', `/api/v1/deliveries/${deliveryId}/redeliver`],
      ['POST', `/api/v1/webhooks/${webhookId}/recover`, { since: new Date(0).toISOString() }],
      ['POST', '/api/v1/events', { event: 'create', source: 'api', cluster: 'c', namespace: 'n', resource: 'Pod', name: 'p' }],
      ['GET', '/api/v1/users'],
      ['POST', '/api/v1/users', { name: 'mallory', password: 'mallory-password', role: 'admin' }],
      ['PUT', `/api/v1/users/${viewer.id}`, { role: 'admin' }],
      ['DELETE', `/api/v1/users/${ops.id}`],
      ['GET', '/api/v1/audit'],
    ];
    const attemptsBefore = (await call(herald, `/api/v1/deliveries/${deliveryId}`, { token: ADMIN_TOKEN })).body.attempts;
    for (const [method, path, body] of refused) {
      const res = await call(herald, path, { method, token: viewer.token, body });
      assert.equal(res.status, 403, `${method} ${path}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'FORBIDDEN');
    }
    // Nothing happened.
    const wh = await call(herald, `/api/v1/webhooks/${webhookId}`, { token: ADMIN_TOKEN });
    assert.equal(wh.status, 200);
    assert.equal(wh.body.enabled, true);
    const d = (await call(herald, `/api/v1/deliveries/${deliveryId}`, { token: ADMIN_TOKEN })).body;
    assert.equal(d.status, 'succeeded');
    assert.equal(d.attempts, attemptsBefore);
    const users = (await call(herald, '/api/v1/users', { token: ADMIN_TOKEN })).body.items.map((u: any) => `${u.name}:${u.role}`);
    assert.ok(!users.some((u: string) => u.startsWith('mallory')));
    assert.ok(users.includes(`${viewer.name}:viewer`));
    assert.ok(users.includes(`${ops.name}:ops`));
  });

  it('lets ops create, update, test, redeliver, recover and delete webhooks', async () => {
    const created = await call(herald, '/api/v1/webhooks', { token: ops.token, body: WEBHOOK(receiver.url) });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id;
    assert.equal((await call(herald, `/api/v1/webhooks/${id}`, { token: ops.token, method: 'PUT', body: { timeoutSeconds: 5 } })).status, 200);
    const tested = await call(herald, `/api/v1/webhooks/${id}/test`, { token: ops.token, method: 'POST' });
    assert.equal(tested.status, 200);
    assert.equal(tested.body.ok, true);
    const redelivered = await call(herald, `/api/v1/deliveries/${tested.body.delivery.id}/redeliver`, { token: ops.token, method: 'POST' });
    assert.equal(redelivered.status, 200, JSON.stringify(redelivered.body));
    const recovered = await call(herald, `/api/v1/webhooks/${id}/recover`, { token: ops.token, body: { since: new Date(0).toISOString() } });
    assert.equal(recovered.status, 200);
    assert.equal((await call(herald, `/api/v1/webhooks/${id}`, { token: ops.token, method: 'DELETE' })).status, 204);
    assert.equal((await call(herald, '/api/v1/audit', { token: ops.token })).status, 200, 'ops read the audit log');
  });

  it('refuses ops the users API and recording events', async () => {
    assert.equal((await call(herald, '/api/v1/users', { token: ops.token })).status, 403);
    assert.equal((await call(herald, '/api/v1/users', { token: ops.token, body: { name: 'sneaky', password: 'sneaky-password-1', role: 'admin' } })).status, 403);
    assert.equal((await call(herald, `/api/v1/users/${ops.id}`, { token: ops.token, method: 'PUT', body: { role: 'admin' } })).status, 403);
    const ev = await call(herald, '/api/v1/events', { token: ops.token, body: { event: 'create', source: 'api', cluster: 'c', namespace: 'n', resource: 'Pod', name: 'p' } });
    assert.equal(ev.status, 403);
    assert.equal((await call(herald, '/api/v1/session', { token: ops.token })).body.user.role, 'ops');
  });

  it('caps a token at its maker\'s role, and at the owner\'s current role; disabling or revoking ends it', async () => {
    const asked = await call(herald, '/api/v1/tokens', { token: viewer.token, body: { name: 'escalate', role: 'admin' } });
    assert.equal(asked.status, 403);
    assert.equal(asked.body.error.field, 'role');

    const carol = await userWithToken(herald, 'admin');
    assert.equal((await call(herald, '/api/v1/users', { token: carol.token })).status, 200);
    await call(herald, `/api/v1/users/${carol.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'viewer' } });
    assert.equal((await call(herald, '/api/v1/users', { token: carol.token })).status, 403, 'an admin token of a demoted user is a viewer token');
    assert.equal((await call(herald, '/api/v1/webhooks', { token: carol.token, body: WEBHOOK(receiver.url) })).status, 403);
    assert.equal((await call(herald, '/api/v1/webhooks', { token: carol.token })).status, 200);

    await call(herald, `/api/v1/users/${carol.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { disabled: true } });
    assert.equal((await call(herald, '/api/v1/webhooks', { token: carol.token })).status, 401, 'a disabled user\'s token is refused');

    const dave = await userWithToken(herald, 'ops');
    assert.equal((await call(herald, `/api/v1/tokens/${dave.tokenId}`, { token: viewer.token, method: 'DELETE' })).status, 404, 'not someone else\'s token');
    assert.equal((await call(herald, '/api/v1/webhooks', { token: dave.token })).status, 200);
    assert.equal((await call(herald, `/api/v1/tokens/${dave.tokenId}`, { token: dave.token, method: 'DELETE' })).status, 204);
    assert.equal((await call(herald, '/api/v1/webhooks', { token: dave.token })).status, 401, 'a revoked token is refused');
  });

  it('lists your own tokens (admins see all) without ever showing a token again', async () => {
    const mine = await call(herald, '/api/v1/tokens', { token: viewer.token });
    assert.deepEqual(mine.body.items.map((t: any) => t.id), [viewer.tokenId]);
    assert.equal(mine.body.items[0].owner.name, viewer.name);
    assert.equal(mine.body.items[0].prefix, viewer.token.slice(0, 8));
    const all = await call(herald, '/api/v1/tokens', { token: ADMIN_TOKEN });
    assert.ok(all.body.items.some((t: any) => t.id === ops.tokenId));
    assert.doesNotMatch(JSON.stringify([mine.body, all.body]), new RegExp(`${viewer.token}|${ops.token}`));
    assert.doesNotMatch(JSON.stringify(all.body), /"hash"/);
  });

  it('answers bad token and user input with 400 naming the field', async () => {
    const cases: Array<[string, unknown, string]> = [
      ['/api/v1/tokens', { name: '' }, 'name'],
      ['/api/v1/tokens', { name: 'x', role: 'root' }, 'role'],
      ['/api/v1/tokens', { name: 'x', expiresInDays: 0 }, 'expiresInDays'],
      ['/api/v1/users', { name: 'ok-name', password: 'short', role: 'viewer' }, 'password'],
      ['/api/v1/users', { name: 'has space', password: 'long-enough-password', role: 'viewer' }, 'name'],
      ['/api/v1/users', { name: 'fine', password: 'long-enough-password', role: 'superuser' }, 'role'],
    ];
    for (const [path, body, field] of cases) {
      const res = await call(herald, path, { token: ADMIN_TOKEN, body });
      assert.equal(res.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.field, field);
    }
    const dup = await call(herald, '/api/v1/users', { token: ADMIN_TOKEN, body: { name: viewer.name, password: 'long-enough-password', role: 'viewer' } });
    assert.equal(dup.status, 409);
    assert.equal(dup.body.error.field, 'name');
  });
});
