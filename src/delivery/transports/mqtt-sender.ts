import { randomBytes } from 'node:crypto';
import type { IClientOptions, MqttClient } from 'mqtt';
import { mqttTopic } from '../../platforms/mqtt.ts';
import type { SsrfGuard } from '../ssrf-guard.ts';
import { PooledSender, type BrokerDriver } from './pooled-sender.ts';
import { brokerTls } from './tls-options.ts';

/**
 * Publishes at QoS 1 over MQTT 5: the broker's PUBACK (with a success reason
 * code) is the confirmation. The client's own reconnect is off, so a publish
 * caught in a dropped connection is not left queued inside the client: it
 * times out or fails, the client is dropped, and the retry connects afresh.
 * QoS 1 is at-least-once; the delivery id in the user properties lets a
 * consumer drop the second copy.
 */
const mqtt: BrokerDriver<MqttClient, string> = {
  name: 'MQTT',
  target: mqttTopic,
  async open(url, address, req) {
    const secure = url.protocol === 'mqtts:';
    // Loaded on first use: a Herald with no MQTT webhook never loads the client library.
    const { connect } = await import('mqtt');
    return connected(connect, {
      protocol: secure ? 'mqtts' : 'mqtt', host: address, port: url.port === '' ? (secure ? 8883 : 1883) : Number(url.port),
      ...brokerTls(url, req.tls),
      ...(req.auth.type === 'basic' ? { username: req.auth.username, password: req.auth.password } : {}),
      protocolVersion: 5, clean: true, reconnectPeriod: 0, connectTimeout: req.timeoutMs,
      // Unique per connection: two clients with one id make the broker drop the older.
      clientId: `herald-${randomBytes(6).toString('hex')}`,
    });
  },
  isOpen: (c) => c.connected,
  close: (c) => c.endAsync(true),
  async publish(client, topic, req) {
    await client.publishAsync(topic, req.body, {
      qos: 1,
      properties: { contentType: req.headers['content-type'] ?? 'application/json', userProperties: req.headers },
    });
    return `PUBACK for topic "${topic}"`;
  },
};

export class MqttSender extends PooledSender<MqttClient, string> {
  constructor(guard: SsrfGuard) {
    super(guard, mqtt);
  }
}

/**
 * mqtt.js's connectAsync resolves with an unconnected client when the socket
 * closes before CONNACK (a refused or cut connection) and never settles in
 * some of those cases; this settles on CONNACK, or fails on the first error or close.
 */
function connected(connect: (opts: IClientOptions) => MqttClient, opts: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = connect(opts);
    const fail = (err?: Error): void => {
      client.removeAllListeners('connect');
      client.end(true);
      reject(err ?? new Error('the MQTT broker closed the connection before CONNACK'));
    };
    client.once('connect', () => {
      client.removeListener('close', onClose);
      // Failures after this surface through the publish; without a listener an 'error' event would throw.
      client.removeListener('error', fail);
      client.on('error', () => {});
      resolve(client);
    });
    const onClose = (): void => fail();
    client.once('close', onClose);
    client.once('error', fail);
  });
}
