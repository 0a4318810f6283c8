import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/** PUT /api/v1/users/me/password: any role changes its own password, proving the current one. */
describe('changing one\'s own password', () => {
  let herald: TestHerald;
  let token = '';
  before(async () => {
    herald = await startTestHerald();
    assert.equal((await herald.api('/api/v1/users', { body: { name: 'val', password: 'val-password-1234', role: 'viewer' } })).status, 201);
    const signIn = await fetch(`${herald.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'val', password: 'val-password-1234' }),
    });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
    const made = await fetch(`${herald.url}/api/v1/tokens`, {
      method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: herald.url, 'x-requested-with': 'herald-console' },
      body: JSON.stringify({ name: 'mine' }),
    });
    token = ((await made.json()) as { token: string }).token;
  });
  after(async () => { await herald?.close(); });

  it('refuses a wrong current password naming currentPassword, and a short new one naming newPassword', async () => {
    const wrong = await herald.api('/api/v1/users/me/password', { method: 'PUT', token, body: { currentPassword: 'nope', newPassword: 'val-new-password-1' } });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.error.field, 'currentPassword');
    const short = await herald.api('/api/v1/users/me/password', { method: 'PUT', token, body: { currentPassword: 'val-password-1234', newPassword: 'short' } });
    assert.equal(short.status, 400);
    assert.equal(short.body.error.field, 'newPassword');
  });

  it('a viewer changes its own password; the old one stops signing in', async () => {
    const r = await herald.api('/api/v1/users/me/password', { method: 'PUT', token, body: { currentPassword: 'val-password-1234', newPassword: 'val-new-password-1' } });
    assert.equal(r.status, 204, JSON.stringify(r.body));
    const signIn = (password: string) => fetch(`${herald.url}/api/v1/session`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'val', password }),
    }).then((res) => res.status);
    assert.equal(await signIn('val-password-1234'), 401);
    assert.equal(await signIn('val-new-password-1'), 200);
  });

  it('the bootstrap admin token has no password to change: 403 naming currentPassword', async () => {
    const r = await herald.api('/api/v1/users/me/password', { method: 'PUT', body: { currentPassword: 'x', newPassword: 'some-new-password-1' } });
    assert.equal(r.status, 403);
    assert.equal(r.body.error.field, 'currentPassword');
  });
});
