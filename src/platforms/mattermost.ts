import { jsonObject, messages } from './answer.ts';
import { buildMessage, describe, fitJson, MARKDOWN, truncate, type Tone } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';
import { z } from 'zod';

/**
 * Mattermost incoming webhook: one Slack-style message attachment (colour
 * bar, title, markdown text, short fields, footer), no top-level text. Post
 * text may hold 16383 characters since Mattermost 5.0, but servers before it
 * refused attachments over 7900 characters ("Maximum attachments length is
 * 7900 characters"); the whole body is kept under 7900 bytes, which no
 * server refuses, and bytes are never fewer than characters.
 */
export const MATTERMOST_LIMITS = { body: 7900, title: 500 } as const;
const BUDGET = 7000;

/** Hex colours by tone, the ones Discord uses; Rocket.Chat attachments take the same form. */
export const TONE_HEX: Record<Tone, string> = {
  good: '#2ecc71', info: '#3498db', warning: '#e67e22', danger: '#e74c3c', critical: '#992d22', neutral: '#95a5a6',
};

export const MattermostOptionsSchema = z.strictObject({
  channel: z.string().min(1).max(64).optional().describe('Channel name to post in instead of the webhook\'s own (if the webhook allows it)'),
  username: z.string().min(1).max(64).optional().describe('Name shown as the sender (needs "Enable integrations to override usernames")'),
});

export const mattermostPlatform: Platform = {
  id: 'mattermost',
  label: 'Mattermost (incoming webhook)',
  heraldSignature: false,
  credentialUrl: true,
  url: { label: 'Incoming webhook URL', description: 'https://<server>/hooks/<key>; the key is the credential', example: 'https://chat.example.com/hooks/xxx-generatedkey-xxx' },
  options: MattermostOptionsSchema,
  // Mattermost's own rate limiting is off by default; switched on, it allows 10 requests per second per client.
  rate: { requests: 10, perSeconds: 1, per: 'server, when its rate limiting is on' },
  render(event, target) {
    const msg = buildMessage(event, target.delayedMs);
    const options = MattermostOptionsSchema.parse(target.options ?? {});
    const main = target.template === null ? describe(msg, MARKDOWN).join('\n') : renderTemplate(target.template, event);
    const title = truncate(msg.headline, MATTERMOST_LIMITS.title);
    const body = fitJson((budget) => {
      const text = truncate(main, budget);
      const attachment: Record<string, unknown> = { fallback: title, color: TONE_HEX[msg.tone], title };
      if (text.trim() !== '') attachment.text = text;
      if (msg.facts.length > 0) attachment.fields = msg.facts.map((f) => ({ short: true, title: f.label, value: f.value }));
      attachment.footer = truncate(`Herald · ${event.source}`, 200);
      return { ...options, attachments: [attachment] };
    }, MATTERMOST_LIMITS.body, BUDGET);
    return { body, headers: { 'content-type': 'application/json' } };
  },
  // 200 with a plain `ok`; refusals are 4xx with a JSON AppError.
  interpret() {
    return { ok: true };
  },
  /** `{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}`. */
  readRefusal(_status, body) {
    const record = jsonObject(body);
    if (record === undefined) return {};
    const text = [messages(record.message), messages(record.detailed_error)].filter((m) => m !== '').join(': ');
    const id = typeof record.id === 'string' ? ` (${record.id})` : '';
    return text === '' ? {} : { error: `${text}${id}` };
  },
};
