import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent, type EventInput } from '../../src/core/event.ts';
import { alertKey } from '../../src/platforms/alert-key.ts';
import { opsgeniePlatform } from '../../src/platforms/opsgenie.ts';
import { pagerdutyPlatform } from '../../src/platforms/pagerduty.ts';
import { usesChatRetry } from '../../src/platforms/registry.ts';
import { NOW, target } from './events.ts';
import { OPSGENIE_API_KEY, PAGERDUTY_ROUTING_KEY } from './receivers-paging.ts';

const event = (input: EventInput, id = 'evt_p') => normalizeEvent({ cluster: 'prod', ...input }, id, NOW);
const pd = (input: EventInput, options: Record<string, unknown> = {}) =>
  JSON.parse(pagerdutyPlatform.render(event(input), { ...target('https://events.pagerduty.com/v2/enqueue', null, PAGERDUTY_ROUTING_KEY), options }, NOW).body) as
    { event_action: string; dedup_key: string; routing_key: string; payload?: { severity: string; summary: string; component?: string } };
const og = (input: EventInput, options: Record<string, unknown> = {}) =>
  opsgeniePlatform.render(event(input), { ...target('https://api.eu.opsgenie.com/v2/alerts/', null, OPSGENIE_API_KEY), options }, NOW);

const FIRING: EventInput = { event: 'alert', source: 'alertmanager', summary: 'disk full', data: { fingerprint: 'f00d', status: 'firing' }, labels: { severity: 'warning' } };
const RESOLVED: EventInput = { ...FIRING, event: 'resolved', data: { fingerprint: 'f00d', status: 'resolved' } };

describe('pagerduty events', () => {
  it('resolves with the dedup_key its trigger used, from the Alertmanager fingerprint', () => {
    const trigger = pd(FIRING);
    const resolve = pd(RESOLVED);
    assert.equal(trigger.event_action, 'trigger');
    assert.equal(resolve.event_action, 'resolve');
    assert.equal(resolve.dedup_key, trigger.dedup_key);
    assert.equal(trigger.dedup_key, 'herald:prod:alert:f00d');
    assert.equal(resolve.routing_key, PAGERDUTY_ROUTING_KEY);
  });

  it('keys events without a fingerprint by the object, so another object opens another incident', () => {
    const a = pd({ event: 'delete', resource: 'Secret', namespace: 'a', name: 'db' });
    assert.equal(a.dedup_key, pd({ event: 'delete', resource: 'Secret', namespace: 'a', name: 'db' }).dedup_key);
    assert.notEqual(a.dedup_key, pd({ event: 'delete', resource: 'Secret', namespace: 'b', name: 'db' }).dedup_key);
    assert.notEqual(a.dedup_key, pd({ event: 'delete', cluster: 'staging', resource: 'Secret', namespace: 'a', name: 'db' }).dedup_key, 'clusters apart');
  });

  it('keeps the dedup_key within 255 characters, still stable', () => {
    const long = event({ event: 'alert', resource: 'Pod', namespace: 'n'.repeat(253), name: 'm'.repeat(253) });
    const key = alertKey(long, 255);
    assert.ok(key.length <= 255);
    assert.equal(key, alertKey(long, 255));
    assert.match(key, /^herald:sha256:[0-9a-f]{64}$/);
  });

  it('maps severity from the severity label, else the event type; an option fixes it', () => {
    assert.equal(pd(FIRING).payload!.severity, 'warning');
    assert.equal(pd({ event: 'alert', labels: { severity: 'page' } }).payload!.severity, 'critical');
    assert.equal(pd({ event: 'alert' }).payload!.severity, 'error');
    assert.equal(pd({ event: 'deny' }).payload!.severity, 'error');
    assert.equal(pd({ event: 'delete' }).payload!.severity, 'warning');
    assert.equal(pd({ event: 'update' }).payload!.severity, 'info');
    assert.equal(pd({ event: 'update' }, { severity: 'critical' }).payload!.severity, 'critical');
  });

  it('cannot render without its routing key', () => {
    assert.throws(() => pagerdutyPlatform.render(event(FIRING), target('https://events.pagerduty.com/v2/enqueue', null, null), NOW), /routing key/);
  });

  it('reads PagerDuty\'s error bodies: 400 with errors is permanent, 429 is retried', () => {
    assert.deepEqual(pagerdutyPlatform.readRefusal!(400, '{"status":"invalid event","message":"Event object is invalid","errors":["Length of \'routing_key\' is incorrect (should be 32 characters)"]}'),
      { error: 'Event object is invalid: Length of \'routing_key\' is incorrect (should be 32 characters)', permanent: true });
    assert.deepEqual(pagerdutyPlatform.readRefusal!(429, ''), {});
    assert.deepEqual(pagerdutyPlatform.interpret(202, '{"status":"success","message":"Event processed","dedup_key":"k"}'), { ok: true });
  });
});

describe('opsgenie alerts', () => {
  it('closes by alias at its own URL, the alias being the one the alert was created with', () => {
    const created = og(FIRING);
    const closed = og(RESOLVED);
    const alias = (JSON.parse(created.body) as { alias: string }).alias;
    assert.equal(created.url, undefined, 'create goes to the webhook URL');
    assert.equal(closed.url, `https://api.eu.opsgenie.com/v2/alerts/${encodeURIComponent(alias)}/close?identifierType=alias`);
    assert.equal(closed.headers!.authorization, `GenieKey ${OPSGENIE_API_KEY}`);
  });

  it('maps priority from severity and routes to the team an option names', () => {
    const body = JSON.parse(og(FIRING, { team: 'sre' }).body) as { priority: string; responders: unknown };
    assert.equal(body.priority, 'P3');
    assert.deepEqual(body.responders, [{ type: 'team', name: 'sre' }]);
    assert.equal((JSON.parse(og(FIRING, { priority: 'P1' }).body) as { priority: string }).priority, 'P1');
  });

  it('reads Opsgenie\'s error bodies: 422 with errors is permanent, 429 is retried', () => {
    assert.deepEqual(opsgeniePlatform.readRefusal!(422, '{"message":"Request body is not processable. Please check the errors.","errors":{"message":"Message can not be empty."},"took":0.0,"requestId":"r"}'),
      { error: 'Request body is not processable. Please check the errors.: Message can not be empty.', permanent: true });
    assert.deepEqual(opsgeniePlatform.readRefusal!(429, '{"message":"You are making too many requests!","took":0,"requestId":"r"}'),
      { error: 'You are making too many requests!' });
  });
});

describe('paging retries', () => {
  it('retries paging webhooks on the standard schedule, so a resolve outlasts an outage; chat stays on the short one', () => {
    assert.equal(usesChatRetry('pagerduty'), false);
    assert.equal(usesChatRetry('opsgenie'), false);
    assert.equal(usesChatRetry('custom'), false);
    assert.equal(usesChatRetry('telegram'), true);
    assert.equal(usesChatRetry('slack'), true);
  });
});
