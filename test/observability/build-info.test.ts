import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildInfo } from '../../src/observability/build-info.ts';

describe('buildInfo', () => {
  it('takes the commit from HERALD_COMMIT (the image), trimmed, else from git in a checkout', () => {
    assert.equal(buildInfo({ HERALD_COMMIT: ' 0123abc\n' }).commit, '0123abc');
    assert.match(buildInfo({}).commit, /^[0-9a-f]{40}$/, 'this checkout has a git HEAD');
  });
});
