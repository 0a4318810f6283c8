import { badUrl, busPlatform, renderBusMessage } from './bus-message.ts';
import type { Platform } from './platform.ts';

/**
 * RabbitMQ (AMQP 0-9-1): `amqp://host:5672/<vhost>?exchange=<name>&routingKey=<key>`.
 * The routing key defaults to the event type (`{event}`); an empty exchange is
 * the default exchange, where the routing key names a queue. Messages are
 * persistent and published on a confirm channel, with `mandatory` so a message
 * no queue takes is an error rather than a silent success.
 */
export interface AmqpTarget { vhost: string; exchange: string; routingKey: string }

export function amqpTarget(url: URL): AmqpTarget {
  const path = url.pathname.replace(/^\//, '');
  if (path.includes('/')) throw badUrl('an AMQP URL path is the vhost only, e.g. amqp://rabbit:5672/%2F?exchange=herald');
  const routingKey = url.searchParams.get('routingKey') ?? '{event}';
  if (routingKey === '') throw badUrl('routingKey must not be empty');
  return { vhost: path === '' ? '/' : decodeURIComponent(path), exchange: url.searchParams.get('exchange') ?? '', routingKey };
}

export const rabbitmqPlatform: Platform = {
  ...busPlatform({ id: 'rabbitmq', label: 'RabbitMQ / AMQP 0-9-1 (CloudEvents)', transport: 'amqp', checkUrl: amqpTarget }),
  render: (event, target) => {
    const url = new URL(target.url);
    if (!url.searchParams.has('routingKey')) url.searchParams.set('routingKey', '{event}');
    return renderBusMessage(event, { ...target, url: url.toString() });
  },
};
