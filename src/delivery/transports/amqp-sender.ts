import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { amqpTarget } from '../../platforms/rabbitmq.ts';
import type { SendRequest, SendResult } from '../http-sender.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { brokerFailure, withTimeout } from './broker-failure.ts';
import { ClientPool, fingerprintOf } from './client-pool.ts';
import { brokerTls } from './tls-options.ts';
import type { ClosableSender } from './transport-senders.ts';

/**
 * Publishes to RabbitMQ (AMQP 0-9-1) on a confirm channel: a delivery
 * succeeds when the broker acks the message, which for a persistent message
 * on a durable queue means it was written. `mandatory` makes a message that
 * no queue takes come back (basic.return, before its ack), and that counts
 * as a failure, not as delivered.
 */
interface AmqpClient { model: ChannelModel; channel: ConfirmChannel; open: boolean; returned: Set<string> }

export class AmqpSender implements ClosableSender {
  readonly #guard: SsrfGuard;
  readonly #pool = new ClientPool<AmqpClient>((c) => c.model.close(), (c) => c.open);

  constructor(guard: SsrfGuard) {
    this.#guard = guard;
  }

  async send(req: SendRequest): Promise<SendResult> {
    try {
      const url = new URL(req.url);
      const target = amqpTarget(url);
      const client = await this.#pool.get(req.poolKey, fingerprintOf(url.host, target.vhost, req.auth, req.tls), () => this.#connect(url, req));
      try {
        await withTimeout(new Promise<void>((resolve, reject) => {
          client.channel.publish(target.exchange, target.routingKey, Buffer.from(req.body), {
            persistent: true, mandatory: true, messageId: req.messageId,
            contentType: req.headers['content-type'], headers: req.headers, appId: 'herald',
          }, (err) => (err === null || err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err)))));
        }), req.timeoutMs, 'RabbitMQ');
      } catch (err) {
        this.#pool.drop(req.poolKey);
        throw err;
      }
      if (client.returned.delete(req.messageId)) {
        return { ok: false, error: `no queue took the message: exchange "${target.exchange}" routes nothing for key "${target.routingKey}"`, permanent: false };
      }
      return { ok: true, confirmed: `confirmed by ${url.hostname}: exchange "${target.exchange}", routing key "${target.routingKey}"` };
    } catch (err) {
      return brokerFailure(err);
    }
  }

  async #connect(url: URL, req: SendRequest): Promise<AmqpClient> {
    const address = await this.#guard.resolve(url.hostname);
    const secure = url.protocol === 'amqps:';
    const model = await connect({
      protocol: secure ? 'amqps' : 'amqp', hostname: address, port: url.port === '' ? (secure ? 5671 : 5672) : Number(url.port),
      vhost: amqpTarget(url).vhost, heartbeat: 30,
      ...(req.auth.type === 'basic' ? { username: req.auth.username, password: req.auth.password } : {}),
    }, {
      ...brokerTls(url, req.tls), timeout: req.timeoutMs,
    });
    const client: AmqpClient = { model, channel: await model.createConfirmChannel(), open: true, returned: new Set() };
    const closed = (): void => { client.open = false; };
    model.on('close', closed);
    model.on('error', closed);
    client.channel.on('close', closed);
    client.channel.on('error', closed);
    client.channel.on('return', (msg) => {
      if (typeof msg.properties.messageId === 'string') client.returned.add(msg.properties.messageId);
    });
    return client;
  }

  close(): Promise<void> {
    return this.#pool.closeAll();
  }
}
