import type { ChannelModel, ConfirmChannel } from 'amqplib';
import { amqpTarget, type AmqpTarget } from '../../platforms/rabbitmq.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { PooledSender, type BrokerDriver } from './pooled-sender.ts';
import { brokerTls } from './tls-options.ts';

/**
 * Publishes to RabbitMQ (AMQP 0-9-1) on a confirm channel: a delivery
 * succeeds when the broker acks the message, which for a persistent message
 * on a durable queue means it was written. `mandatory` makes a message that
 * no queue takes come back (basic.return, before its ack), and that counts
 * as a failure, not as delivered.
 */
interface AmqpClient { model: ChannelModel; channel: ConfirmChannel; open: boolean; returned: Set<string> }

const amqp: BrokerDriver<AmqpClient, AmqpTarget> = {
  name: 'RabbitMQ',
  target: amqpTarget,
  connectionKey: (t) => t.vhost,
  async open(url, address, req, target) {
    const secure = url.protocol === 'amqps:';
    // Loaded on first use: a Herald with no RabbitMQ webhook never loads the client library.
    const { connect } = await import('amqplib');
    const model = await connect({
      protocol: secure ? 'amqps' : 'amqp', hostname: address, port: url.port === '' ? (secure ? 5671 : 5672) : Number(url.port),
      vhost: target.vhost, heartbeat: 30,
      ...(req.auth.type === 'basic' ? { username: req.auth.username, password: req.auth.password } : {}),
    }, { ...brokerTls(url, req.tls), timeout: req.timeoutMs });
    const client: AmqpClient = { model, channel: await model.createConfirmChannel(), open: true, returned: new Set() };
    const closed = (): void => { client.open = false; };
    for (const emitter of [model, client.channel]) {
      emitter.on('close', closed);
      emitter.on('error', closed);
    }
    client.channel.on('return', (msg) => {
      if (typeof msg.properties.messageId === 'string') client.returned.add(msg.properties.messageId);
    });
    return client;
  },
  isOpen: (c) => c.open,
  close: (c) => c.model.close(),
  async publish(client, target, req) {
    await new Promise<void>((resolve, reject) => {
      client.channel.publish(target.exchange, target.routingKey, Buffer.from(req.body), {
        persistent: true, mandatory: true, messageId: req.messageId,
        contentType: req.headers['content-type'], headers: req.headers, appId: 'herald',
      }, (err) => (err === null || err === undefined ? resolve() : reject(err instanceof Error ? err : new Error(String(err)))));
    });
    if (client.returned.delete(req.messageId)) {
      throw new Error(`no queue took the message: exchange "${target.exchange}" routes nothing for key "${target.routingKey}"`);
    }
    return `confirmed: exchange "${target.exchange}", routing key "${target.routingKey}"`;
  },
};

export class AmqpSender extends PooledSender<AmqpClient, AmqpTarget> {
  constructor(guard: SsrfGuard) {
    super(guard, amqp);
  }
}
