import { HTTP } from 'cloudevents';
import type { Received, Receiver, Verdict } from './receivers.ts';

/**
 * Stand-ins for the destinations that are not chat webhooks: a CloudEvents
 * consumer that parses with the official SDK (HTTP binary or structured, and
 * the structured document a bus carries), and a mail reader that wants a
 * subject, a plain-text and an HTML body. The brokers and the SMTP server
 * themselves are exercised for real in test/delivery/transports/.
 */
function cloudEvent(req: Received): Verdict {
  const problems: string[] = [];
  try {
    const parsed = HTTP.toEvent({ headers: req.headers as Record<string, string>, body: req.body });
    const ce = Array.isArray(parsed) ? parsed[0] : parsed;
    if (ce === undefined) problems.push('no CloudEvent in the request');
    else {
      if (ce.specversion !== '1.0') problems.push(`specversion ${ce.specversion}`);
      if (!String(ce.type).startsWith('io.herald.')) problems.push(`type ${ce.type}`);
      const data = ce.data as Record<string, unknown> | undefined;
      if (typeof data?.id !== 'string' || typeof data.event !== 'string') problems.push('data is not a Herald event payload');
    }
  } catch (err) {
    problems.push(`the CloudEvents SDK refused it: ${(err as Error).message}`);
  }
  return { status: problems.length === 0 ? 202 : 400, body: '', problems };
}

function email(req: Received): Verdict {
  const problems: string[] = [];
  const msg = JSON.parse(req.body) as Record<string, unknown>;
  for (const key of ['subject', 'text', 'html']) if (typeof msg[key] !== 'string' || msg[key] === '') problems.push(`no ${key}`);
  if (typeof msg.subject === 'string' && /[\r\n]/.test(msg.subject)) problems.push('the subject has a line break');
  return { status: problems.length === 0 ? 200 : 400, body: '', problems };
}

export const TRANSPORT_RECEIVERS: Record<string, Receiver> = {
  'cloudevents-structured': cloudEvent, 'cloudevents-binary': cloudEvent,
  email, nats: cloudEvent, rabbitmq: cloudEvent, mqtt: cloudEvent, 'redis-streams': cloudEvent,
};

export const TRANSPORT_PATHS: Record<string, string> = {
  'cloudevents-structured': '/events',
  'cloudevents-binary': '/events',
  email: '/?from=herald@example.test&to=ops@example.test',
  nats: '/herald.{event}',
  rabbitmq: '/?exchange=herald',
  mqtt: '/herald/{namespace}/{event}',
  'redis-streams': '/0?stream=herald',
};
