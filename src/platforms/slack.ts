import { messageFor } from './group-message.ts';
import { describe, inlineCode, truncate, type Markup } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Slack incoming webhook: Block Kit blocks (header, section, fields section,
 * context) plus a top-level `text` that notifications and old clients show.
 * Slack refuses a message whose blocks break a limit, so every text is cut:
 * header 150, section text 3000, at most 10 fields of 2000 each, 50 blocks.
 */
export const SLACK_LIMITS = { header: 150, sectionText: 3000, fields: 10, fieldText: 2000, blocks: 50, contextElements: 10 } as const;

/** Slack's mrkdwn: `*bold*`, and &, <, > must be escaped or they become links and mentions. */
const escape = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
export const SLACK_MARKUP: Markup = {
  bold: (t) => `*${t}*`,
  // Slack wants the escaping even inside code.
  code: (t) => inlineCode(escape(t), (x) => x),
  escape,
  bullet: '• ',
  // Slack's link syntax; `|` and `>` cannot appear in a URL Herald builds or accepts unescaped.
  link: (url, text) => `<${url.replace(/\|/g, '%7C').replace(/>/g, '%3E')}|${text}>`,
};

/** Cuts escaped mrkdwn without leaving half an entity ("&am…") behind. */
function mrkdwn(text: string, max: number): string {
  const cut = truncate(text, max);
  return cut === text ? cut : cut.replace(/&[a-z]{0,3}…$/, '…');
}

export const slackPlatform: Platform = {
  id: 'slack',
  label: 'Slack (incoming webhook)',
  heraldSignature: false,
  rendersGroups: true,
  credentialUrl: true,
  url: { label: 'Incoming webhook URL', description: 'https://hooks.slack.com/services/…; the URL is the credential' },
  // Slack: incoming webhooks take about one message per second (short bursts allowed), https://docs.slack.dev/apis/web-api/rate-limits.
  rate: { requests: 60, perSeconds: 60, per: 'webhook' },
  render(event, target) {
    const msg = messageFor(event, target);
    const m = SLACK_MARKUP;
    const main = target.template === null
      ? describe(msg, m).join('\n')
      : renderTemplate(target.template, event, m.escape);
    const blocks: unknown[] = [
      { type: 'header', text: { type: 'plain_text', text: truncate(msg.headline, SLACK_LIMITS.header), emoji: true } },
    ];
    // Slack rejects a section with empty text, so an empty template leaves it out.
    if (main.trim() !== '') blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn(main, SLACK_LIMITS.sectionText) } });
    if (msg.facts.length > 0) {
      blocks.push({
        type: 'section',
        fields: msg.facts.slice(0, SLACK_LIMITS.fields).map((f) => ({
          type: 'mrkdwn', text: mrkdwn(`${m.bold(f.label)}\n${m.escape(f.value)}`, SLACK_LIMITS.fieldText),
        })),
      });
    }
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: mrkdwn(`Herald · ${m.escape(event.source)} · ${event.id}`, SLACK_LIMITS.sectionText) }] });
    const body = { text: mrkdwn(m.escape(msg.headline), SLACK_LIMITS.sectionText), blocks };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  // Slack answers a plain-text `ok`; its refusals come as 4xx, which never reach here.
  interpret() {
    return { ok: true };
  },
};
