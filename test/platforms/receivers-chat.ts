import { answer, Checks, isObj, jsonAnswer, type Obj, type Received, type Receiver, type Verdict } from './checks.ts';

/**
 * Stand-ins for Mattermost, Google Chat, Telegram and Rocket.Chat: their
 * documented limits and structure, and their own error answers.
 */

export const TELEGRAM_CHAT_ID = '-1001234567890';
const TELEGRAM_TOKEN_PATH = /^\/bot\d+:[A-Za-z0-9_-]+\/sendMessage$/;

/** Tags Telegram's HTML parse mode accepts; anything else is "Unsupported start tag". */
const TELEGRAM_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre', 'blockquote', 'tg-emoji']);
const GOOGLE_TAGS = new Set(['b', 'i', 'u', 's', 'font', 'a', 'br']);
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/**
 * Parses text the way Telegram reads `parse_mode: HTML`: tags from `allowed`,
 * properly nested and closed; `&` only as &lt; &gt; &amp; &quot; or a numeric
 * entity; a bare `<` is an error. Returns the text shown, or the parse error.
 */
export function parseHtml(html: string, allowed: ReadonlySet<string>, voidTags: ReadonlySet<string> = new Set()): { text: string } | { error: string } {
  const open: string[] = [];
  let text = '';
  let i = 0;
  while (i < html.length) {
    const ch = html[i]!;
    if (ch === '<') {
      const m = /^<(\/?)([a-z][a-z0-9-]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*>/i.exec(html.slice(i));
      if (m === null) return { error: `Unsupported start tag at byte offset ${i}` };
      const [whole, closing, name] = [m[0], m[1] === '/', m[2]!.toLowerCase()];
      if (!allowed.has(name)) return { error: `Unsupported start tag "${name}" at byte offset ${i}` };
      if (voidTags.has(name)) { i += whole.length; continue; }
      if (closing) {
        if (open.pop() !== name) return { error: `Unmatched end tag at byte offset ${i}, expected "</${open.at(-1) ?? ''}>", found "</${name}>"` };
      } else {
        open.push(name);
      }
      i += whole.length;
    } else if (ch === '&') {
      const m = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i.exec(html.slice(i));
      if (m === null) return { error: `Character entity expected at byte offset ${i}` };
      if (m[1] !== undefined) {
        const decoded = ENTITIES[m[1]];
        if (decoded === undefined) return { error: `Unsupported HTML entity "&${m[1]};"` };
        text += decoded;
      } else {
        text += String.fromCodePoint(m[2] !== undefined ? Number(m[2]) : parseInt(m[3]!, 16));
      }
      i += m[0].length;
    } else if (ch === '>') {
      return { error: `Unexpected ">" at byte offset ${i}` };
    } else {
      text += ch;
      i += 1;
    }
  }
  if (open.length > 0) return { error: `Can't find end tag corresponding to start tag "${open.at(-1)}"` };
  return { text };
}

const telegramError = (status: number, description: string): Verdict =>
  ({ ...jsonAnswer(status, { ok: false, error_code: status, description }), problems: [description] });

function telegram(req: Received): Verdict {
  if (!TELEGRAM_TOKEN_PATH.test(new URL(req.url, 'http://receiver').pathname)) return telegramError(404, 'Not Found');
  const c = new Checks();
  const body = c.json(req);
  if (c.problems.length > 0) return telegramError(400, 'Bad Request: message text is empty');
  if (String(body.chat_id) !== TELEGRAM_CHAT_ID) return telegramError(400, 'Bad Request: chat not found');
  if (body.parse_mode !== 'HTML') return telegramError(400, `Bad Request: unsupported parse_mode ${String(body.parse_mode)}`);
  if (typeof body.text !== 'string' || body.text.trim() === '') return telegramError(400, 'Bad Request: message text is empty');
  const parsed = parseHtml(body.text, TELEGRAM_TAGS);
  if ('error' in parsed) return telegramError(400, `Bad Request: can't parse entities: ${parsed.error}`);
  if (parsed.text.length > 4096) return telegramError(400, 'Bad Request: message is too long');
  return { ...jsonAnswer(200, { ok: true, result: { message_id: 1, chat: { id: Number(TELEGRAM_CHAT_ID) }, text: parsed.text } }), problems: [] };
}

function mattermost(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  const attachments = (body.attachments ?? []) as Obj[];
  c.that(typeof body.text === 'string' || attachments.length > 0, 'No text specified');
  if (body.text !== undefined) c.text(body.text, 'text', 16383);
  const size = JSON.stringify(attachments).length;
  c.that(size <= 7900, `Maximum attachments length is 7900 characters, received size is ${size}`);
  for (const a of attachments) {
    c.that(typeof a.color !== 'string' || /^#[0-9a-f]{6}$/i.test(a.color), 'attachment color is not #rrggbb');
    ((a.fields ?? []) as Obj[]).forEach((f, i) => { c.text(f.title, `field ${i} title`, 1000); c.text(f.value, `field ${i} value`, 7900); });
  }
  return answer(c, { status: 200, body: 'ok' }, jsonAnswer(400, {
    id: 'web.incoming_webhook.parse.app_error', message: c.problems[0] ?? '', detailed_error: '', request_id: 'rid', status_code: 400,
  }));
}

function googlechat(req: Received): Verdict {
  const query = new URL(req.url, 'http://receiver').searchParams;
  if (query.get('key') === null || query.get('token') === null) {
    return { ...jsonAnswer(401, { error: { code: 401, message: 'Request is missing required authentication credential.', status: 'UNAUTHENTICATED' } }), problems: ['no key/token'] };
  }
  const c = new Checks();
  c.bytes(req, 32000);
  const body = c.json(req);
  const cards = (body.cardsV2 ?? []) as Obj[];
  c.that(typeof body.text === 'string' || cards.length > 0, 'neither text nor cardsV2');
  for (const entry of cards) {
    c.that(typeof entry.cardId === 'string', 'cardsV2 entry without cardId');
    const card = (entry.card ?? {}) as Obj;
    c.text((card.header as Obj | undefined)?.title, 'card header title', 1000);
    const sections = (card.sections ?? []) as Obj[];
    c.that(sections.length >= 1, 'card without sections');
    for (const s of sections) {
      for (const w of (s.widgets ?? []) as Obj[]) {
        const text = isObj(w.textParagraph) ? w.textParagraph.text : isObj(w.decoratedText) ? w.decoratedText.text : undefined;
        c.that(typeof text === 'string', `unexpected widget ${Object.keys(w).join(',')}`);
        if (typeof text === 'string') {
          const parsed = parseHtml(text, GOOGLE_TAGS, new Set(['br']));
          c.that(!('error' in parsed), `card text does not parse: ${'error' in parsed ? parsed.error : ''}`);
        }
      }
    }
  }
  return answer(c, jsonAnswer(200, { name: 'spaces/AAAA/messages/1', text: body.text ?? '' }),
    jsonAnswer(400, { error: { code: 400, message: `Invalid JSON payload received. ${c.problems[0] ?? ''}`, status: 'INVALID_ARGUMENT' } }));
}

function rocketchat(req: Received): Verdict {
  const c = new Checks();
  const body = c.json(req);
  c.text(body.text, 'text', 5000);
  for (const a of (body.attachments ?? []) as Obj[]) {
    if (a.text !== undefined) c.text(a.text, 'attachment text', 5000);
    ((a.fields ?? []) as Obj[]).forEach((f, i) => { c.text(f.title, `field ${i} title`, 1000); c.text(f.value, `field ${i} value`, 5000); });
  }
  return answer(c, jsonAnswer(200, { success: true }), jsonAnswer(400, { success: false, error: c.problems[0] ?? 'error-invalid-message' }));
}

export const CHAT_RECEIVERS: Record<string, Receiver> = { mattermost, googlechat, telegram, rocketchat };

export const CHAT_PATHS: Record<string, string> = {
  mattermost: '/hooks/xxx-generatedkey-xxx',
  googlechat: '/v1/spaces/AAAA/messages?key=KEY&token=TOKEN',
  telegram: '/bot123456:ABC-DEF1234ghIkl/sendMessage',
  rocketchat: '/hooks/abc123/xyz789',
};

export const CHAT_OPTIONS: Record<string, Record<string, string | number | boolean>> = {
  telegram: { chatId: TELEGRAM_CHAT_ID },
};
