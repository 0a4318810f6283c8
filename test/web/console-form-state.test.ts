import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { WebhookView } from '../../src/core/webhook.ts';
import type { PlatformField } from '../../src/web/src/api/types.ts';
import { createBody, emptyForm, fieldKey, formFromView, newLabelRow, splitList, updateBody } from '../../src/web/src/pages/webhook-form/form-state.ts';

/** The console's webhook form rules, without a browser: what is sent, and where an error lands. */
const view = (over: Partial<WebhookView> = {}): WebhookView => ({
  id: 'wh_1', name: 'ops', platform: 'slack', url: 'https://hooks.example.com/x', enabled: true,
  retry: { maxAttempts: 5 } as WebhookView['retry'], timeoutSeconds: 10, concurrency: 4, headers: { 'x-team': 'a' },
  template: null, platformOptions: {}, tls: { insecureSkipVerify: false, caCert: '-----BEGIN CERTIFICATE-----\nabc' },
  filters: { events: ['create'], clusters: ['*'], kinds: ['Deployment', 'StatefulSet'], namespaces: ['prod-*', '!prod-canary'],
    actors: ['!system:serviceaccount:*'], reasons: ['*'], fields: ['spec.template.spec.containers[*].image'],
    labels: [{ key: 'app', operator: 'In', values: ['web', 'api'] }, { key: 'skip', operator: 'DoesNotExist' }] },
  hasSecret: true, secretRotating: false, urlMasked: false, auth: { type: 'basic', username: 'bob' }, disabledReason: null, failingSince: null,
  createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...over,
});

describe('console webhook form', () => {
  test('comma lists: trimmed, blanks dropped, empty means "*"', () => {
    assert.deepEqual(splitList(' a, b ,,c '), ['a', 'b', 'c']);
    assert.deepEqual(splitList('  '), ['*']);
  });

  test('a new webhook sends its secret only when typed, and label rows as conditions', () => {
    const f = { ...emptyForm('custom'), name: 'n', url: ' http://127.0.0.1/x ', events: 'create, scale' };
    f.labels = [{ ...newLabelRow(), key: 'app', operator: 'NotIn', values: 'db, cache' }, { ...newLabelRow(), key: 'x', operator: 'Exists', values: 'ignored' }];
    const body = createBody(f);
    assert.equal('secret' in body, false);
    assert.equal(body.url, 'http://127.0.0.1/x');
    assert.deepEqual(body.filters, {
      events: ['create', 'scale'], clusters: ['*'], kinds: ['*'], namespaces: ['*'], actors: ['*'], reasons: ['*'], fields: [],
      labels: [{ key: 'app', operator: 'NotIn', values: ['db', 'cache'] }, { key: 'x', operator: 'Exists' }],
    });
    assert.equal(createBody({ ...f, secret: 'whsec-12345678' }).secret, 'whsec-12345678');
  });

  test('an unchanged edit keeps secret, credentials, CA bundle, retry, headers and enabled as they are', () => {
    const original = view();
    const r = updateBody(formFromView(original), original);
    assert.ok('patch' in r);
    assert.equal('secret' in r.patch, false);
    assert.equal('auth' in r.patch, false);
    assert.equal('enabled' in r.patch, false, 'the switch owns enabled');
    assert.equal('retry' in r.patch || 'headers' in r.patch || 'template' in r.patch, false);
    assert.deepEqual(r.patch.tls, original.tls);
    assert.deepEqual(r.patch.filters, original.filters);
  });

  test('exclusions, actors and changed fields are sent as typed; blank fields mean every update', () => {
    const f = { ...emptyForm('custom'), name: 'n', url: 'http://127.0.0.1/x',
      namespaces: '!kube-system, !*-canary', actors: '!system:serviceaccount:*', fields: ' spec.replicas , spec.template.spec.containers[*].image ' };
    const body = createBody(f);
    assert.deepEqual(body.filters?.namespaces, ['!kube-system', '!*-canary']);
    assert.deepEqual(body.filters?.actors, ['!system:serviceaccount:*']);
    assert.deepEqual(body.filters?.fields, ['spec.replicas', 'spec.template.spec.containers[*].image']);
    assert.equal(formFromView(view({ filters: { ...view().filters, fields: [] } })).fields, '', 'no field filter shows blank, not "*"');
  });

  test('write-only values are sent when typed; removing the secret sends null', () => {
    const original = view({ auth: { type: 'bearer' } });
    const f = formFromView(original);
    const typed = updateBody({ ...f, secret: 'new-secret-1', token: 't0k' }, original);
    assert.ok('patch' in typed);
    assert.equal(typed.patch.secret, 'new-secret-1');
    assert.deepEqual(typed.patch.auth, { type: 'bearer', token: 't0k' });
    const removed = updateBody({ ...f, removeSecret: true, secret: 'ignored-when-removing' }, original);
    assert.ok('patch' in removed);
    assert.equal(removed.patch.secret, null);
    const none = updateBody({ ...f, authType: 'none' }, original);
    assert.ok('patch' in none);
    assert.deepEqual(none.patch.auth, { type: 'none' });
  });

  test('changing the basic-auth username asks for the password again instead of blanking it', () => {
    const original = view();
    const r = updateBody({ ...formFromView(original), username: 'alice' }, original);
    assert.deepEqual(r, { problem: { field: 'auth.password', message: 'Enter the password again to change basic authentication.' } });
  });

  const TELEGRAM: PlatformField[] = [
    { name: 'url', label: 'URL', description: '', type: 'string', required: true, secret: false },
    { name: 'platformOptions.chatId', label: 'Chat Id', description: '', type: 'string-or-integer', required: true, secret: false },
    { name: 'platformOptions.messageThreadId', label: 'Message Thread Id', description: '', type: 'integer', required: false, secret: false },
    { name: 'platformOptions.disableNotification', label: 'Disable Notification', description: '', type: 'boolean', required: false, secret: false },
  ];

  test('platform options are typed by their field, blanks and other platforms\' options left out', () => {
    const f = { ...emptyForm('telegram'), options: { chatId: ' @ops_room ', messageThreadId: '7', disableNotification: 'false', webhookName: 'stale' } };
    assert.deepEqual(createBody(f, TELEGRAM).platformOptions, { chatId: '@ops_room', messageThreadId: 7, disableNotification: false });
    assert.deepEqual(createBody({ ...f, options: { chatId: '', messageThreadId: ' ' } }, TELEGRAM).platformOptions, {});
  });

  test('grouping and rate: blank or "platform default" send nothing on create, and null when an edit goes back to it', () => {
    const plain = createBody(emptyForm('slack'));
    assert.equal('grouping' in plain || 'ratePerMinute' in plain, false);
    const f = { ...emptyForm('slack'), groupingMode: 'on' as const, groupBy: ['cluster', 'namespace'] as ('cluster' | 'namespace')[],
      groupWait: '30', groupInterval: '300', groupMax: '20', ratePerMinute: '30' };
    const body = createBody(f);
    assert.deepEqual(body.grouping, { enabled: true, by: ['cluster', 'namespace'], waitSeconds: 30, intervalSeconds: 300, maxEvents: 20 });
    assert.equal(body.ratePerMinute, 30);
    assert.equal(createBody({ ...f, groupingMode: 'off' }).grouping?.enabled, false);

    const original = view({ grouping: body.grouping, ratePerMinute: 30 });
    const unchanged = updateBody(formFromView(original), original);
    assert.ok('patch' in unchanged);
    assert.equal('grouping' in unchanged.patch || 'ratePerMinute' in unchanged.patch || 'platformOptions' in unchanged.patch, false);
    const reset = updateBody({ ...formFromView(original), groupingMode: 'default', ratePerMinute: ' ' }, original);
    assert.ok('patch' in reset);
    assert.equal(reset.patch.grouping, null);
    assert.equal(reset.patch.ratePerMinute, null);
  });

  test('an edit sends platform options only when one changed or the platform did', () => {
    const original = view({ platform: 'telegram', platformOptions: { chatId: '-100123', messageThreadId: 7 } });
    const f = formFromView(original);
    assert.deepEqual(f.options, { chatId: '-100123', messageThreadId: '7' });
    const same = updateBody(f, original, TELEGRAM);
    assert.ok('patch' in same);
    assert.equal('platformOptions' in same.patch, false);
    const changed = updateBody({ ...f, options: { ...f.options, messageThreadId: '' } }, original, TELEGRAM);
    assert.ok('patch' in changed);
    assert.deepEqual(changed.patch.platformOptions, { chatId: '-100123' });
    const moved = updateBody({ ...f, platform: 'slack' }, original, []);
    assert.ok('patch' in moved);
    assert.deepEqual(moved.patch.platformOptions, {}, 'Telegram\'s options do not follow the webhook to Slack');
  });

  test('server error fields map to the input that shows them', () => {
    assert.equal(fieldKey('url'), 'url');
    assert.equal(fieldKey('secret'), 'secret');
    assert.equal(fieldKey('auth'), 'auth.type');
    assert.equal(fieldKey('auth.token'), 'auth.token');
    assert.equal(fieldKey('filters.events.3'), 'filters.events');
    assert.equal(fieldKey('filters.labels.1.values'), 'filters.labels.1.values');
    assert.equal(fieldKey('filters.labels.0.values.2'), 'filters.labels.0.values');
    assert.equal(fieldKey('filters.labels.2'), 'filters.labels.2.key');
    assert.equal(fieldKey('platformOptions.chatId'), 'platformOptions.chatId');
    assert.equal(fieldKey('platformOptions'), undefined);
    assert.equal(fieldKey('grouping.by.1'), 'grouping.by');
    assert.equal(fieldKey('grouping.waitSeconds'), 'grouping.waitSeconds');
    assert.equal(fieldKey('grouping'), 'grouping.enabled');
    assert.equal(fieldKey('ratePerMinute'), 'ratePerMinute');
    assert.equal(fieldKey('retry.maxAttempts'), undefined, 'no input for it: shown above the form');
    assert.equal(fieldKey(undefined), undefined);
  });
});
