import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ERROR_CODES, HeraldError } from '../../src/core/errors.ts';
import { HTTP_STATUS, httpStatus } from '../../src/http/error-response.ts';

const SRC = new URL('../../src/', import.meta.url).pathname;

/** `| \`CODE\` | status | meaning |` rows of docs/errors.md. */
function documentedCodes(): Map<string, number> {
  const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
  const rows = [...doc.matchAll(/^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|/gm)];
  return new Map(rows.map((m) => [m[1]!, Number(m[2])]));
}

/** Codes some file under src/ actually produces: `new HeraldError('CODE'` or a schema check's `params: { code: 'CODE' }`. */
function producedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!/\.tsx?$/.test(file) || file.startsWith('web/')) continue;
    const text = readFileSync(join(SRC, file), 'utf8');
    for (const m of text.matchAll(/new HeraldError\(\s*'([A-Z_]+)'|params: \{ code: '([A-Z_]+)' \}/g)) {
      found.set(m[1] ?? m[2]!, file);
    }
  }
  return found;
}

describe('error codes', () => {
  it('are each documented in docs/errors.md with the HTTP status Herald answers', () => {
    const documented = documentedCodes();
    assert.deepEqual([...documented.keys()].sort(), [...ERROR_CODES].sort(), 'docs/errors.md lists exactly the codes of src/core/errors.ts');
    for (const code of ERROR_CODES) assert.equal(documented.get(code), HTTP_STATUS[code], `${code}: the documented HTTP status`);
  });

  it('are each produced somewhere in src/, and every produced code is documented', () => {
    const produced = producedCodes();
    const documented = documentedCodes();
    for (const code of documented.keys()) assert.ok(produced.has(code), `${code} is documented but nothing in src/ produces it`);
    for (const [code, file] of produced) assert.ok(documented.has(code), `${code} (src/${file}) is not in docs/errors.md`);
  });

  it('serialize with code, message and field only, never the cause', () => {
    const err = new HeraldError('VALIDATION', 'url: must be a URL', 'url');
    assert.deepEqual(JSON.parse(JSON.stringify(err)), { code: 'VALIDATION', message: 'url: must be a URL', field: 'url' });
    assert.equal(httpStatus(err.code), 400);
    const wrapped = new HeraldError('STORE_UNAVAILABLE', 'cannot open the store', { cause: new Error('SQLITE_CANTOPEN /secret/path') });
    assert.deepEqual(JSON.parse(JSON.stringify(wrapped)), { code: 'STORE_UNAVAILABLE', message: 'cannot open the store' });
  });

  it('keep their cause, with or without a field', () => {
    const cause = new Error('ECONNREFUSED');
    const plain = new HeraldError('STORE_UNAVAILABLE', 'cannot open the PostgreSQL store', { cause });
    assert.equal(plain.cause, cause);
    assert.equal(plain.field, undefined);
    const named = new HeraldError('CONFIG_INVALID', 'dataDir: cannot create', { field: 'dataDir', cause });
    assert.deepEqual([named.cause, named.field], [cause, 'dataDir']);
    assert.equal('cause' in new HeraldError('NOT_FOUND', 'no webhook', 'id'), false, 'no cause given, none invented');
  });
});
