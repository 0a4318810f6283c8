import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ERROR_CODES, HeraldError } from '../../src/core/errors.ts';

describe('error codes', () => {
  it('are all documented in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) assert.match(doc, new RegExp(`\`${code}\``), `${code} is documented`);
  });

  it('serialize with code, message and field only', () => {
    const err = new HeraldError('VALIDATION', 'url: must be a URL', 'url');
    assert.deepEqual(JSON.parse(JSON.stringify(err)), { code: 'VALIDATION', message: 'url: must be a URL', field: 'url' });
    assert.equal(err.status, 400);
  });
});
