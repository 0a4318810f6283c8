import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';

/** POST a body in chunks, without Content-Length (Transfer-Encoding: chunked). */
function postChunked(url: string, chunks: readonly string[]): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

/** src/api/body-size-limit.ts: a stated length is judged by its header, a chunked body as it streams. */
describe('request body size limit', () => {
  let herald: TestHerald;
  before(async () => { herald = await startTestHerald({ server: { bodyLimitBytes: 64 * 1024 } }); });
  after(() => herald.close());

  it('records a chunked event under the limit', async () => {
    const body = JSON.stringify({ event: 'update', name: 'chunked', summary: 's'.repeat(1000) });
    const res = await postChunked(`${herald.url}/api/v1/events`, [body.slice(0, 10), body.slice(10)]);
    assert.equal(res.status, 202);
    assert.equal(res.body.items.length, 1);
  });

  it('refuses a chunked body over the limit with 413', async () => {
    const body = JSON.stringify({ event: 'update', data: { pad: 'x'.repeat(100 * 1024) } });
    const res = await postChunked(`${herald.url}/api/v1/events`, [body.slice(0, 1000), body.slice(1000)]);
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a body whose Content-Length is over the limit with 413', async () => {
    const res = await herald.api('/api/v1/events', { body: JSON.stringify({ event: 'update', summary: 'x'.repeat(70 * 1024) }) });
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
  });
});
