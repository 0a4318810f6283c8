import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PendingWrites } from '../../../src/sources/cluster-watch/pending-writes.ts';

/** A write the test finishes by hand, in whatever order it likes. */
function manual() {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

const turn = () => new Promise((r) => setImmediate(r));

describe('PendingWrites: changes handed on without waiting, acknowledged in order', () => {
  it('acknowledges a change only once it and every change before it is stored, whatever order the writes end in', async () => {
    const acked: string[] = [];
    const writes = new PendingWrites(10);
    const a = manual();
    const b = manual();
    await writes.add(a.promise, () => acked.push('a'));
    await writes.add(undefined, () => acked.push('bookmark after a'));
    await writes.add(b.promise, () => acked.push('b'));
    b.resolve();
    await turn();
    assert.deepEqual(acked, [], 'b is stored, but a before it is not');
    a.resolve();
    await writes.settle();
    assert.deepEqual(acked, ['a', 'bookmark after a', 'b']);
    let atOnce = false;
    await writes.add(undefined, () => { atOnce = true; });
    assert.equal(atOnce, true, 'with nothing in flight, a change writing nothing is acknowledged at once');
  });

  it('takes no more than `max` unacknowledged changes: the next add waits for room', async () => {
    const writes = new PendingWrites(2);
    const a = manual();
    await writes.add(a.promise, () => {});
    let third = false;
    const second = writes.add(manual().promise, () => {}).then(() => { third = true; });
    await turn();
    assert.equal(third, false, 'two in flight: the second add waits');
    a.resolve();
    await second;
    assert.equal(third, true);
  });

  it('after a failure acknowledges nothing later, refuses more, tells onFailure once and settle() throws it', async () => {
    const acked: string[] = [];
    let told = 0;
    const writes = new PendingWrites(10, () => { told++; });
    const a = manual();
    const b = manual();
    const c = manual();
    await writes.add(a.promise, () => acked.push('a'));
    await writes.add(b.promise, () => acked.push('b'));
    await writes.add(c.promise, () => acked.push('c'));
    a.resolve();
    b.reject(new Error('LEASE_LOST'));
    c.reject(new Error('second failure'));
    await turn();
    assert.equal(writes.failed, true);
    assert.equal(told, 1);
    await assert.rejects(writes.add(undefined, () => acked.push('late')), /LEASE_LOST/);
    await assert.rejects(writes.settle(), /LEASE_LOST/);
    assert.deepEqual(acked, ['a']);
  });

  it('settle() waits for writes still in flight after a failure', async () => {
    const writes = new PendingWrites(10);
    const slow = manual();
    const failing = manual();
    await writes.add(slow.promise, () => {});
    await writes.add(failing.promise, () => {});
    failing.reject(new Error('boom'));
    let settled = false;
    const done = writes.settle().catch(() => { settled = true; });
    await turn();
    assert.equal(settled, false, 'the slow write has not ended');
    slow.resolve();
    await done;
    assert.equal(settled, true);
  });
});
