import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hasPrefix, newId } from '../../src/core/ids.ts';

// First in the file: the id module has made no id yet, as when a test clock starts at 0.
test('the first id, made at time 0, still carries its time and sequence', () => {
  assert.match(newId('evt', 0), /^evt_0{9}0{4}[0-9a-f]{12}$/);
  assert.match(newId('evt', 0), /^evt_0{9}0{3}1[0-9a-f]{12}$/);
});

test('ids are prefixed, sort by creation within and across milliseconds, and never repeat past the random pool', () => {
  const now = Date.now();
  // 5,000 ids draw the 4 KiB random pool several times over (6 bytes each).
  const ids = Array.from({ length: 5000 }, (_, i) => newId('dlv', now + Math.floor(i / 1000)));
  assert.equal(new Set(ids).size, ids.length);
  assert.deepEqual([...ids].sort(), ids);
  assert.ok(ids.every((id) => hasPrefix(id, 'dlv') && /^dlv_[0-9a-z]{13}[0-9a-f]{12}$/.test(id)));
  // The random part differs between neighbours, so ids made elsewhere in the same millisecond do not collide.
  const tails = new Set(ids.map((id) => id.slice(-12)));
  assert.equal(tails.size, ids.length);
});
