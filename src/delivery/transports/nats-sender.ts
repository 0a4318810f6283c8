import { connect, headers as natsHeaders, type NatsConnection } from 'nats';
import { natsSubject } from '../../platforms/nats.ts';
import type { SendRequest, SendResult } from '../http-sender.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { brokerFailure, withTimeout } from './broker-failure.ts';
import { ClientPool, fingerprintOf } from './client-pool.ts';
import { brokerTls } from './tls-options.ts';
import type { ClosableSender } from './transport-senders.ts';

/**
 * Publishes to NATS JetStream. Success is the stream's PubAck, not the
 * publish: a core NATS publish is fire-and-forget and would count a message no
 * stream stored. `Nats-Msg-Id` is the delivery id, so a retry after a lost ack
 * is dropped by the stream as a duplicate (within its duplicate window, 2 min
 * by default). The client does not reconnect by itself: a closed connection is
 * dropped from the pool and the retry connects afresh.
 */
export class NatsSender implements ClosableSender {
  readonly #guard: SsrfGuard;
  readonly #pool = new ClientPool<NatsConnection>((nc) => nc.close(), (nc) => !nc.isClosed());

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    try {
      const url = new URL(req.url);
      const subject = natsSubject(url);
      const nc = await this.#pool.get(req.poolKey, fingerprintOf(url.host, req.auth, req.tls), () => this.#connect(url, req));
      const h = natsHeaders();
      for (const [name, value] of Object.entries(req.headers)) h.set(name, value);
      try {
        const ack = await withTimeout(nc.jetstream().publish(subject, Buffer.from(req.body), {
          msgID: req.messageId, headers: h, timeout: req.timeoutMs,
        }), req.timeoutMs, 'NATS JetStream');
        return { ok: true, confirmed: `stream ${ack.stream} seq ${ack.seq}${ack.duplicate ? ' (duplicate, already stored)' : ''}` };
      } catch (err) {
        this.#pool.drop(req.poolKey);
        throw err;
      }
    } catch (err) {
      return brokerFailure(err);
    }
  }

  async #connect(url: URL, req: SendRequest): Promise<NatsConnection> {
    const address = await this.#guard.resolve(url.hostname);
    const auth = req.auth.type === 'basic' ? { user: req.auth.username, pass: req.auth.password }
      : req.auth.type === 'bearer' ? { token: req.auth.token } : {};
    const tls = req.tls.caCert !== undefined || req.tls.insecureSkipVerify
      ? { tls: brokerTls(url, req.tls) } : {};
    return connect({
      servers: `${address.includes(':') ? `[${address}]` : address}:${url.port === '' ? 4222 : url.port}`,
      ...auth, ...tls, reconnect: false, timeout: req.timeoutMs, name: 'herald',
    });
  }

  close(): Promise<void> {
    return this.#pool.closeAll();
  }
}
