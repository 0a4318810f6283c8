import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from '../../src/core/event.ts';
import { createSilence, SilenceInputSchema, silencedBy, silenceState } from '../../src/core/silence.ts';

const T0 = Date.parse('2026-12-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const make = (input: object, id = 'sil_1') =>
  createSilence(SilenceInputSchema.parse({ comment: 'why', endsAt: iso(T0 + 60_000), ...input }), id, 'jane', T0);

describe('silences (src/core/silence.ts)', () => {
  it('is pending before startsAt, active from it, expired from endsAt', () => {
    const s = make({ matchers: { kinds: ['Job'] }, startsAt: iso(T0 + 10), endsAt: iso(T0 + 20) });
    assert.equal(silenceState(s, T0 + 9), 'pending');
    assert.equal(silenceState(s, T0 + 10), 'active');
    assert.equal(silenceState(s, T0 + 19), 'active');
    assert.equal(silenceState(s, T0 + 20), 'expired');
  });

  it('mutes with the filter semantics: exclusions, actors and changed fields', () => {
    const a = make({ matchers: { namespaces: ['!prod-*'], actors: ['system:serviceaccount:*'] } }, 'sil_a');
    const b = make({ matchers: { fields: ['spec.template.spec.containers[*].image'] } }, 'sil_b');
    const ev = (over: object) => normalizeEvent({ event: 'update', namespace: 'dev', actor: 'system:serviceaccount:ci:deployer', ...over }, 'evt_1');
    assert.deepEqual(silencedBy([a, b], ev({}), T0), ['sil_a']);
    assert.deepEqual(silencedBy([a, b], ev({ namespace: 'prod-eu' }), T0), []);
    assert.deepEqual(silencedBy([a, b], ev({ changes: [{ field: 'spec.template.spec.containers[name=api].image' }] }), T0), ['sil_a', 'sil_b']);
    assert.deepEqual(silencedBy([a, b], ev({}), T0 + 60_000), [], 'not once they ended');
  });

  it('refuses a silence of every event, one that ends before it starts, and one already over', () => {
    for (const [input, field] of [
      [{ matchers: {} }, 'matchers'],
      [{ matchers: { events: ['*'], labels: [] } }, 'matchers'],
      [{ matchers: { kinds: ['Job'] }, startsAt: iso(T0 + 5000), endsAt: iso(T0 + 5000) }, 'endsAt'],
      [{ matchers: { kinds: ['Job'] }, startsAt: iso(T0 - 5000), endsAt: iso(T0) }, 'endsAt'],
    ] as const) {
      assert.throws(() => make(input), (e: any) => e.code === 'VALIDATION' && e.field === field, JSON.stringify(input));
    }
    assert.equal(make({ matchers: { labels: [{ key: 'app', operator: 'Exists' }] } }).startsAt, T0, 'a label matcher narrows; the start defaults to now');
  });
});
