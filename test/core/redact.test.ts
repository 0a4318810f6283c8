import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent, type EventInput } from '../../src/core/event.ts';
import { CUT_MARKER } from '../../src/core/kube-diff.ts';
import { DEFAULT_REDACT_PATHS, MAX_REDACT_DEPTH, REDACTED, redactEvent, redactionMatcher } from '../../src/core/redact.ts';

const event = (input: EventInput) => normalizeEvent(input, 'evt_1', new Date(0));

describe('redactEvent', () => {
  it('a Secret data change keeps its key and shows only the marker', () => {
    const out = redactEvent(event({
      event: 'update', resource: 'Secret',
      changes: [{ field: 'data.password', old: 'aHVudGVyMg==', new: 'aHVudGVyMw==' }, { field: 'stringData.token', new: 'tok' }, { field: 'metadata.labels.a', new: 'b' }],
    }));
    assert.deepEqual(out.changes, [
      { field: 'data.password', old: REDACTED, new: REDACTED },
      { field: 'stringData.token', new: REDACTED },
      { field: 'metadata.labels.a', new: 'b' },
    ]);
    assert.deepEqual(out.detail, { field: 'data.password', old: REDACTED, new: REDACTED });
  });

  it('env values, also inside an added container or env item, and credential-like annotations', () => {
    const out = redactEvent(event({
      event: 'update', resource: 'Deployment',
      changes: [
        { field: 'spec.template.spec.containers[name=api].env[name=DB_PASSWORD].value', old: 'a', new: 'b' },
        { field: 'spec.template.spec.containers[name=api].env[name=LOG]', new: { name: 'LOG', value: 'debug' } },
        { field: 'spec.template.spec.containers[name=side]', new: { name: 'side', image: 'x', env: [{ name: 'K', value: 'v' }] } },
        { field: 'metadata.annotations.example.com/db-password', new: 'p' },
        { field: 'metadata.annotations.vault.hashicorp.com/Token', new: 't' },
        { field: 'metadata.annotations.team', new: 'payments' },
        { field: 'spec.tolerations[0].key', new: 'node-role' },
      ],
    }));
    assert.deepEqual(out.changes.map((c) => c.new), [
      REDACTED, { name: 'LOG', value: REDACTED }, { name: 'side', image: 'x', env: [{ name: 'K', value: REDACTED }] },
      REDACTED, REDACTED, 'payments', 'node-role',
    ]);
  });

  it('payload fields named like credentials and Secret objects anywhere in data', () => {
    const out = redactEvent(event({
      event: 'inbound', source: 'shop',
      data: {
        password: 'hunter2', nested: { apiToken: 't0k', list: [{ client_secret: 's' }] }, headers: { Authorization: 'Bearer x' },
        object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' }, stringData: { b: 'b' } },
        order: 17,
      },
    }));
    assert.deepEqual(out.data, {
      password: REDACTED, nested: { apiToken: REDACTED, list: [{ client_secret: REDACTED }] }, headers: { Authorization: REDACTED },
      object: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: REDACTED }, stringData: { b: REDACTED } },
      order: 17,
    });
  });

  it('configured paths are added to the defaults, and the defaults can be dropped', () => {
    const input = event({ event: 'inbound', data: { card: { number: '4111' }, password: 'p' } });
    assert.deepEqual(redactEvent(input, redactionMatcher({ paths: ['data.card.number'] })).data, { card: { number: REDACTED }, password: REDACTED });
    assert.deepEqual(redactEvent(input, redactionMatcher({ paths: ['data.card.number'], defaults: false })).data, { card: { number: REDACTED }, password: 'p' });
    assert.ok(DEFAULT_REDACT_PATHS.includes('**.env[*].value'));
  });

  it('does not change its input', () => {
    const input = event({ event: 'update', resource: 'Secret', changes: [{ field: 'data.x', new: 'v' }] });
    redactEvent(input);
    assert.equal(input.changes[0]!.new, 'v');
  });

  it('a payload nested 10,000 levels is cut at MAX_REDACT_DEPTH, with no stack overflow, and can be stored', () => {
    let deep: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 10_000; i++) deep = { a: deep };
    const out = redactEvent({ ...event({ event: 'inbound' }), data: deep });
    let cur: any = out.data;
    for (let i = 0; i < MAX_REDACT_DEPTH - 1; i++) cur = cur.a;
    assert.equal(cur.a, CUT_MARKER);
    assert.doesNotThrow(() => JSON.stringify(out));
    let shallow: Record<string, unknown> = { password: 'p' };
    for (let i = 0; i < 50; i++) shallow = { a: shallow };
    assert.match(JSON.stringify(redactEvent({ ...event({ event: 'inbound' }), data: shallow }).data), /"password":"\[redacted\]"/);
  });
});
