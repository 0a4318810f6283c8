import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHeraldError } from '../../src/core/errors.ts';
import { ResourceStack } from '../../src/lifecycle/resource-stack.ts';

describe('ResourceStack', () => {
  it('closes in reverse order, past every failure, and names them all', async () => {
    const stack = new ResourceStack();
    const closed: string[] = [];
    stack.add('a', () => { closed.push('a'); });
    stack.add('b', () => { closed.push('b'); throw new Error('b broke'); });
    stack.add('c', async () => { closed.push('c'); });
    stack.add('d', async () => { closed.push('d'); throw new Error('d broke'); });
    await assert.rejects(stack.closeAll(), (err: unknown) => {
      assert.ok(isHeraldError(err));
      assert.equal(err.code, 'INTERNAL');
      assert.match(err.message, /could not close d \(d broke\), b \(b broke\)/);
      assert.ok(err.cause instanceof AggregateError);
      assert.deepEqual(err.cause.errors.map((e: Error) => e.message), ['d broke', 'b broke']);
      return true;
    });
    assert.deepEqual(closed, ['d', 'c', 'b', 'a']);
    await stack.closeAll();
    assert.deepEqual(closed, ['d', 'c', 'b', 'a'], 'each is closed once');
  });
});
