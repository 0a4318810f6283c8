import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/** POST /webhooks/{id}/preview: the platform's message, credentials masked, nothing sent. */
describe('webhook preview', () => {
  let herald: TestHerald;
  before(async () => { herald = await startTestHerald(); });
  after(async () => { await herald?.close(); });

  it('renders a sample event through the platform and masks authorization and secret headers', async () => {
    const hook = await herald.api('/api/v1/webhooks', {
      body: {
        name: 'slack', platform: 'slack', url: 'https://hooks.slack.com/services/T/B/secret-path',
        auth: { type: 'bearer', token: 'bearer-token-never-shown' },
        headers: { 'x-plain': 'visible', 'x-api-key': { value: 'api-key-never-shown', secret: true } },
      },
    });
    assert.equal(hook.status, 201, JSON.stringify(hook.body));
    const r = await herald.api(`/api/v1/webhooks/${hook.body.id}/preview`, { body: {} });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.platform, 'slack');
    assert.equal(r.body.event.event, 'scale');
    assert.ok(JSON.parse(r.body.request.body).text !== undefined || JSON.parse(r.body.request.body).blocks !== undefined, 'a Slack message');
    assert.equal(r.body.request.headers.authorization, '••••••');
    assert.equal(r.body.request.headers['x-api-key'], '••••••');
    assert.equal(r.body.request.headers['x-plain'], 'visible');
    const text = JSON.stringify(r.body);
    for (const secret of ['bearer-token-never-shown', 'api-key-never-shown', 'secret-path']) assert.ok(!text.includes(secret), `${secret} is not shown`);
  });

  it('renders a recorded event, and names eventId when there is no such event', async () => {
    const hook = await herald.api('/api/v1/webhooks', { body: { name: 'custom', platform: 'custom', url: 'https://example.com/hook' } });
    const ev = await herald.api('/api/v1/events', { body: { event: 'delete', name: 'gone', resource: 'Pod' } });
    const id = ev.body.items[0].id as string;
    const r = await herald.api(`/api/v1/webhooks/${hook.body.id}/preview`, { body: { eventId: id } });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.body.request.body).name, 'gone');
    const missing = await herald.api(`/api/v1/webhooks/${hook.body.id}/preview`, { body: { eventId: 'evt_none' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.field, 'eventId');
  });
});
