import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startReceiver, type Receiver } from '../support/receiver.ts';
import { startTestHerald, type TestHerald } from '../support/herald.ts';

describe('health and metrics', () => {
  let herald: TestHerald;
  let receiver: Receiver;
  before(async () => {
    herald = await startTestHerald();
    receiver = await startReceiver();
  });
  after(async () => { await herald.close(); await receiver.close(); });

  it('answers liveness and readiness without credentials', async () => {
    assert.deepEqual(await (await fetch(`${herald.url}/healthz`)).json(), { status: 'ok' });
    assert.deepEqual(await (await fetch(`${herald.url}/readyz`)).json(), { status: 'ready' });
  });

  it('counts recorded events and delivery attempts by outcome in Prometheus format', async () => {
    const wh = await herald.api('/api/v1/webhooks', { body: { name: 'metrics', url: receiver.url } });
    await herald.api(`/api/v1/webhooks/${wh.body.id}/test`, { method: 'POST' });
    const text = await (await fetch(`${herald.url}/metrics`)).text();
    assert.match(text, /herald_delivery_attempts_total\{outcome="succeeded"\} 1/);
    assert.match(text, /herald_events_recorded_total\{source="herald"\} 1/);
    assert.match(text, /herald_delivery_duration_seconds_bucket/);
  });

  it('tells which build runs: GET /version and herald_build_info{version,commit} agree with package.json and git', async () => {
    const { readFileSync } = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
    const commit = process.env.HERALD_COMMIT || execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    assert.deepEqual(await (await fetch(`${herald.url}/version`)).json(), { version, commit });
    const text = await (await fetch(`${herald.url}/metrics`)).text();
    assert.ok(text.includes(`herald_build_info{version="${version}",commit="${commit}"} 1`), 'build info gauge');
  });

  it('answers an unknown route with a JSON 404 and an oversized body with 413', async () => {
    const missing = await herald.api('/api/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.code, 'NOT_FOUND');
    const huge = await herald.api('/api/v1/events', { body: JSON.stringify({ event: 'update', summary: 'x'.repeat(6 * 1024 * 1024) }) });
    assert.equal(huge.status, 413);
    assert.equal(huge.body.error.code, 'PAYLOAD_TOO_LARGE');
  });
});
