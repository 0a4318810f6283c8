import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawDatabase, userWithToken } from './auth/support.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';
import { startReceiver, type Receiver } from '../support/receiver.ts';

const API_KEY = 'receiver-api-key-never-shown-42';

describe('secret webhook headers, through the API', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
  });
  after(async () => { await herald.close(); await receiver.close(); });

  const sendTest = async (id: string) => {
    const res = await herald.api(`/api/v1/webhooks/${id}/test`, { method: 'POST' });
    assert.equal(res.body.ok, true, JSON.stringify(res.body));
    return receiver.requests.at(-1)!;
  };

  it('sends a secret header on delivery, never returns it, and seals it at rest; plain headers still work', async () => {
    const created = await herald.api('/api/v1/webhooks', {
      body: { name: 'with-key', url: receiver.url, headers: { 'X-Team': 'payments', 'X-Api-Key': { value: API_KEY, secret: true } } },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual(created.body.headers, { 'X-Team': 'payments', 'X-Api-Key': { secret: true } });
    const shown = JSON.stringify([created.body, await herald.api('/api/v1/webhooks'), await herald.api(`/api/v1/webhooks/${created.body.id}`)]);
    assert.equal(shown.includes(API_KEY), false, 'the value is never returned');
    assert.equal(rawDatabase(herald).includes(API_KEY), false, 'the value is sealed in the database file');
    assert.equal(rawDatabase(herald).includes('payments'), true, 'a plain header is kept as it is (the check above can see plain text)');

    const sent = await sendTest(created.body.id);
    assert.equal(sent.headers['x-api-key'], API_KEY);
    assert.equal(sent.headers['x-team'], 'payments');
  });

  it('keeps a secret header\'s value when the view is sent back, and refuses a new one without a value', async () => {
    const created = await herald.api('/api/v1/webhooks', {
      body: { name: 'round-trip', url: receiver.url, headers: { 'X-Api-Key': { value: API_KEY, secret: true } } },
    });
    const id = created.body.id;
    const put = await herald.api(`/api/v1/webhooks/${id}`, { method: 'PUT', body: { headers: { ...created.body.headers, 'X-Extra': '1' } } });
    assert.equal(put.status, 200, JSON.stringify(put.body));
    assert.deepEqual(put.body.headers, { 'X-Api-Key': { secret: true }, 'X-Extra': '1' });
    assert.equal((await sendTest(id)).headers['x-api-key'], API_KEY, 'the stored value was kept');

    const rotated = await herald.api(`/api/v1/webhooks/${id}`, { method: 'PUT', body: { headers: { 'X-Api-Key': { value: 'second-key-value', secret: true } } } });
    assert.equal(rotated.status, 200);
    const sent = await sendTest(id);
    assert.equal(sent.headers['x-api-key'], 'second-key-value');
    assert.equal(sent.headers['x-extra'], undefined, 'headers are replaced as a whole');

    const missing = await herald.api(`/api/v1/webhooks/${id}`, { method: 'PUT', body: { headers: { 'X-New-Key': { secret: true } } } });
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.code, 'VALIDATION');
    assert.equal(missing.body.error.field, 'headers.X-New-Key.value');
    const plainWithout = await herald.api('/api/v1/webhooks', { body: { name: 'bad', url: receiver.url, headers: { 'X-A': { secret: false } } } });
    assert.equal(plainWithout.status, 400);
    assert.equal(plainWithout.body.error.field, 'headers.X-A.value');
    const removed = await herald.api(`/api/v1/webhooks/${id}`, { method: 'PUT', body: { headers: {} } });
    assert.deepEqual(removed.body.headers, {});
    assert.equal((await sendTest(id)).headers['x-api-key'], undefined, 'a removed secret header is no longer sent');
  });
});

describe('chat-platform URLs are masked for viewers', () => {
  let herald: TestHerald;
  let slackId: string;
  let customId: string;
  const slackUrl = 'https://hooks.slack.com/services/T000/B000/XXXXsecretXXXX';
  before(async () => {
    herald = await startTestHerald({ delivery: { allowedNetworks: ['0.0.0.0/0', '::/0'], idlePollMs: 100, ssrfGuard: false } } as never);
    slackId = (await herald.api('/api/v1/webhooks', { body: { name: 'slack', platform: 'slack', url: slackUrl, enabled: false } })).body.id;
    customId = (await herald.api('/api/v1/webhooks', { body: { name: 'custom', url: 'https://receiver.example.com/herald/in', enabled: false } })).body.id;
  });
  after(() => herald.close());

  it('shows a viewer only the origin of a chat webhook URL, in the list and the single view', async () => {
    const viewer = await userWithToken(herald, 'viewer');
    const list = await herald.api('/api/v1/webhooks', { token: viewer.token });
    const one = await herald.api(`/api/v1/webhooks/${slackId}`, { token: viewer.token });
    assert.equal(one.status, 200);
    assert.equal(one.body.url, 'https://hooks.slack.com/…');
    assert.equal(one.body.urlMasked, true);
    assert.equal(JSON.stringify([list.body, one.body]).includes('XXXXsecretXXXX'), false);
    const custom = list.body.items.find((w: any) => w.id === customId);
    assert.equal(custom.url, 'https://receiver.example.com/herald/in', 'a custom URL is not a credential');
    assert.equal(custom.urlMasked, false);
  });

  it('shows ops and admins the whole URL', async () => {
    const ops = await userWithToken(herald, 'ops');
    const one = await herald.api(`/api/v1/webhooks/${slackId}`, { token: ops.token });
    assert.equal(one.body.url, slackUrl);
    assert.equal(one.body.urlMasked, false);
    assert.equal((await herald.api(`/api/v1/webhooks/${slackId}`)).body.url, slackUrl, 'the admin token');
  });
});
