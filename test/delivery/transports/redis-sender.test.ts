import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { it } from 'node:test';
import { Redis } from 'ioredis';
import { newId } from '../../../src/core/ids.ts';
import { SsrfGuard } from '../../../src/delivery/ssrf-guard.ts';
import { RedisSender } from '../../../src/delivery/transports/redis-sender.ts';
import { runBrokerCases } from './broker.case.ts';

/** Redis Streams on the machine's Redis (127.0.0.1:6379). */
const tag = randomBytes(4).toString('hex');
const stream = `herald-test:${tag}`;
const notAStream = `herald-test:${tag}:string`;
let redis: Redis;

runBrokerCases({
  platform: 'redis-streams',
  brokerPort: 6379,
  async setup() {
    redis = new Redis({ host: '127.0.0.1', port: 6379 });
    await redis.set(notAStream, 'a plain string: XADD answers WRONGTYPE');
  },
  url: (port) => `redis://127.0.0.1:${port}/0?stream=${encodeURIComponent(stream)}`,
  refusedUrl: (port) => `redis://127.0.0.1:${port}/0?stream=${encodeURIComponent(notAStream)}`,
  async received() {
    const entries = await redis.xrange(stream, '-', '+');
    return entries.map(([, fields]) => {
      const map: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) map[fields[i]!] = fields[i + 1]!;
      return { body: map.data ?? '', headers: map };
    });
  },
  transportId: (m) => m.headers.id,
  async teardown() {
    await redis.del(stream, notAStream, `${stream}:trim`);
    redis.disconnect();
  },
}, (guard) => new RedisSender(guard));

it('redis-streams: XADD trims with MAXLEN ~, so the stream stays near its bound', async () => {
  const sender = new RedisSender(new SsrfGuard({ allowedNetworks: ['127.0.0.1/32'] }));
  const key = `${stream}:trim`;
  const check = new Redis({ host: '127.0.0.1', port: 6379 });
  try {
    for (let i = 0; i < 300; i++) {
      const r = await sender.send({
        transport: 'redis', url: `redis://127.0.0.1:6379/0?stream=${encodeURIComponent(key)}&maxLen=10`, messageId: newId('dlv'),
        auth: { type: 'none' }, headers: { 'content-type': 'application/cloudevents+json' }, body: '{}', timeoutMs: 3000,
        tls: { insecureSkipVerify: false }, poolKey: 'wh_trim',
      });
      assert.ok(r.ok);
    }
    const length = await check.xlen(key);
    // `~` trims whole radix-tree nodes (100 entries by default), never below the bound.
    assert.ok(length >= 10 && length < 300, `stream length ${length}`);
  } finally {
    await sender.close();
    await check.del(key);
    check.disconnect();
  }
});
