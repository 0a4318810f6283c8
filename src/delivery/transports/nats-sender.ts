import type { NatsConnection } from 'nats';
import { natsSubject } from '../../platforms/nats.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { PooledSender, type BrokerDriver } from './pooled-sender.ts';
import { brokerTls } from './tls-options.ts';

/**
 * Publishes to NATS JetStream. Success is the stream's PubAck, not the
 * publish: a core NATS publish is fire-and-forget and would count a message no
 * stream stored. `Nats-Msg-Id` is the delivery id, so a retry after a lost ack
 * is dropped by the stream as a duplicate (within its duplicate window, 2 min
 * by default). The client does not reconnect by itself: a closed connection is
 * dropped from the pool and the retry connects afresh.
 */
interface NatsClient { nc: NatsConnection; headers: typeof import('nats').headers }

const nats: BrokerDriver<NatsClient, string> = {
  name: 'NATS JetStream',
  target: natsSubject,
  async open(url, address, req) {
    // Loaded on first use: a Herald with no NATS webhook never loads the client library.
    const { connect, headers } = await import('nats');
    const auth = req.auth.type === 'basic' ? { user: req.auth.username, pass: req.auth.password }
      : req.auth.type === 'bearer' ? { token: req.auth.token } : {};
    const tls = req.tls.caCert !== undefined || req.tls.insecureSkipVerify ? { tls: brokerTls(url, req.tls) } : {};
    const nc = await connect({
      servers: `${address.includes(':') ? `[${address}]` : address}:${url.port === '' ? 4222 : url.port}`,
      ...auth, ...tls, reconnect: false, timeout: req.timeoutMs, name: 'herald',
    });
    return { nc, headers };
  },
  isOpen: (c) => !c.nc.isClosed(),
  close: (c) => c.nc.close(),
  async publish({ nc, headers }, subject, req) {
    const h = headers();
    for (const [name, value] of Object.entries(req.headers)) h.set(name, value);
    const ack = await nc.jetstream().publish(subject, Buffer.from(req.body), { msgID: req.messageId, headers: h, timeout: req.timeoutMs });
    return `stream ${ack.stream} seq ${ack.seq}${ack.duplicate ? ' (duplicate, already stored)' : ''}`;
  },
};

export class NatsSender extends PooledSender<NatsClient, string> {
  constructor(guard: SsrfGuard) {
    super(guard, nats);
  }
}
