import { jsonObject, messages } from './answer.ts';
import { cutHtml, htmlMarkup } from './html-text.ts';
import { buildMessage, describe, fitJson, truncate } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Google Chat space webhook: one card in the cards v2 form (header with the
 * headline, a text paragraph, a decorated text per fact) and a plain
 * `fallbackText` for notifications. Chat refuses a message over 32,000 bytes,
 * text and cards together, so the body is fitted under 30000. Card text reads
 * a few HTML tags (<b>, <i>, <font>, <a>, <br>), so event data is escaped;
 * there is no code tag, so values show as plain text.
 */
export const GOOGLECHAT_LIMITS = { body: 32000, title: 200, fact: 1000 } as const;
const BODY_BUDGET = 30000;

const MARKUP = htmlMarkup(null);

export const googlechatPlatform: Platform = {
  id: 'googlechat',
  label: 'Google Chat (space webhook)',
  heraldSignature: false,
  credentialUrl: true,
  url: { label: 'Webhook URL', description: 'https://chat.googleapis.com/v1/spaces/<space>/messages?key=…&token=…; key and token are the credential', example: 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=KEY&token=TOKEN' },
  // Chat API per-space quota: 60 message writes per 60 s, shared by every app in the space
  // (developers.google.com/workspace/chat/limits); over it, 429.
  rate: { requests: 1, perSeconds: 1, per: 'space' },
  render(event, target) {
    const msg = buildMessage(event, target.delayedMs);
    const main = target.template === null ? describe(msg, MARKUP).join('\n') : renderTemplate(target.template, event, MARKUP.escape);
    const title = truncate(msg.headline, GOOGLECHAT_LIMITS.title);
    const body = fitJson((budget) => {
      const text = cutHtml(main, budget);
      const sections: unknown[] = [];
      if (text.trim() !== '') sections.push({ widgets: [{ textParagraph: { text } }] });
      if (msg.facts.length > 0) {
        sections.push({
          widgets: msg.facts.map((f) => ({ decoratedText: { topLabel: f.label, text: cutHtml(MARKUP.escape(f.value), GOOGLECHAT_LIMITS.fact), wrapText: true } })),
        });
      }
      return {
        fallbackText: title,
        cardsV2: [{
          cardId: `herald-${event.id}`,
          card: { header: { title, subtitle: truncate(`Herald · ${event.source}`, GOOGLECHAT_LIMITS.title) }, sections },
        }],
      };
    }, BODY_BUDGET, BODY_BUDGET);
    return { body, headers: { 'content-type': 'application/json; charset=UTF-8' } };
  },
  // 200 with the created message; refusals are 4xx with a Google API error.
  interpret() {
    return { ok: true };
  },
  /** `{"error":{"code":400,"message":"Invalid JSON payload received…","status":"INVALID_ARGUMENT"}}`. */
  readRefusal(_status, body) {
    const error = jsonObject(body)?.error as Record<string, unknown> | undefined;
    if (error === undefined || error === null || typeof error !== 'object') return {};
    const text = [messages(error.status), messages(error.message)].filter((m) => m !== '').join(': ');
    return text === '' ? {} : { error: text };
  },
};
