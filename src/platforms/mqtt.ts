import { badUrl, pathName, renderBusMessage } from './bus-message.ts';
import type { Platform } from './platform.ts';

/**
 * MQTT (Mosquitto and others): `mqtt://host:1883/<topic>`, e.g.
 * `mqtt://broker:1883/herald/{namespace}/{event}`. Published at QoS 1 over
 * MQTT 5: the broker's PUBACK is the success, and the delivery id rides as a
 * user property.
 */
export function mqttTopic(url: URL): string {
  const topic = pathName(url);
  if (topic === '' || /[#+]/.test(topic)) throw badUrl('an MQTT destination needs a topic without wildcards, e.g. mqtt://broker:1883/herald/{event}');
  return topic;
}

export const mqttPlatform: Platform = {
  id: 'mqtt',
  label: 'MQTT, QoS 1 (CloudEvents)',
  transport: 'mqtt',
  heraldSignature: true,
  credentialUrl: false,
  checkUrl: (url) => { mqttTopic(url); },
  render: (event, target) => renderBusMessage(event, target),
  interpret: () => ({ ok: true }),
};
