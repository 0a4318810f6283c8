import { badUrl, busPlatform, pathName } from './bus-message.ts';

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

export const mqttPlatform = busPlatform({ id: 'mqtt', label: 'MQTT, QoS 1 (CloudEvents)', transport: 'mqtt', checkUrl: mqttTopic });
