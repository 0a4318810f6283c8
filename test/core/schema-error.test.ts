import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { schemaError } from '../../src/core/schema-error.ts';

const Schema = z.strictObject({
  retry: z.strictObject({ maxAttempts: z.number().int().min(1) }).optional(),
  platform: z.string().refine((p) => p === 'slack', { message: 'unknown platform', params: { code: 'UNKNOWN_PLATFORM' } }).optional(),
});
const issueOf = (input: unknown) => {
  const r = Schema.safeParse(input);
  assert.equal(r.success, false);
  return r.error!;
};

describe('schemaError', () => {
  it('names the field by its path, with the checked part in front', () => {
    const err = schemaError(issueOf({ retry: { maxAttempts: 0 } }), { code: 'VALIDATION' });
    assert.deepEqual([err.code, err.field], ['VALIDATION', 'retry.maxAttempts']);
    assert.match(err.message, /^retry\.maxAttempts: /);
    assert.equal(schemaError(issueOf({ retry: { maxAttempts: 0 } }), { code: 'CONFIG_INVALID', at: 'webhooks.0' }).field, 'webhooks.0.retry.maxAttempts');
  });

  it('names an unknown key itself, and the others of the same mapping in the message', () => {
    const err = schemaError(issueOf({ retry: { maxAttempts: 1, maxAttempt: 2, tries: 3 } }), { code: 'CONFIG_INVALID', source: 'herald.yaml' });
    assert.equal(err.field, 'retry.maxAttempt');
    assert.equal(err.message, 'herald.yaml: retry.maxAttempt: unknown key (also unknown here: "tries")');
  });

  it('names the whole value when the issue has no path', () => {
    assert.equal(schemaError(issueOf('text'), { code: 'VALIDATION' }).field, 'body');
    assert.equal(schemaError(issueOf('text'), { code: 'VALIDATION', whole: 'query' }).field, 'query');
    assert.equal(schemaError(issueOf('text'), { code: 'CONFIG_INVALID', at: 'watch' }).field, 'watch');
  });

  it('takes a check\'s precise code for requests, but keeps CONFIG_INVALID for configuration', () => {
    assert.equal(schemaError(issueOf({ platform: 'pager' }), { code: 'VALIDATION' }).code, 'UNKNOWN_PLATFORM');
    assert.equal(schemaError(issueOf({ platform: 'pager' }), { code: 'CONFIG_INVALID' }).code, 'CONFIG_INVALID');
  });

  it('keeps the schema error as the cause', () => {
    const zodError = issueOf({ retry: { maxAttempts: 0 } });
    assert.equal(schemaError(zodError, { code: 'VALIDATION' }).cause, zodError);
  });
});
