import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connectAsync, type MqttClient } from 'mqtt';
import { MqttSender } from '../../../src/delivery/transports/mqtt-sender.ts';
import { runBrokerCases, type BrokerMessage } from './broker.case.ts';

/**
 * MQTT on the machine's Mosquitto (127.0.0.1:1883). A subscriber at QoS 1,
 * connected straight to the broker before anything is sent, collects what
 * arrives. Mosquitto as configured here accepts every topic, so there is no
 * refused destination to test; an MQTT 5 PUBACK with a failure reason code is
 * a rejected publish in mqtt.js, which the sender reports as a failure.
 */
const tag = randomBytes(4).toString('hex');
let subscriber: MqttClient;
const seen: BrokerMessage[] = [];

runBrokerCases({
  platform: 'mqtt',
  brokerPort: 1883,
  async setup() {
    subscriber = await connectAsync({ host: '127.0.0.1', port: 1883, protocolVersion: 5, clientId: `herald-test-sub-${tag}` });
    subscriber.on('message', (topic, payload, packet) => {
      assert.match(topic, new RegExp(`^herald-test/${tag}/default/update$`));
      assert.equal(packet.qos, 1, 'published at QoS 1');
      const props = packet.properties?.userProperties ?? {};
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(props)) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      seen.push({ body: payload.toString('utf8'), headers });
    });
    await subscriber.subscribeAsync(`herald-test/${tag}/#`, { qos: 1 });
  },
  url: (port) => `mqtt://127.0.0.1:${port}/herald-test/${tag}/{namespace}/{event}`,
  async received() {
    // Messages are pushed to the subscriber; a round trip through the broker lets the last ones land.
    await subscriber.publishAsync(`herald-test/${tag}-flush`, '', { qos: 1 });
    return [...seen];
  },
  transportId: (m) => m.headers['webhook-id'],
  async teardown() {
    await subscriber.endAsync();
  },
}, (guard) => new MqttSender(guard));
