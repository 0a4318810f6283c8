import { messageFor } from './group-message.ts';
import { createHmac } from 'node:crypto';
import { codeInBody } from './answer.ts';
import { describe, factLines, fitJson, inlineCode, truncate, type Markup, type Tone } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Feishu / Lark custom bot: `msg_type: interactive` with a card in JSON 2.0
 * form (coloured header, markdown elements). Feishu answers 9499 "Bad
 * Request" to bodies over 20 KB, so the main text shrinks until the body fits.
 */
export const FEISHU_MAX_BODY_BYTES = 20 * 1024;
const BODY_BUDGET = 18000;
const HEADER_MAX = 200;

const HEADER_COLOURS: Record<Tone, string> = {
  good: 'green', info: 'blue', warning: 'orange', danger: 'red', critical: 'carmine', neutral: 'grey',
};

/**
 * Feishu card markdown reads HTML tags such as `<at id=all></at>` (a mention
 * of everyone); event data gets &, < and > as the numeric entities Feishu
 * documents, so it shows as text.
 */
const escape = (t: string): string => t.replace(/&/g, '&#38;').replace(/</g, '&#60;').replace(/>/g, '&#62;');
export const FEISHU_MARKUP: Markup = {
  bold: (t) => `**${t}**`,
  code: (t) => inlineCode(t, escape),
  escape,
  bullet: '- ',
  link: (url, text) => `[${text}](${url})`,
};

/**
 * Feishu's signature: HMAC-SHA256 keyed with "<seconds>\n<secret>" over an
 * empty message, base64. Not DingTalk's scheme, though it looks alike.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export const feishuPlatform: Platform = {
  id: 'feishu',
  label: 'Feishu / Lark (custom bot)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Bot webhook URL', description: 'https://open.feishu.cn/open-apis/bot/v2/hook/…; the hook id is the credential' },
  secret: { label: 'Signing secret', description: 'The bot\'s signature-verification secret; Herald signs the body with it. Leave empty when the bot does not verify signatures.' },
  // Feishu/Lark: a custom bot takes 100 requests a minute (and 5 a second).
  rate: { requests: 100, perSeconds: 60, per: 'bot' },
  render(event, target, now) {
    const msg = messageFor(event, target);
    const m = FEISHU_MARKUP;
    const main = target.template === null ? describe(msg, m).join('\n') : renderTemplate(target.template, event, m.escape);
    const facts = factLines(msg, m).join('\n');
    const headline = truncate(msg.headline, HEADER_MAX);
    const signature: Record<string, string> = {};
    if (target.secret !== null) {
      const timestamp = Math.floor(now.getTime() / 1000);
      signature.timestamp = String(timestamp);
      signature.sign = feishuSign(target.secret, timestamp);
    }
    const body = fitJson((budget) => {
      const text = truncate(main, budget, 'bytes');
      const elements = [text, facts].filter((t) => t.trim() !== '').map((content) => ({ tag: 'markdown', content }));
      return {
        ...signature,
        msg_type: 'interactive',
        card: {
          schema: '2.0',
          config: { summary: { content: headline } },
          header: { title: { tag: 'plain_text', content: headline }, template: HEADER_COLOURS[msg.tone] },
          body: { elements },
        },
      };
    }, BODY_BUDGET, BODY_BUDGET);
    return { body, headers: { 'content-type': 'application/json' } };
  },
  interpret(_status, body) {
    return codeInBody(body, ['code', 'StatusCode'], ['msg', 'StatusMessage'], 'code');
  },
};
