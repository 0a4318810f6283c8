import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { ADMIN_TOKEN, startTestHerald, type TestHerald } from '../support/herald.ts';

/**
 * server.bodyLimitBytes, for a body that states its length and for a chunked
 * one that does not: both are refused past the limit with 413 and taken below it.
 */
const LIMIT = 2048;

function post(url: string, body: string, chunked: boolean): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/api/v1/events`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json',
        ...(chunked ? {} : { 'content-length': Buffer.byteLength(body) }),
      },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d: string) => { text += d; }).on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    // Written in pieces: without a content-length header Node sends them as chunks.
    for (let i = 0; i < body.length; i += 500) req.write(body.slice(i, i + 500));
    req.end();
  });
}

const event = (summaryLength: number) => JSON.stringify({ event: 'update', summary: 's'.repeat(summaryLength) });

describe('request body limit (server.bodyLimitBytes)', () => {
  let herald: TestHerald;
  before(async () => { herald = await startTestHerald({ server: { host: '127.0.0.1', port: 0, bodyLimitBytes: LIMIT } }); });
  after(() => herald.close());

  for (const chunked of [false, true]) {
    const kind = chunked ? 'a chunked body (no content-length)' : 'a body with its content-length';
    it(`refuses ${kind} larger than the limit with 413 PAYLOAD_TOO_LARGE`, async () => {
      const res = await post(herald.url, event(LIMIT + 100), chunked);
      assert.equal(res.status, 413);
      assert.equal(res.body.error.code, 'PAYLOAD_TOO_LARGE');
      assert.match(res.body.error.message, new RegExp(`larger than ${LIMIT} bytes`));
    });

    it(`takes ${kind} within the limit`, async () => {
      const res = await post(herald.url, event(LIMIT - 200), chunked);
      assert.equal(res.status, 202, JSON.stringify(res.body));
      const stored = await herald.api(`/api/v1/events/${res.body.items[0].id}`);
      assert.equal(stored.body.event.summary.length, LIMIT - 200);
    });
  }
});
