import { Checks, isObj, jsonAnswer, type Obj, type Received, type Receiver, type Verdict } from './checks.ts';

/**
 * Stand-ins for PagerDuty's Events API v2 and Opsgenie's Alert API: their
 * documented fields and limits, their credentials, and their error bodies.
 */

export const PAGERDUTY_ROUTING_KEY = 'R0123456789abcdef0123456789abcde';
export const OPSGENIE_API_KEY = 'eb243592-faa2-4ba2-a551q-1afdf565c889';

const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);
const ACTIONS = new Set(['trigger', 'acknowledge', 'resolve']);

function pagerduty(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  c.that(new URL(req.url, 'http://receiver').pathname === '/v2/enqueue', 'not /v2/enqueue');
  c.that(typeof body.routing_key === 'string' && body.routing_key.length === 32, "Length of 'routing_key' is incorrect (should be 32 characters)");
  c.that(body.routing_key === PAGERDUTY_ROUTING_KEY || typeof body.routing_key !== 'string' || body.routing_key.length !== 32, 'Invalid routing key');
  c.that(ACTIONS.has(String(body.event_action)), "'event_action' is invalid");
  if (body.event_action !== 'trigger') c.text(body.dedup_key, 'dedup_key', 255);
  else if (body.dedup_key !== undefined) c.text(body.dedup_key, 'dedup_key', 255);
  c.that(Buffer.byteLength(req.body) <= 512 * 1024, 'event is over 512 KB');
  if (body.event_action === 'trigger') {
    const payload = (body.payload ?? {}) as Obj;
    c.text(payload.summary, "'payload.summary'", 1024);
    c.text(payload.source, "'payload.source'", 255);
    c.that(SEVERITIES.has(String(payload.severity)), "'payload.severity' is invalid (must be one of critical, error, warning, info)");
    c.that(payload.timestamp === undefined || !Number.isNaN(Date.parse(String(payload.timestamp))), "'payload.timestamp' is not ISO 8601");
    c.that(payload.custom_details === undefined || isObj(payload.custom_details), "'payload.custom_details' is not an object");
  }
  if (c.problems.length > 0) {
    return { ...jsonAnswer(400, { status: 'invalid event', message: 'Event object is invalid', errors: c.problems }), problems: c.problems };
  }
  return { ...jsonAnswer(202, { status: 'success', message: 'Event processed', dedup_key: body.dedup_key }), problems: [] };
}

const CLOSE_PATH = /^\/v2\/alerts\/([^/]+)\/close$/;

function opsgenie(req: Received): Verdict {
  if (req.headers.authorization !== `GenieKey ${OPSGENIE_API_KEY}`) {
    return { ...jsonAnswer(401, { message: 'Could not authenticate', took: 0, requestId: 'r1' }), problems: ['Could not authenticate'] };
  }
  const url = new URL(req.url, 'http://receiver');
  const c = new Checks();
  const body = c.json(req);
  const close = CLOSE_PATH.exec(url.pathname);
  if (close !== null) {
    c.that(url.searchParams.get('identifierType') === 'alias', 'identifierType is not alias');
    c.that(decodeURIComponent(close[1]!).length <= 512, 'alias is longer than 512');
    if (body.note !== undefined) c.text(body.note, 'note', 25000);
    if (body.source !== undefined) c.text(body.source, 'source', 100);
    if (body.user !== undefined) c.text(body.user, 'user', 100);
  } else if (url.pathname === '/v2/alerts') {
    c.text(body.message, 'Message', 130);
    if (body.alias !== undefined) c.text(body.alias, 'Alias', 512);
    if (body.description !== undefined) c.text(body.description, 'Description', 15000);
    if (body.entity !== undefined) c.text(body.entity, 'Entity', 512);
    if (body.source !== undefined) c.text(body.source, 'Source', 100);
    const tags = (body.tags ?? []) as unknown[];
    c.that(tags.length <= 20, `${tags.length} tags, at most 20`);
    tags.forEach((t, i) => c.text(t, `tag ${i}`, 50));
    const details = (body.details ?? {}) as Record<string, unknown>;
    const size = Object.entries(details).reduce((n, [k, v]) => n + k.length + String(v).length, 0);
    c.that(size <= 8000, `details hold ${size} chars, over 8000`);
    c.that(body.priority === undefined || /^P[1-5]$/.test(String(body.priority)), 'Priority should be one of [P1, P2, P3, P4, P5]');
  } else {
    return { ...jsonAnswer(404, { message: 'Not found', took: 0, requestId: 'r1' }), problems: [`no route ${url.pathname}`] };
  }
  if (c.problems.length > 0) {
    return {
      ...jsonAnswer(422, { message: 'Request body is not processable. Please check the errors.', errors: { message: c.problems[0] }, took: 0, requestId: 'r1' }),
      problems: c.problems,
    };
  }
  return { ...jsonAnswer(202, { result: 'Request will be processed', took: 0.1, requestId: 'r1' }), problems: [] };
}

export const PAGING_RECEIVERS: Record<string, Receiver> = { pagerduty, opsgenie };
export const PAGING_PATHS: Record<string, string> = { pagerduty: '/v2/enqueue', opsgenie: '/v2/alerts' };
export const PAGING_SECRETS: Record<string, string> = { pagerduty: PAGERDUTY_ROUTING_KEY, opsgenie: OPSGENIE_API_KEY };
