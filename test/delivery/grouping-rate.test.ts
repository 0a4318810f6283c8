import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rateLimited, startReceiver, type Receiver } from '../support/receiver.ts';
import { eventually, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * The whole path under a burst: the API records 200 events, the dispatcher
 * groups what waits for its turn and keeps to Slack's documented rate, and a
 * loopback receiver that enforces that rate (429 with Retry-After when called
 * faster than once a second) gets a few grouped messages and refuses none
 * that stay refused.
 */
describe('a burst of 200 events to a Slack webhook with default settings', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  const slack = rateLimited(1000);
  let webhookId = '';

  before(async () => {
    receiver = await startReceiver(slack.respond);
    herald = await startTestHerald();
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'slack-burst', platform: 'slack', url: receiver.url } });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    webhookId = created.body.id;
    const burst = Array.from({ length: 200 }, (_, i) => ({
      event: 'update', cluster: 'prod', namespace: 'shop', resource: 'Deployment', name: `svc-${i}`, actor: 'jane@example.com',
      detail: { field: 'spec.template.spec.containers[0].image', old: 'shop:1.4', new: 'shop:1.5' }, dedupKey: `burst-${i}`,
    }));
    const recorded = await herald.api('/api/v1/events', { body: burst });
    assert.ok(recorded.status < 300, JSON.stringify(recorded.body));
  });
  after(async () => {
    await herald?.close();
    await receiver?.close();
  });

  it('arrives as a few grouped messages that list all 200 events, with zero failed deliveries', async () => {
    const counts = await eventually(async () => {
      const c = await deliveryCounts(herald, webhookId);
      return c.succeeded === 200 ? c : undefined;
    }, 120_000, 200);
    assert.equal(counts.failed, 0, 'no delivery failed');
    const messages = slack.accepted.map((r) => JSON.parse(r.body) as { text: string; blocks: Array<{ text?: { text: string } }> });
    assert.ok(messages.length >= 2 && messages.length <= 20, `${messages.length} messages for 200 events`);
    // Every event is in exactly one accepted message: its count in a headline, or listed by name.
    const total = messages.reduce((n, m) => n + (Number(/^(\d+) events in prod\/shop/.exec(m.text)?.[1] ?? 1)), 0);
    assert.equal(total, 200, 'the accepted messages account for every event once');
    assert.match(messages[0]!.text, /^\d+ events in prod\/shop by jane@example\.com: \d+ update$/);
  });

  it('kept to one message a second, so Slack\'s limit refused at most a stray request, never for good', () => {
    // A refused request is a 429: retried after its Retry-After and not counted as an attempt, so none failed above.
    assert.ok(slack.refused.length <= slack.accepted.length, `${slack.refused.length} refused, ${slack.accepted.length} accepted`);
  });
});

async function deliveryCounts(herald: TestHerald, webhookId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = { succeeded: 0, failed: 0, pending: 0, delivering: 0 };
  for (const status of Object.keys(counts)) {
    const page = await herald.api(`/api/v1/webhooks/${webhookId}/deliveries?status=${status}&limit=500`);
    counts[status] = page.body.items?.length ?? 0;
  }
  return counts;
}
