import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * Grouping is given only to platforms that render every event of a group
 * (Platform.rendersGroups). PagerDuty renders one event per request (one
 * incident per dedup_key), so a burst to it, even with `grouping` asked for,
 * reaches the receiver as one request per event: none is marked delivered
 * while left out of a message.
 */
describe('grouping on a platform that renders one event per request', () => {
  let herald: TestHerald;
  let receiver: Receiver;

  before(async () => {
    receiver = await startReceiver(() => ({ status: 202, body: '{"status":"success","dedup_key":"x"}' }));
    herald = await startTestHerald();
  });
  after(async () => {
    await herald?.close();
    await receiver?.close();
  });

  it('sends each event of a burst on its own, even with grouping enabled on the webhook', async () => {
    const created = await herald.api('/api/v1/webhooks', {
      body: {
        name: 'pager', platform: 'pagerduty', url: `${receiver.url}v2/enqueue`, secret: 'routing-key-0123456789abcdef',
        grouping: { enabled: true, by: ['cluster'], waitSeconds: 0 }, ratePerMinute: 6000,
      },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const burst = Array.from({ length: 12 }, (_, i) => ({ event: 'alert', cluster: 'prod', namespace: 'shop', resource: 'Pod', name: `api-${i}` }));
    assert.equal((await herald.api('/api/v1/events', { body: burst })).status, 202);
    const requests = await eventually(() => (receiver.requests.length >= 12 ? receiver.requests : undefined), 30_000, 50);
    const sources = requests.map((r) => JSON.parse(r.body).payload?.source ?? JSON.parse(r.body).payload?.summary);
    assert.equal(requests.length, 12, `one request per event (${JSON.stringify(sources)})`);
    const keys = new Set(requests.map((r) => JSON.parse(r.body).dedup_key));
    assert.equal(keys.size, 12, 'each event is its own incident');
  });
});
