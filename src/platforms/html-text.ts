import type { Markup } from './message.ts';

/**
 * The small HTML dialect Telegram (parse_mode HTML) and Google Chat cards
 * read: event data is escaped (&, <, >), markup is a few tags, and a cut
 * never leaves half a tag, half an entity or an unclosed tag behind — either
 * platform refuses the whole message for that ("can't parse entities").
 */
export const escapeHtml = (t: string): string => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function htmlMarkup(codeTag: string | null): Markup {
  return {
    bold: (t) => `<b>${t}</b>`,
    code: (t) => (codeTag === null || t === '' ? escapeHtml(t) : `<${codeTag}>${escapeHtml(t)}</${codeTag}>`),
    escape: escapeHtml,
    bullet: '• ',
  };
}

const TOKEN = /<\/?([a-z][a-z0-9-]*)[^<>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/giy;
const ELLIPSIS = '…';

/**
 * Cuts `html` to at most `max` characters of markup (never fewer than the
 * characters shown, which is what Telegram counts), closing the tags still
 * open. Tags and entities are kept or dropped whole.
 */
export function cutHtml(html: string, max: number): string {
  if (html.length <= max) return html;
  const open: string[] = [];
  let out = '';
  const closing = (): string => open.slice().reverse().map((t) => `</${t}>`).join('');
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(html); m !== null; m = TOKEN.exec(html)) {
    const token = m[0];
    const tag = m[1]?.toLowerCase();
    const opening = tag !== undefined && !token.startsWith('</');
    // Room for this token, the ellipsis, the closing tags, and this tag's own closing if it opens one.
    const need = out.length + token.length + ELLIPSIS.length + closing().length + (opening ? tag.length + 3 : 0);
    if (need > max) break;
    out += token;
    if (tag !== undefined) {
      if (opening) open.push(tag);
      else if (open.at(-1) === tag) open.pop();
    }
  }
  return out + ELLIPSIS + closing();
}
