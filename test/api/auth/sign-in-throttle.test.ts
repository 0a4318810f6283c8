import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SignInThrottle } from '../../../src/api/auth/sign-in-throttle.ts';

/** The counter alone, on a hand-driven clock, so expiry is tested without sleeping. */
describe('SignInThrottle', () => {
  const limits = { maxFailuresPerUser: 3, maxFailuresPerAddress: 5, windowMs: 60_000 };

  it('refuses the attempt after the limit until the oldest failure leaves the window', () => {
    let now = 1_000_000;
    const t = new SignInThrottle(limits, () => now);
    for (let i = 0; i < 3; i++) { assert.equal(t.begin('alice', '10.0.0.1').ok, true); now += 1000; }
    const refused = t.begin('alice', '10.0.0.1');
    assert.deepEqual(refused, { ok: false, retryAfterMs: 57_000, by: 'user' });
    now += 57_000;
    assert.equal(t.begin('alice', '10.0.0.1').ok, true, 'the first failure has expired');
  });

  it('counts an attempt when it starts, so concurrent guesses cannot all get in', () => {
    const t = new SignInThrottle(limits, () => 0);
    const started = Array.from({ length: 10 }, () => t.begin('bob', '10.0.0.2'));
    assert.equal(started.filter((v) => v.ok).length, 3);
  });

  it('a success clears the user but keeps the address\'s other failures', () => {
    let now = 0;
    const t = new SignInThrottle(limits, () => now);
    for (const name of ['a', 'b', 'c', 'd']) { t.begin(name, '10.0.0.3'); now++; }
    const ok = t.begin('d', '10.0.0.3');
    assert.equal(ok.ok, true);
    if (ok.ok) ok.attempt.succeeded();
    const dAgain = t.begin('d', '10.0.0.3');
    assert.equal(dAgain.ok, true, 'the success removed its own count from the address and cleared d');
    assert.deepEqual(t.begin('e', '10.0.0.3'), { ok: false, retryAfterMs: 59_996, by: 'address' }, 'five failures on the address remain');
    assert.equal(t.begin('e', '10.0.0.4').ok, true, 'another address is unaffected');
  });
});

describe('SignInThrottle, an abandoned attempt', () => {
  it('is forgotten without clearing the user\'s earlier failures', () => {
    const t = new SignInThrottle({ maxFailuresPerUser: 2, maxFailuresPerAddress: 10, windowMs: 60_000 }, () => 0);
    assert.equal(t.begin('zoe', '10.0.0.9').ok, true);
    const busy = t.begin('zoe', '10.0.0.9');
    assert.equal(busy.ok, true);
    if (busy.ok) busy.attempt.abandoned();
    assert.equal(t.begin('zoe', '10.0.0.9').ok, true, 'the abandoned attempt no longer counts');
    assert.equal(t.begin('zoe', '10.0.0.9').ok, false, 'the first failure still does');
  });
});
