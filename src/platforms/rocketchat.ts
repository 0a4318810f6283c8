import { z } from 'zod';
import { jsonObject, messages } from './answer.ts';
import { TONE_HEX } from './mattermost.ts';
import { buildMessage, describe, MARKDOWN, truncate } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Rocket.Chat incoming webhook (Administration → Integrations): the headline
 * as `text` and one attachment with the details and short fields. A message
 * longer than the server's Message_MaxAllowedSize (5000 characters by
 * default) is refused, so the text and the attachment text are each cut to it.
 */
export const ROCKETCHAT_LIMITS = { text: 5000, attachmentText: 5000, fieldValue: 1000 } as const;

export const RocketChatOptionsSchema = z.strictObject({
  channel: z.string().min(1).max(100).optional().describe('"#channel" or "@user" to post to instead of the integration\'s default'),
  alias: z.string().min(1).max(100).optional().describe('Name shown as the sender'),
});

export const rocketchatPlatform: Platform = {
  id: 'rocketchat',
  label: 'Rocket.Chat (incoming webhook)',
  heraldSignature: false,
  credentialUrl: true,
  url: { label: 'Webhook URL', description: 'https://<server>/hooks/<integration id>/<token>; the token is the credential', example: 'https://chat.example.com/hooks/abc123/xyz789' },
  options: RocketChatOptionsSchema,
  render(event, target) {
    const msg = buildMessage(event, target.delayedMs);
    const options = RocketChatOptionsSchema.parse(target.options ?? {});
    const main = target.template === null ? describe(msg, MARKDOWN).join('\n') : renderTemplate(target.template, event);
    const attachment: Record<string, unknown> = { color: TONE_HEX[msg.tone] };
    const text = truncate(main, ROCKETCHAT_LIMITS.attachmentText);
    if (text.trim() !== '') attachment.text = text;
    if (msg.facts.length > 0) {
      attachment.fields = msg.facts.map((f) => ({ short: true, title: f.label, value: truncate(f.value, ROCKETCHAT_LIMITS.fieldValue) }));
    }
    const body = { ...options, text: truncate(msg.headline, ROCKETCHAT_LIMITS.text), attachments: [attachment] };
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  /** `{"success":true}`; a script or a server that refuses may answer 200 with `{"success":false,"error":…}`. */
  interpret(_status, body) {
    const record = jsonObject(body);
    if (record?.success !== false) return { ok: true };
    return { ok: false, error: messages(record.error) || 'success: false' };
  },
  readRefusal(_status, body) {
    const record = jsonObject(body);
    const text = record === undefined ? '' : messages(record.error) || messages(record.message);
    return text === '' ? {} : { error: text };
  },
};
