import { Redis } from 'ioredis';
import { redisStreamTarget } from '../../platforms/redis-streams.ts';
import type { SendRequest, SendResult } from '../http-sender.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { brokerFailure, withTimeout } from './broker-failure.ts';
import { ClientPool, fingerprintOf } from './client-pool.ts';
import { brokerTls } from './tls-options.ts';
import type { ClosableSender } from './transport-senders.ts';

/**
 * Appends to a Redis stream with `XADD key MAXLEN ~ n * …`: the entry id Redis
 * answers is the confirmation. ioredis's offline queue and its own reconnects
 * are off, so a command is never held for a connection that may not come
 * back: it fails, the client is dropped, and the retry connects afresh.
 * Streams do not de-duplicate; the `id` field (the delivery id) lets a
 * consumer drop a second copy after a lost reply.
 */
export class RedisSender implements ClosableSender {
  readonly #guard: SsrfGuard;
  readonly #pool = new ClientPool<Redis>(async (r) => { r.disconnect(); }, (r) => r.status === 'ready');

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    try {
      const url = new URL(req.url);
      const target = redisStreamTarget(url);
      const redis = await this.#pool.get(req.poolKey, fingerprintOf(url.host, target.db, req.auth, req.tls), () => this.#connect(url, req));
      let entryId: string | null;
      try {
        entryId = await withTimeout(redis.xadd(target.stream, 'MAXLEN', '~', String(target.maxLen), '*',
          'id', req.messageId, 'content-type', req.headers['content-type'] ?? 'application/json', 'data', req.body), req.timeoutMs, 'Redis');
      } catch (err) {
        this.#pool.drop(req.poolKey);
        throw err;
      }
      return { ok: true, confirmed: `stream ${target.stream} entry ${entryId ?? '?'}` };
    } catch (err) {
      return brokerFailure(err);
    }
  }

  async #connect(url: URL, req: SendRequest): Promise<Redis> {
    const address = await this.#guard.resolve(url.hostname);
    const redis = new Redis({
      host: address, port: url.port === '' ? 6379 : Number(url.port), db: redisStreamTarget(url).db,
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
  }

  close(): Promise<void> {
    return this.#pool.closeAll();
  }
}
