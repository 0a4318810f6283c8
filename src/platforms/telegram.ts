import { z } from 'zod';
import { jsonObject, messages } from './answer.ts';
import { cutHtml, htmlMarkup } from './html-text.ts';
import { buildMessage, describe, factLines } from './message.ts';
import type { Platform, Refusal } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Telegram Bot API `sendMessage` with `parse_mode: "HTML"`: bold headline,
 * the details, the facts. HTML rather than MarkdownV2 because its escaping is
 * three characters (&, <, >) instead of eighteen, and a cut can close its
 * tags. Text is at most 4096 characters after entities are parsed; the markup
 * is kept within that, which is never fewer. Event data goes through
 * escapeHtml, so `<b>` or `&amp;` in a label shows as written.
 */
export const TELEGRAM_LIMITS = { text: 4096 } as const;

const MARKUP = htmlMarkup('code');

export const TelegramOptionsSchema = z.strictObject({
  chatId: z.union([z.string().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31})$/, 'must be a numeric chat id or @channelusername'), z.number().int()])
    .describe('Chat to post in: a numeric id (groups are negative, e.g. -1001234567890) or @channelusername'),
  messageThreadId: z.number().int().positive().optional().describe('Forum topic to post in'),
  disableNotification: z.boolean().optional().describe('Deliver silently'),
});

/** Statuses Telegram documents as not fixed by sending again (bad request, bot token revoked, bot blocked or removed). */
const PERMANENT = new Set([400, 401, 403, 404]);

export const telegramPlatform: Platform = {
  id: 'telegram',
  label: 'Telegram (Bot API)',
  heraldSignature: false,
  credentialUrl: true,
  url: { label: 'sendMessage URL', description: 'https://api.telegram.org/bot<token>/sendMessage; the bot token is the credential', example: 'https://api.telegram.org/bot123456:ABC-DEF/sendMessage' },
  options: TelegramOptionsSchema,
  // Telegram's FAQ: about one message per second in a chat, 20 per minute in a group.
  rate: { requests: 20, perSeconds: 60, per: 'group chat (1 per second in a private chat)' },
  render(event, target) {
    const msg = buildMessage(event, target.delayedMs);
    const options = TelegramOptionsSchema.parse(target.options ?? {});
    const main = target.template === null ? describe(msg, MARKUP).join('\n') : renderTemplate(target.template, event, MARKUP.escape);
    const facts = factLines(msg, MARKUP).join('\n');
    const text = cutHtml([MARKUP.bold(MARKUP.escape(msg.headline)), main, facts].filter((t) => t.trim() !== '').join('\n\n'), TELEGRAM_LIMITS.text);
    const body: Record<string, unknown> = { chat_id: options.chatId, text, parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
    if (options.messageThreadId !== undefined) body.message_thread_id = options.messageThreadId;
    if (options.disableNotification !== undefined) body.disable_notification = options.disableNotification;
    return { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } };
  },
  /** Every answer is `{"ok":true,"result":…}` or `{"ok":false,"error_code":…,"description":…}`. */
  interpret(_status, body) {
    const record = jsonObject(body);
    if (record?.ok !== false) return { ok: true };
    return { ok: false, error: describeError(record) };
  },
  readRefusal(status, body) {
    const record = jsonObject(body);
    if (record === undefined) return {};
    const refusal: Refusal = { error: describeError(record) };
    const retryAfter = (record.parameters as Record<string, unknown> | undefined)?.retry_after;
    if (typeof retryAfter === 'number' && retryAfter >= 0) refusal.retryAfterMs = retryAfter * 1000;
    if (PERMANENT.has(status)) refusal.permanent = true;
    return refusal;
  },
};

function describeError(record: Record<string, unknown>): string {
  const code = typeof record.error_code === 'number' ? `${record.error_code} ` : '';
  return `${code}${messages(record.description) || 'ok: false'}`;
}
