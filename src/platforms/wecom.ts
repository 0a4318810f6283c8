import { messageFor } from './group-message.ts';
import { codeInBody } from './answer.ts';
import { describe, factLines, MARKDOWN, truncate, type Tone } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * WeCom (企业微信) group robot: `msgtype: markdown`. WeCom counts the content
 * in UTF-8 bytes and refuses more than 4096 (errcode 40058), so it is cut by
 * bytes. The robot's key in the URL is its only secret; nothing is signed.
 */
export const WECOM_MAX_CONTENT_BYTES = 4096;

/** WeCom markdown colours text with <font color="info|comment|warning">. */
const FONT_COLOURS: Record<Tone, string> = {
  good: 'info', info: 'comment', warning: 'warning', danger: 'warning', critical: 'warning', neutral: 'comment',
};

export const wecomPlatform: Platform = {
  id: 'wecom',
  label: 'WeCom (group robot)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Group robot webhook URL', description: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…; the key is the credential' },
  // WeCom: a group robot takes 20 messages a minute.
  rate: { requests: 20, perSeconds: 60, per: 'robot' },
  render(event, target) {
    const msg = messageFor(event, target);
    // The whole headline in the tone's colour: it is a sentence now, not "<type> <object>".
    const heading = `### <font color="${FONT_COLOURS[msg.tone]}">${msg.headline}</font>`;
    const rendered = target.template === null
      ? [heading, ...describe(msg, MARKDOWN), ...factLines(msg, MARKDOWN).map((l) => `> ${l}`)].join('\n')
      : renderTemplate(target.template, event);
    const content = truncate(rendered.trim() === '' ? msg.headline : rendered, WECOM_MAX_CONTENT_BYTES, 'bytes');
    const body = { msgtype: 'markdown', markdown: { content } };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  interpret(_status, body) {
    return codeInBody(body, ['errcode'], ['errmsg'], 'errcode');
  },
};
