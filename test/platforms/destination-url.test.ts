import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillPlaceholders } from '../../src/platforms/bus-message.ts';
import { emailTarget } from '../../src/platforms/email.ts';
import { amqpTarget } from '../../src/platforms/rabbitmq.ts';
import { DEFAULT_STREAM_MAXLEN, redisStreamTarget } from '../../src/platforms/redis-streams.ts';
import { checkDestinationUrl } from '../../src/platforms/registry.ts';
import { CASES } from './events.ts';

/** What each destination reads from its URL, and what it refuses, naming the url field. */
describe('destination URLs', () => {
  const refuses = (f: () => unknown, message: RegExp) => assert.throws(f, (err: Error & { code?: string; field?: string }) => {
    assert.equal(err.code, 'VALIDATION');
    assert.equal(err.field, 'url');
    assert.match(err.message, message);
    return true;
  });

  it('fills placeholders from the event, cutting separators and wildcards to _', () => {
    const e = { ...CASES.update!, event: 'github.push', namespace: 'team/a b', name: '' };
    assert.equal(fillPlaceholders('herald.{event}.{namespace}.{name}', e), 'herald.github_push.team_a_b._');
    assert.equal(fillPlaceholders('/?routingKey=%7Bevent%7D', e), '/?routingKey=github_push', 'percent-encoded braces from a URL too');
  });

  it('RabbitMQ: vhost from the path, exchange and routing key from the query', () => {
    assert.deepEqual(amqpTarget(new URL('amqp://r:5672/?exchange=x')), { vhost: '/', exchange: 'x', routingKey: '{event}' });
    assert.deepEqual(amqpTarget(new URL('amqp://r/prod?routingKey=q')), { vhost: 'prod', exchange: '', routingKey: 'q' });
    refuses(() => amqpTarget(new URL('amqp://r/a/b')), /vhost only/);
  });

  it('Redis: database from the path, stream and maxLen from the query', () => {
    assert.deepEqual(redisStreamTarget(new URL('redis://r:6379/2?stream=s')), { db: 2, stream: 's', maxLen: DEFAULT_STREAM_MAXLEN });
    refuses(() => redisStreamTarget(new URL('redis://r/0?stream=s&maxLen=0')), /maxLen/);
    refuses(() => redisStreamTarget(new URL('redis://r/x?stream=s')), /database number/);
  });

  it('email: from and a list of recipients', () => {
    assert.deepEqual(emailTarget(new URL('smtp://m?from=a@x.test&to=b@x.test,%20c@x.test')), { from: 'a@x.test', to: ['b@x.test', 'c@x.test'] });
    refuses(() => emailTarget(new URL('smtp://m?from=nobody&to=b@x.test')), /from=/);
  });

  it('a URL must use its platform\'s transport scheme and carry no credentials', () => {
    checkDestinationUrl('mqtt', new URL('mqtts://broker:8883/herald/{event}'));
    checkDestinationUrl('custom', new URL('https://user:pass@receiver.test/'));
    refuses(() => checkDestinationUrl('mqtt', new URL('https://broker/x')), /takes mqtt:\/\/ or mqtts:\/\//);
    refuses(() => checkDestinationUrl('nats', new URL('nats://u:p@nats:4222/x')), /`auth`/);
    refuses(() => checkDestinationUrl('mqtt', new URL('mqtt://broker/herald/+/x')), /wildcards/);
    refuses(() => checkDestinationUrl('mqtt', new URL('mqtt://broker/herald/#')), /#fragment/);
  });
});
