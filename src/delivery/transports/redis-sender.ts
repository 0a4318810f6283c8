import type { Redis } from 'ioredis';
import { redisStreamTarget, type RedisStreamTarget } from '../../platforms/redis-streams.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { PooledSender, type BrokerDriver } from './pooled-sender.ts';
import { brokerTls } from './tls-options.ts';

/**
 * Appends to a Redis stream with `XADD key MAXLEN ~ n * …`: the entry id Redis
 * answers is the confirmation. ioredis's offline queue and its own reconnects
 * are off, so a command is never held for a connection that may not come
 * back: it fails, the client is dropped, and the retry connects afresh.
 * Streams do not de-duplicate; the `id` field (the delivery id) lets a
 * consumer drop a second copy after a lost reply.
 */
const redisStreams: BrokerDriver<Redis, RedisStreamTarget> = {
  name: 'Redis',
  target: redisStreamTarget,
  connectionKey: (t) => String(t.db),
  async open(url, address, req, target) {
    // Loaded on first use: a Herald with no Redis webhook never loads the client library.
    const { Redis } = await import('ioredis');
    const redis = new Redis({
      host: address, port: url.port === '' ? 6379 : Number(url.port), db: target.db,
      ...(req.auth.type === 'basic' ? { username: req.auth.username, password: req.auth.password } : {}),
      ...(req.auth.type === 'bearer' ? { password: req.auth.token } : {}),
      ...(url.protocol === 'rediss:' ? { tls: brokerTls(url, req.tls) } : {}),
      lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => null,
      connectTimeout: req.timeoutMs, connectionName: 'herald',
    });
    redis.on('error', () => {});
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw err;
    }
    return redis;
  },
  isOpen: (r) => r.status === 'ready',
  close: async (r) => { r.disconnect(); },
  async publish(redis, target, req) {
    const entryId = await redis.xadd(target.stream, 'MAXLEN', '~', String(target.maxLen), '*',
      'id', req.messageId, 'content-type', req.headers['content-type'] ?? 'application/json', 'data', req.body);
    return `stream ${target.stream} entry ${entryId ?? '?'}`;
  },
};

export class RedisSender extends PooledSender<Redis, RedisStreamTarget> {
  constructor(guard: SsrfGuard) {
    super(guard, redisStreams);
  }
}
