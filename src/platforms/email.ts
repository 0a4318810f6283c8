import { badUrl } from './bus-message.ts';
import { buildMessage, describe, factLines, type Markup } from './message.ts';
import type { Platform } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * Email over SMTP: `smtp://host:587?from=herald@example.com&to=a@example.com,b@example.com`
 * (STARTTLS, required) or `smtps://host:465?...` (TLS from the first byte).
 * The platform renders one message per event as JSON (subject, text, html);
 * the SMTP sender turns it into MIME. When deliveries are grouped, a group is
 * rendered here as one message: this is the hook for it.
 */
export interface EmailMessage { subject: string; text: string; html: string }
export interface EmailTarget { from: string; to: string[] }

const ADDRESS = /^[^\s@<>,]+@[^\s@<>,]+$/;

export function emailTarget(url: URL): EmailTarget {
  const from = url.searchParams.get('from') ?? '';
  const to = (url.searchParams.get('to') ?? '').split(',').map((a) => a.trim()).filter((a) => a !== '');
  if (!ADDRESS.test(from)) throw badUrl('an email destination needs ?from=<address>, e.g. smtp://mail:587?from=herald@example.com&to=ops@example.com');
  if (to.length === 0 || !to.every((a) => ADDRESS.test(a))) throw badUrl('an email destination needs ?to=<address>[,<address>…]');
  return { from, to };
}

const escapeHtml = (t: string): string =>
  t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PLAIN: Markup = { bold: (t) => t, code: (t) => t, escape: (t) => t, bullet: '- ' };
const HTML: Markup = { bold: (t) => `<strong>${t}</strong>`, code: (t) => `<code>${escapeHtml(t)}</code>`, escape: escapeHtml, bullet: '• ' };

export const emailPlatform: Platform = {
  id: 'email',
  label: 'Email (SMTP)',
  transport: 'smtp',
  heraldSignature: false,
  credentialUrl: false,
  checkUrl: (url) => { emailTarget(url); },
  render(event, target) {
    const msg = buildMessage(event, target.delayedMs);
    const custom = target.template === null ? undefined : renderTemplate(target.template, event);
    const textLines = custom === undefined ? [...describe(msg, PLAIN), '', ...factLines(msg, PLAIN)] : [custom];
    const htmlLines = custom === undefined
      ? [...describe(msg, HTML), ...factLines(msg, HTML)]
      : custom.split('\n').map(escapeHtml);
    const message: EmailMessage = {
      subject: `[Herald] ${msg.headline}`,
      text: `${textLines.join('\n')}\n\n-- \nHerald · ${event.source} · ${event.id}\n`,
      html: `<!doctype html><html><body><h2>${escapeHtml(msg.headline)}</h2>${htmlLines.map((l) => `<p>${l}</p>`).join('')}`
        + `<p style="color:#888">Herald · ${escapeHtml(event.source)} · ${escapeHtml(event.id)}</p></body></html>`,
    };
    return { body: JSON.stringify(message), headers: { 'content-type': 'application/json' } };
  },
  interpret: () => ({ ok: true }),
};
