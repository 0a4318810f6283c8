import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isHeraldError } from '../../src/core/errors.ts';
import { startTestHerald } from '../support/herald.ts';

describe('Herald.stop()', () => {
  it('closes every resource when one of them fails, then reports the failure', async () => {
    const herald = await startTestHerald();
    const closed: string[] = [];
    const spy = <T extends object>(name: string, target: T, method: keyof T & string) => {
      const original = (target[method] as () => Promise<void>).bind(target);
      (target as Record<string, unknown>)[method] = async () => { closed.push(name); await original(); };
    };
    const storeClose = herald.store.close.bind(herald.store);
    herald.store.close = async () => { closed.push('store'); throw new Error('disk on fire'); };
    spy('dispatcher', herald.dispatcher, 'stop');
    spy('accounts', herald.accounts, 'close');

    await assert.rejects(herald.stop(), (err: unknown) => {
      assert.ok(isHeraldError(err));
      assert.match(err.message, /could not close the store \(disk on fire\); everything else was closed/);
      assert.equal((err.cause as Error).message, 'disk on fire', 'the failure is the cause');
      return true;
    });
    assert.deepEqual(closed, ['dispatcher', 'accounts', 'store'], 'what was opened after the store, and the store itself');
    await assert.rejects(fetch(`${herald.url}/healthz`), 'the port is closed');
    await storeClose();
  });
});
