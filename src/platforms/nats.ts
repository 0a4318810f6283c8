import { badUrl, busPlatform, pathName } from './bus-message.ts';

/**
 * NATS JetStream: `nats://host:4222/<subject>`. The subject must be captured
 * by a stream; a publish succeeds only when the stream acknowledged it, and
 * `Nats-Msg-Id` (the delivery id) lets the stream drop a retry it already has.
 */
export function natsSubject(url: URL): string {
  const subject = pathName(url);
  if (subject === '' || /[\s*>]/.test(subject) || subject.startsWith('.') || subject.endsWith('.') || subject.includes('..')) {
    throw badUrl('a NATS destination needs a subject without wildcards, e.g. nats://nats:4222/herald.{event}');
  }
  return subject;
}

export const natsPlatform = busPlatform({ id: 'nats', label: 'NATS JetStream (CloudEvents)', transport: 'nats', checkUrl: natsSubject });
