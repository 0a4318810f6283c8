import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, eventually, startTestHerald, type TestHerald } from '../../support/herald.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { call, createUser, login, rawDatabase, userWithToken, WEBHOOK } from './support.ts';

const SECRETS = /whsec-signing-secret-value|receiver-basic-password|path-secret-XYZ|new-signing-secret-2|-password-123|hrd_/;

/** The audit log over real HTTP: who, what, when and target for every change, and never a secret. */
describe('access control: audit log', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
  });
  after(async () => { await herald.close(); await receiver.close(); });

  const entries = async (limit = 500) => (await call(herald, `/api/v1/audit?limit=${limit}`, { token: ADMIN_TOKEN })).body.items as any[];

  it('records who created, updated, tested, recovered, redelivered and deleted a webhook, and when, with no secret', async () => {
    const ops = await userWithToken(herald, 'ops');
    const t0 = Date.now();
    const created = await call(herald, '/api/v1/webhooks', { token: ops.token, body: WEBHOOK(receiver.url, 'audited') });
    const id = created.body.id;
    await call(herald, `/api/v1/webhooks/${id}`, { token: ops.token, method: 'PUT', body: { secret: 'new-signing-secret-2', enabled: false } });
    await call(herald, `/api/v1/webhooks/${id}`, { token: ops.token, method: 'PUT', body: { enabled: true } });
    const tested = await call(herald, `/api/v1/webhooks/${id}/test`, { token: ops.token, method: 'POST' });
    const dlv = tested.body.delivery.id;
    await eventually(async () => ((await call(herald, `/api/v1/deliveries/${dlv}`, { token: ops.token })).body.status === 'succeeded' ? true : undefined));
    await call(herald, `/api/v1/deliveries/${dlv}/redeliver`, { token: ops.token, method: 'POST' });
    await call(herald, `/api/v1/webhooks/${id}/recover`, { token: ops.token, body: { since: '2020-01-01T00:00:00Z' } });
    assert.equal((await call(herald, `/api/v1/webhooks/${id}`, { token: ops.token, method: 'DELETE' })).status, 204);
    const t1 = Date.now();

    const log = (await entries()).filter((e) => e.target.id === id || e.target.id === dlv).reverse();
    assert.deepEqual(log.map((e) => e.action), [
      'webhook.create', 'webhook.update', 'webhook.update', 'webhook.test', 'delivery.redeliver', 'webhook.recover', 'webhook.delete',
    ]);
    for (const e of log) {
      assert.deepEqual(e.actor, { id: ops.id, name: ops.name }, `${e.action} names who`);
      const at = Date.parse(e.at);
      assert.ok(at >= t0 - 1000 && at <= t1 + 1000, `${e.action} says when: ${e.at}`);
      assert.match(e.id, /^aud_/);
    }
    const [create, update] = log;
    assert.deepEqual(create.target, { type: 'webhook', id, name: 'audited' });
    assert.equal(create.summary, `created custom webhook to ${new URL(receiver.url).origin}`);
    assert.equal(update.summary, 'changed enabled, secret', 'the names of changed fields, not their values');
    assert.deepEqual(log[6].target, { type: 'webhook', id, name: 'audited' }, 'a deleted webhook keeps its name in the log');
    assert.doesNotMatch(JSON.stringify(log), SECRETS);
  });

  it('records sign-ins that succeed and fail, without echoing an unknown username', async () => {
    const u = await createUser(herald, 'viewer', 'logger');
    await login(herald, u.name, u.password);
    await call(herald, '/api/v1/session', { body: { username: u.name, password: 'wrong-password-x' } });
    await call(herald, '/api/v1/session', { body: { username: 'my-password-typed-here', password: 'whatever' } });
    const log = (await entries(20)).filter((e) => e.action.startsWith('session.'));
    const [unknown, wrong, ok] = log;
    assert.equal(ok.action, 'session.login');
    assert.deepEqual(ok.actor, { id: u.id, name: 'logger' });
    assert.match(ok.summary, /^signed in from 127\.0\.0\.1/);
    assert.equal(wrong.action, 'session.login_failed');
    assert.deepEqual(wrong.target, { type: 'user', id: u.id, name: 'logger' });
    assert.match(wrong.summary, /wrong password/);
    assert.equal(unknown.action, 'session.login_failed');
    assert.deepEqual(unknown.actor, { id: null, name: '(unknown user)' });
    assert.doesNotMatch(JSON.stringify(log), /my-password-typed-here|wrong-password-x|whatever/);
  });

  it('records user and token changes without passwords or tokens', async () => {
    const made = await userWithToken(herald, 'ops');
    await call(herald, `/api/v1/users/${made.id}`, { token: ADMIN_TOKEN, method: 'PUT', body: { role: 'viewer', password: 'replacement-password-9' } });
    await call(herald, `/api/v1/tokens/${made.tokenId}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    await call(herald, `/api/v1/users/${made.id}`, { token: ADMIN_TOKEN, method: 'DELETE' });
    const log = (await entries(50)).filter((e) => e.target.id === made.id || e.target.id === made.tokenId).reverse();
    assert.deepEqual(log.map((e) => `${e.action} by ${e.actor.name}`), [
      'user.create by admin-token', 'session.login by ' + made.name, `token.create by ${made.name}`,
      'user.update by admin-token', 'token.delete by admin-token', 'user.delete by admin-token',
    ]);
    assert.equal(log[3].summary, 'role ops -> viewer; password changed');
    assert.match(log[2].summary, /^created token hrd_.{4}… with role ops$/);
    const all = JSON.stringify(log);
    assert.ok(!all.includes(made.token) && !all.includes(made.token.slice(0, 12)), 'no more of the token than its 8-character prefix');
    assert.doesNotMatch(all, /replacement-password-9|-password-123/);
    assert.doesNotMatch(rawDatabase(herald), /replacement-password-9/);
  });

  it('pages newest first with a cursor, for admins and ops but not viewers', async () => {
    const first = await call(herald, '/api/v1/audit?limit=2', { token: ADMIN_TOKEN });
    assert.equal(first.body.items.length, 2);
    assert.ok(first.body.items[0].id > first.body.items[1].id);
    const next = await call(herald, `/api/v1/audit?limit=2&cursor=${first.body.nextCursor}`, { token: ADMIN_TOKEN });
    assert.ok(next.body.items[0].id < first.body.items[1].id);
    assert.equal((await call(herald, '/api/v1/audit?limit=0', { token: ADMIN_TOKEN })).body.error.field, 'limit');
    const viewer = await userWithToken(herald, 'viewer');
    assert.equal((await call(herald, '/api/v1/audit', { token: viewer.token })).status, 403);
  });

  it('filters by actor, action, target type and time on the server, and names a bad filter', async () => {
    const ops = await userWithToken(herald, 'ops');
    const before = new Date().toISOString();
    const created = await call(herald, '/api/v1/webhooks', { token: ops.token, body: WEBHOOK(receiver.url, 'filtered') });
    await call(herald, `/api/v1/webhooks/${created.body.id}`, { token: ops.token, method: 'PUT', body: { enabled: false } });
    const list = async (query: string) => {
      const r = await call(herald, `/api/v1/audit?${query}`, { token: ADMIN_TOKEN });
      assert.equal(r.status, 200, JSON.stringify(r.body));
      return (r.body.items as any[]).map((e) => `${e.actor.name} ${e.action}`);
    };
    assert.deepEqual(await list(`actor=${ops.name}&target=webhook`), [`${ops.name} webhook.update`, `${ops.name} webhook.create`]);
    assert.ok((await list(`actor=${ops.name}`)).includes(`${ops.name} session.login`), 'their sign-in too');
    assert.deepEqual(await list(`actor=${ops.name}&action=webhook.create`), [`${ops.name} webhook.create`]);
    assert.deepEqual(await list(`actor=${ops.name}&target=silence`), []);
    assert.deepEqual(await list(`since=${encodeURIComponent(before)}&target=webhook`), [`${ops.name} webhook.update`, `${ops.name} webhook.create`]);
    assert.deepEqual(await list(`until=${encodeURIComponent(before)}&actor=${ops.name}&target=webhook`), []);
    for (const [query, field] of [['action=webhook.explode', 'action'], ['target=cluster', 'target'], ['since=last-week', 'since'], ['until=0', 'until']]) {
      const r = await call(herald, `/api/v1/audit?${query}`, { token: ADMIN_TOKEN });
      assert.equal(r.status, 400, query);
      assert.equal(r.body.error.field, field, query);
    }
  });
});
