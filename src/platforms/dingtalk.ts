import { messageFor } from './group-message.ts';
import { createHmac } from 'node:crypto';
import { codeInBody } from './answer.ts';
import { describe, factLines, fitJson, MARKDOWN, truncate } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * DingTalk custom robot: `msgtype: markdown` with a title (the chat-list
 * preview) and the text. DingTalk refuses bodies over 20000 bytes
 * (errcode 460101), so the text shrinks until the body fits with room to spare.
 */
export const DINGTALK_MAX_BODY_BYTES = 20000;
const BODY_BUDGET = 18000;
const TITLE_MAX = 100;

/**
 * DingTalk's "加签": HMAC-SHA256 keyed with the secret over "<ms>\n<secret>",
 * base64, then URL-encoded into the query with the timestamp. DingTalk
 * accepts it for an hour.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

export function dingtalkSignedUrl(url: string, secret: string, now: Date): string {
  const u = new URL(url);
  const timestamp = now.getTime();
  // A URL pasted with an old signature would otherwise carry two.
  u.searchParams.delete('timestamp');
  u.searchParams.delete('sign');
  u.searchParams.append('timestamp', String(timestamp));
  u.searchParams.append('sign', dingtalkSign(secret, timestamp)); // form-encodes + / = as %2B %2F %3D
  return u.toString();
}

export const dingtalkPlatform: Platform = {
  id: 'dingtalk',
  label: 'DingTalk (custom robot)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Robot webhook URL', description: 'https://oapi.dingtalk.com/robot/send?access_token=…; the token is the credential' },
  secret: { label: 'Signing secret', description: 'The robot\'s "加签" secret (SEC…); Herald signs the URL with it. Leave empty when the robot uses keywords or an IP list.' },
  // DingTalk: a custom robot takes 20 messages a minute; over that it is throttled for 10 minutes.
  rate: { requests: 20, perSeconds: 60, per: 'robot' },
  render(event, target, now) {
    const msg = messageFor(event, target);
    // Markdown needs blank lines between paragraphs; a template is the whole text.
    const rendered = target.template === null
      ? [`#### ${msg.headline}`, ...describe(msg, MARKDOWN), ...factLines(msg, MARKDOWN)].join('\n\n')
      : renderTemplate(target.template, event);
    const full = rendered.trim() === '' ? msg.headline : rendered; // DingTalk refuses an empty text
    const title = truncate(msg.headline, TITLE_MAX);
    const body = fitJson((budget) => ({
      msgtype: 'markdown',
      markdown: { title, text: truncate(full, budget, 'bytes') },
    }), BODY_BUDGET, BODY_BUDGET);
    const headers = { 'content-type': 'application/json' };
    if (target.secret === null) return { body, headers };
    return { url: dingtalkSignedUrl(target.url, target.secret, now), body, headers };
  },
  interpret(_status, body) {
    return codeInBody(body, ['errcode'], ['errmsg'], 'errcode');
  },
};
