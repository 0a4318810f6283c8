import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { capDepth, cutMarker, jsonDeeperThan } from '../../src/core/json-depth.ts';

describe('JSON nesting depth', () => {
  test('the scan counts objects and arrays, not brackets inside strings or after escaped quotes', () => {
    assert.equal(jsonDeeperThan('{"a":[{}]}', 3), false);
    assert.equal(jsonDeeperThan('{"a":[{"b":[]}]}', 3), true);
    assert.equal(jsonDeeperThan('{"a":"[[[[{{{{"}', 1), false);
    assert.equal(jsonDeeperThan('{"a":"\\"[[[["}', 1), false);
    assert.equal(jsonDeeperThan('{"a":"\\\\","b":[[]]}', 2), true, 'an escaped backslash ends the string at the next quote');
    assert.equal(jsonDeeperThan('"ü [[ 日本"', 0), false);
    assert.equal(jsonDeeperThan(Buffer.from('{"ü":[["日本"]]}'), 2), true, 'raw UTF-8 bytes scan the same as text');
  });

  test('the scan handles a million levels without recursion', () => {
    assert.equal(jsonDeeperThan(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`, 10_100), true);
  });

  test('capDepth keeps shallow values as they are and cuts deeper containers with the marker', () => {
    const shallow = { a: [1, { b: 'c' }], d: null };
    assert.equal(capDepth(shallow, 3), shallow, 'nothing to cut: the same object, no copy');
    assert.deepEqual(capDepth({ a: [1, { b: { c: 1 } }], s: 'x' }, 3), { a: [1, { b: cutMarker(3) }], s: 'x' });
    assert.deepEqual(capDepth([[[]]], 1), [cutMarker(1)]);
    assert.equal(capDepth('text', 1), 'text');
  });

  test('capDepth cuts a 100,000-level value without overflowing the stack, and the result serializes', () => {
    let deep: any = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const cut = capDepth(deep, 100);
    const text = JSON.stringify(cut);
    assert.equal(text.split('{').length - 1, 100);
    assert.ok(text.includes(JSON.stringify(cutMarker(100))));
  });
});
