import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findPlatform, PLATFORM_IDS, transportOf } from '../../src/platforms/registry.ts';
import { SECRET } from '../platforms/events.ts';
import { startLoopback, type Loopback } from '../platforms/loopback.ts';
import { OPTIONS, PATHS, RECEIVERS, SECRETS } from '../platforms/receivers.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

/** The test button through the whole stack, for every platform, against receivers that check like the platform. */
describe('POST /api/v1/webhooks/:id/test for every platform', () => {
  let herald: TestHerald;
  const loopbacks: Loopback[] = [];
  before(async () => { herald = await startTestHerald(); });
  after(async () => {
    await herald.close();
    await Promise.all(loopbacks.map((l) => l.close()));
  });

  it('lists every platform for the console and the API', async () => {
    const res = await herald.api('/api/v1/platforms');
    assert.deepEqual(res.body.items.map((p: { id: string }) => p.id).sort(), [...PLATFORM_IDS].sort());
    assert.ok(PLATFORM_IDS.length >= 7);
  });

  // Email and the buses go to real servers in test/api/bus-webhooks-api.test.ts.
  for (const platform of PLATFORM_IDS.filter((id) => transportOf(findPlatform(id)!) === 'http')) {
    it(`${platform}: the receiver accepts the test message`, async () => {
      const loopback = await startLoopback(RECEIVERS[platform]!);
      loopbacks.push(loopback);
      const created = await herald.api('/api/v1/webhooks', {
        body: { name: `test-${platform}`, platform, url: loopback.base + PATHS[platform], secret: SECRETS[platform] ?? SECRET, platformOptions: OPTIONS[platform] ?? {} },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const test = await herald.api(`/api/v1/webhooks/${created.body.id}/test`, { method: 'POST' });
      assert.deepEqual(loopback.seen.map((s) => s.verdict.problems), [[]], 'the receiver found nothing wrong');
      assert.equal(test.body.ok, true, JSON.stringify(test.body));
      assert.ok(test.body.attempt.statusCode >= 200 && test.body.attempt.statusCode < 300);
    });
  }

  it('counts a DingTalk 200 with an error code as a failure and keeps the platform message in the history', async () => {
    const loopback = await startLoopback(RECEIVERS.dingtalk!);
    loopbacks.push(loopback);
    const created = await herald.api('/api/v1/webhooks', { body: { name: 'dingtalk-wrong-secret', platform: 'dingtalk', url: loopback.base + PATHS.dingtalk, secret: 'SECnot-the-robot-secret' } });
    const test = await herald.api(`/api/v1/webhooks/${created.body.id}/test`, { method: 'POST' });
    assert.equal(test.body.ok, false);
    assert.equal(test.body.attempt.statusCode, 200);
    assert.match(test.body.attempt.error, /310000/);
    const detail = await herald.api(`/api/v1/deliveries/${test.body.delivery.id}`);
    assert.match(detail.body.attemptLog[0].responseBody, /sign not match/);
  });
});
