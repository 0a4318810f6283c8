import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { AmqpSender } from '../../../src/delivery/transports/amqp-sender.ts';
import { runBrokerCases, type BrokerMessage } from './broker.case.ts';

/**
 * RabbitMQ on the machine (127.0.0.1:5672, guest/guest, which RabbitMQ allows
 * from loopback only). A topic exchange with one queue bound to `#` takes
 * everything; a second exchange with nothing bound is where a message goes
 * unrouted, which a confirm alone would report as fine.
 */
const tag = randomBytes(4).toString('hex');
const exchange = `herald-test-${tag}`;
const unbound = `herald-test-${tag}-unbound`;
const queue = `herald-test-${tag}`;
let model: ChannelModel;
let channel: Channel;
const seen: GetMessage[] = [];

runBrokerCases({
  platform: 'rabbitmq',
  brokerPort: 5672,
  auth: { type: 'basic', username: 'guest', password: 'guest' },
  async setup() {
    model = await connect('amqp://guest:guest@127.0.0.1:5672');
    channel = await model.createChannel();
    await channel.assertExchange(exchange, 'topic', { autoDelete: false });
    await channel.assertExchange(unbound, 'topic', { autoDelete: false });
    await channel.assertQueue(queue, { durable: true });
    await channel.bindQueue(queue, exchange, '#');
  },
  url: (port) => `amqp://127.0.0.1:${port}/?exchange=${exchange}`,
  refusedUrl: (port) => `amqp://127.0.0.1:${port}/?exchange=${unbound}`,
  async received() {
    for (;;) {
      const m = await channel.get(queue, { noAck: true });
      if (m === false) break;
      // Persistent (delivery mode 2) and routed by the event type.
      assert.equal(m.properties.deliveryMode, 2);
      assert.equal(m.fields.routingKey, 'update');
      seen.push(m);
    }
    return seen.map((m): BrokerMessage => ({ body: m.content.toString('utf8'), headers: { 'message-id': String(m.properties.messageId) } }));
  },
  transportId: (m) => m.headers['message-id'],
  async teardown() {
    await channel.deleteQueue(queue);
    await channel.deleteExchange(exchange);
    await channel.deleteExchange(unbound);
    await model.close();
  },
}, (guard) => new AmqpSender(guard));
