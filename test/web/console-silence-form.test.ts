import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeMatchers, emptySilenceForm, silenceBody, silenceFieldKey } from '../../src/web/src/pages/silences/silence-form-state.ts';

/** The console's silence form rules, without a browser: what is sent, and where an error lands. */
describe('console silence form', () => {
  const NOW = Date.parse('2026-03-01T10:00:00.000Z');

  test('blank matchers are left out, lists trimmed, the end is the chosen hours from now', () => {
    const body = silenceBody({ ...emptySilenceForm(), namespaces: ' shop , !shop-keep,', actors: '!system:serviceaccount:*', hours: '24', comment: ' freeze ' }, NOW);
    assert.deepEqual(body, {
      matchers: { namespaces: ['shop', '!shop-keep'], actors: ['!system:serviceaccount:*'] },
      endsAt: '2026-03-02T10:00:00.000Z', comment: 'freeze',
    });
  });

  test('a later start is sent, and the end counts from it', () => {
    const startsAt = '2026-03-01T12:00';
    const body = silenceBody({ ...emptySilenceForm(), kinds: 'Job', hours: '2', comment: 'x', startsAt }, NOW);
    assert.equal(body.startsAt, new Date(startsAt).toISOString());
    assert.equal(Date.parse(body.endsAt) - Date.parse(body.startsAt!), 2 * 3_600_000);
  });

  test('server error fields map to the input that shows them', () => {
    assert.equal(silenceFieldKey('matchers.namespaces.1'), 'matchers.namespaces');
    assert.equal(silenceFieldKey('matchers'), 'matchers');
    assert.equal(silenceFieldKey('endsAt'), 'hours');
    assert.equal(silenceFieldKey('comment'), 'comment');
    assert.equal(silenceFieldKey(undefined), undefined);
  });

  test('matchers read as one line, "*" and empty lists left out', () => {
    assert.equal(describeMatchers({ namespaces: ['shop', '!shop-keep'], kinds: ['*'], fields: [], labels: [{ key: 'app', operator: 'Exists' }] }),
      'namespaces=shop,!shop-keep labels: app Exists');
  });
});
