import { createHmac } from 'node:crypto';
import { answer, Checks, isObj, jsonAnswer, type Obj, type Received, type Receiver, type Verdict } from './checks.ts';
import { CHAT_OPTIONS, CHAT_PATHS, CHAT_RECEIVERS } from './receivers-chat.ts';
import { PAGING_PATHS, PAGING_RECEIVERS, PAGING_SECRETS } from './receivers-paging.ts';
import { SECRET } from './events.ts';
import { TRANSPORT_PATHS, TRANSPORT_RECEIVERS } from './transport-receivers.ts';

/**
 * Stand-ins for each platform's receiving end: they check a request the way
 * the platform does (its documented limits, structure and signature) and
 * answer the way it answers, errors included. Lengths are UTF-16 units, which
 * is never less than what Slack or Discord count.
 */

export type { Received, Receiver, Verdict } from './checks.ts';

function slack(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const blocks = body.blocks;
  c.that(typeof body.text === 'string' || Array.isArray(blocks), 'neither text nor blocks');
  if (body.text !== undefined) c.text(body.text, 'text', 40000);
  if (Array.isArray(blocks)) {
    c.that(blocks.length >= 1 && blocks.length <= 50, `${blocks.length} blocks`);
    blocks.forEach((b: Obj, i) => {
      const t = b.text as Obj | undefined;
      if (b.type === 'header') {
        c.that(t?.type === 'plain_text', `block ${i}: header text is not plain_text`);
        c.text(t?.text, `block ${i} header`, 150);
      } else if (b.type === 'section') {
        c.that(t !== undefined || Array.isArray(b.fields), `block ${i}: section without text or fields`);
        if (t !== undefined) c.text(t.text, `block ${i} section text`, 3000);
        if (b.fields !== undefined) {
          const fields = b.fields as Obj[];
          c.that(fields.length >= 1 && fields.length <= 10, `block ${i}: ${fields.length} fields`);
          fields.forEach((f, j) => c.text(f.text, `block ${i} field ${j}`, 2000));
        }
      } else if (b.type === 'context') {
        const elements = b.elements as Obj[];
        c.that(elements.length >= 1 && elements.length <= 10, `block ${i}: ${elements.length} context elements`);
        elements.forEach((e, j) => c.text(e.text, `block ${i} context ${j}`, 3000));
      } else {
        c.problems.push(`block ${i}: unexpected type ${String(b.type)}`);
      }
    });
  }
  return answer(c, { status: 200, body: 'ok' }, { status: 400, body: 'invalid_blocks' });
}

function discord(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const embeds = (body.embeds ?? []) as Obj[];
  c.that(typeof body.content === 'string' || embeds.length > 0, 'neither content nor embeds');
  if (body.content !== undefined) c.text(body.content, 'content', 2000);
  c.that(embeds.length <= 10, `${embeds.length} embeds`);
  let total = 0;
  const count = (v: unknown): void => { if (typeof v === 'string') total += v.length; };
  for (const e of embeds) {
    if (e.title !== undefined) c.text(e.title, 'title', 256);
    if (e.description !== undefined) c.text(e.description, 'description', 4096);
    const fields = (e.fields ?? []) as Obj[];
    c.that(fields.length <= 25, `${fields.length} fields`);
    fields.forEach((f, i) => { c.text(f.name, `field ${i} name`, 256); c.text(f.value, `field ${i} value`, 1024); count(f.name); count(f.value); });
    const footer = e.footer as Obj | undefined;
    if (footer !== undefined) c.text(footer.text, 'footer', 2048);
    c.that(e.color === undefined || (Number.isInteger(e.color) && (e.color as number) >= 0 && (e.color as number) <= 0xffffff), 'color is not a 24-bit integer');
    c.that(e.timestamp === undefined || !Number.isNaN(Date.parse(String(e.timestamp))), 'timestamp is not ISO 8601');
    count(e.title); count(e.description); count(footer?.text);
  }
  c.that(total <= 6000, `embeds hold ${total} chars, over 6000`);
  return answer(c, { status: 204, body: '' }, jsonAnswer(400, { code: 50035, message: 'Invalid Form Body' }));
}

function dingtalk(req: Received, now: Date): Verdict {
  const query = new URL(req.url, 'http://receiver').searchParams;
  const timestamp = Number(query.get('timestamp'));
  const expected = createHmac('sha256', SECRET).update(`${timestamp}\n${SECRET}`).digest('base64');
  if (query.get('sign') !== expected || Math.abs(now.getTime() - timestamp) > 3600_000) {
    return { ...jsonAnswer(200, { errcode: 310000, errmsg: 'sign not match' }), problems: ['sign not match'] };
  }
  if (Buffer.byteLength(req.body) > 20000) {
    return { ...jsonAnswer(200, { errcode: 460101, errmsg: 'message too long, exceed 20000 bytes' }), problems: ['too long'] };
  }
  const c = new Checks();
  const body = c.json(req);
  const md = body.markdown as Obj | undefined;
  c.that(body.msgtype === 'markdown', 'msgtype is not markdown');
  c.text(md?.title, 'markdown.title', 20000);
  c.text(md?.text, 'markdown.text', 20000);
  return answer(c, jsonAnswer(200, { errcode: 0, errmsg: 'ok' }), jsonAnswer(200, { errcode: 40035, errmsg: '缺少参数 json' }));
}

function feishu(req: Received, now: Date): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const timestamp = Number(body.timestamp);
  const expected = createHmac('sha256', `${body.timestamp}\n${SECRET}`).update('').digest('base64');
  c.that(typeof body.timestamp === 'string' && /^\d+$/.test(body.timestamp), 'timestamp is not a string of seconds');
  if (body.sign !== expected || Math.abs(now.getTime() / 1000 - timestamp) > 3600) {
    return { ...jsonAnswer(200, { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' }), problems: ['sign'] };
  }
  c.bytes(req, 20 * 1024);
  const card = (body.card ?? {}) as Obj;
  const header = (card.header ?? {}) as Obj;
  c.that(body.msg_type === 'interactive', 'msg_type is not interactive');
  c.that(card.schema === '2.0', 'card schema is not 2.0');
  c.text((header.title as Obj | undefined)?.content, 'header title', 1000);
  const elements = ((card.body as Obj | undefined)?.elements ?? []) as Obj[];
  c.that(elements.length >= 1 && elements.length <= 200, `${elements.length} card elements`);
  for (const e of elements) {
    c.that(e.tag === 'markdown', `unexpected element ${String(e.tag)}`);
    c.text(e.content, 'markdown content', 20000);
  }
  return answer(c, jsonAnswer(200, { StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }),
    jsonAnswer(200, { code: 9499, msg: 'Bad Request', data: {} }));
}

function wecom(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const content = (body.markdown as Obj | undefined)?.content;
  c.that(body.msgtype === 'markdown', 'msgtype is not markdown');
  c.text(content, 'markdown.content', 20000);
  const size = Buffer.byteLength(String(content ?? ''));
  if (size > 4096) {
    return { ...jsonAnswer(200, { errcode: 40058, errmsg: 'markdown.content exceed max length 4096' }), problems: [`content is ${size} bytes`] };
  }
  return answer(c, jsonAnswer(200, { errcode: 0, errmsg: 'ok' }), jsonAnswer(200, { errcode: 40008, errmsg: 'invalid message type' }));
}

function teams(req: Received): Verdict {
  const c = new Checks();
  c.bytes(req, 28 * 1024);
  const body = c.json(req);
  const attachments = (body.attachments ?? []) as Obj[];
  c.that(body.type === 'message', 'type is not message');
  c.that(attachments.length === 1, `${attachments.length} attachments`);
  const card = (attachments[0]?.content ?? {}) as Obj;
  c.that(attachments[0]?.contentType === 'application/vnd.microsoft.card.adaptive', 'not an adaptive card attachment');
  c.that(card.type === 'AdaptiveCard' && ['1.4', '1.5'].includes(String(card.version)), 'not an AdaptiveCard 1.4/1.5');
  const items = (card.body ?? []) as Obj[];
  c.that(items.length >= 1, 'empty card body');
  for (const item of items) {
    if (item.type === 'TextBlock') c.text(item.text, 'TextBlock', 20000);
    else if (item.type === 'FactSet') (item.facts as Obj[]).forEach((f) => { c.text(f.title, 'fact title', 1000); c.text(f.value, 'fact value', 1000); });
    else c.problems.push(`unexpected element ${String(item.type)}`);
  }
  return answer(c, { status: 202, body: '' }, jsonAnswer(400, { error: { code: 'InvalidRequestContent' } }));
}

function custom(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const isEvent = (e: unknown) => isObj(e) && typeof e.id === 'string' && typeof e.event === 'string';
  // A grouped custom webhook gets the documented batch: {type: "herald.batch", count, events}.
  if (body.type === 'herald.batch') {
    const events = Array.isArray(body.events) ? body.events : [];
    c.that(events.length >= 2 && events.length === body.count && events.every(isEvent), 'not a Herald batch payload');
  } else {
    c.that(isEvent(body), 'not a Herald event payload');
  }
  return answer(c, { status: 200, body: '' }, { status: 400, body: '' });
}

export const RECEIVERS: Record<string, Receiver> = { custom, slack, discord, dingtalk, feishu, wecom, teams, ...CHAT_RECEIVERS, ...PAGING_RECEIVERS, ...TRANSPORT_RECEIVERS };

/** The path each platform's webhook URL has, so URL handling is exercised as in real use. */
export const PATHS: Record<string, string> = {
  custom: '/hooks/herald',
  slack: '/services/T000/B000/XXXX',
  discord: '/api/webhooks/123/token',
  dingtalk: '/robot/send?access_token=abc123',
  feishu: '/open-apis/bot/v2/hook/0000-1111',
  wecom: '/cgi-bin/webhook/send?key=0000-1111',
  teams: '/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=xyz',
  ...CHAT_PATHS,
  ...PAGING_PATHS,
  ...TRANSPORT_PATHS,
};

/** The `platformOptions` each platform's webhook is made with in these tests. */
export const OPTIONS: Record<string, Record<string, string | number | boolean>> = { ...CHAT_OPTIONS };

/** The secret each platform's webhook is made with: PagerDuty wants a 32-character routing key. */
export const SECRETS: Record<string, string> = { ...PAGING_SECRETS };
