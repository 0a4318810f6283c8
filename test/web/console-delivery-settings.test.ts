import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { KNOWN_EVENT_TYPES } from '../../src/core/event.ts';
import { RETRY_POLICY_NAMES } from '../../src/core/retry-policy.ts';
import type { WebhookView } from '../../src/core/webhook.ts';
import { EVENT_TYPES } from '../../src/web/src/pages/webhook-form/event-types.ts';
import {
  deliveryBody, deliveryFieldKey, deliveryFromView, deliveryPatch, RETRY_POLICIES,
} from '../../src/web/src/pages/webhook-form/delivery-settings.ts';
import { messageLines } from '../../src/web/src/pages/webhooks/message-text.ts';
import { matchesQuery } from '../../src/web/src/pages/events/event-query.ts';
import { parseRoute, pathOf } from '../../src/web/src/router/routes.ts';

const view = (over: Partial<WebhookView> = {}): WebhookView => ({
  id: 'wh_1', name: 'ops', platform: 'custom', url: 'https://hooks.example.com/x', enabled: true,
  retry: { policy: 'chat' }, timeoutSeconds: 10, concurrency: 4, headers: { 'x-team': 'a', 'x-api-key': { secret: true } },
  template: null, platformOptions: {}, tls: { insecureSkipVerify: false },
  filters: { events: ['*'], clusters: ['*'], kinds: ['*'], namespaces: ['*'], actors: ['*'], reasons: ['*'], fields: [], labels: [] },
  hasSecret: false, secretRotating: false, urlMasked: false, auth: { type: 'none' }, disabledReason: null, failingSince: null,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over,
});

/** The console's delivery settings, event types, preview text and routes, without a browser. */
describe('console delivery settings', () => {
  test('the choices are the core lists: every retry policy name and every known event type', () => {
    assert.deepEqual(RETRY_POLICIES.map((p) => p.value), [...RETRY_POLICY_NAMES]);
    assert.deepEqual([...EVENT_TYPES], [...KNOWN_EVENT_TYPES]);
  });

  test('an unchanged edit sends no delivery field; a stored secret header left blank is kept', () => {
    const original = view();
    const d = deliveryFromView(original);
    assert.deepEqual(deliveryPatch(d, original), {});
    const renamed = { ...d, headers: d.headers.map((h) => (h.name === 'x-team' ? { ...h, value: 'b' } : h)) };
    assert.deepEqual(deliveryPatch(renamed, original).headers, { 'x-team': 'b', 'x-api-key': { secret: true } });
  });

  test('exponential backoff sends its numbers; a new secret header sends its value; blank template is null', () => {
    const d = { ...deliveryFromView(null), policy: 'exponential' as const };
    d.exp = { ...d.exp, maxAttempts: '7', multiplier: '3' };
    d.headers = [{ rowId: 1, name: 'X-Key', value: 'k3y', secret: true, stored: false }];
    const body = deliveryBody(d);
    assert.deepEqual(body.retry, { policy: 'exponential', maxAttempts: 7, multiplier: 3 });
    assert.deepEqual(body.headers, { 'X-Key': { value: 'k3y', secret: true } });
    assert.equal('template' in body, false);
    const withTemplate = view({ template: '{{ .name }}' });
    assert.equal(deliveryPatch({ ...deliveryFromView(withTemplate), template: '' }, withTemplate).template, null);
  });

  test('server error fields land on the delivery inputs', () => {
    assert.equal(deliveryFieldKey('retry.maxAttempts'), 'retry.maxAttempts');
    assert.equal(deliveryFieldKey('retry'), 'retry.policy');
    assert.equal(deliveryFieldKey('headers.X-Key.value'), 'headers.X-Key');
    assert.equal(deliveryFieldKey('tls.caCert'), 'tls.caCert');
    assert.equal(deliveryFieldKey('url'), undefined);
  });

  test('the preview reads a chat body\'s text lines at any depth, including JSON nested as a string', () => {
    assert.deepEqual(messageLines(JSON.stringify({ msgtype: 'markdown', markdown: { title: 'Scaled', text: 'web 2 → 5' } })), ['Scaled', 'web 2 → 5']);
    assert.deepEqual(messageLines(JSON.stringify({ content: JSON.stringify({ text: 'inner' }) })), ['inner']);
    assert.deepEqual(messageLines('not json'), ['not json']);
  });

  test('a streamed event joins the list only when it matches the filters', () => {
    const e = { id: 'evt_1', event: 'scale', cluster: 'prod', namespace: 'shop', resource: 'Deployment', actor: 'alice' } as never;
    assert.equal(matchesQuery(e, {}), true);
    assert.equal(matchesQuery(e, { cluster: 'prod', kind: 'Deployment' }), true);
    assert.equal(matchesQuery(e, { actor: 'bob' }), false);
    assert.equal(matchesQuery(e, { until: '2000-01-01T00:00:00Z' }), false, 'a closed range in the past excludes what arrives now');
  });

  test('every page has a URL that parses back to it', () => {
    for (const path of ['/events', '/events/evt_1', '/settings/users', '/settings/tokens', '/settings/audit', '/profile',
      '/settings/webhooks/wh_1/preview', '/settings/webhooks/wh_1/deliveries', '/settings/webhooks/wh_1']) {
      assert.equal(pathOf(parseRoute(path)), path);
    }
    assert.equal(parseRoute('/settings/nope').page, 'not-found');
  });
});
