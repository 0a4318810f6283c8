/**
 * Reads the markup a chat platform interprets in a message's text into a
 * small tree the preview renders as React elements (never as HTML), so the
 * preview shows bold, italics, code, links and line breaks as the chat does.
 * Three dialects cover the platforms Herald renders for; any other platform
 * (a pager, a bus) has its text shown as it is.
 */
export type MarkupFamily = 'mrkdwn' | 'markdown' | 'html' | 'plain';

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'break' }
  | { kind: 'code'; text: string }
  | { kind: 'bold' | 'italic' | 'strike'; children: Inline[] }
  | { kind: 'link'; href: string; children: Inline[] };

/** Which dialect each platform's text is in (src/platforms/*: the Markup each one renders with). */
const FAMILIES: Record<string, MarkupFamily> = {
  slack: 'mrkdwn',
  discord: 'markdown', teams: 'markdown', mattermost: 'markdown', rocketchat: 'markdown',
  dingtalk: 'markdown', wecom: 'markdown', feishu: 'markdown',
  telegram: 'html', googlechat: 'html', email: 'html',
};

export function markupFamily(platform: string): MarkupFamily {
  return FAMILIES[platform] ?? 'plain';
}

/** Only links a person can safely follow become links: never `javascript:` or `data:`. */
export function safeHref(url: string): string | undefined {
  return /^(?:https?:\/\/|mailto:)/i.test(url.trim()) ? url.trim() : undefined;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** &amp; &lt; &#39; &#x1F600; … as the characters they stand for; an unknown entity stays as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}

/** One inline rule: where it matches next, and the node it makes of the match (`inner` parses nested text). */
interface Rule { re: RegExp; make(m: RegExpExecArray, inner: (text: string) => Inline[]): Inline[] }

const wrap = (kind: 'bold' | 'italic' | 'strike') => (m: RegExpExecArray, inner: (t: string) => Inline[]): Inline[] => [{ kind, children: inner(m[1]!) }];
const link = (href: string, label: Inline[]): Inline[] => {
  const safe = safeHref(href);
  return safe === undefined ? label : [{ kind: 'link', href: safe, children: label }];
};

// Emphasis opens before a non-space and closes after one, not inside a word (snake_case stays as typed).
const emphasis = (d: string) => new RegExp(`(?<![\\w${d}])\\${d}(?![\\s${d}])([^${d}\\n]*?[^\\s${d}])\\${d}(?![\\w${d}])`, 'g');

/** Slack mrkdwn: `<url|text>`, `*bold*`, `_italic_`, `~strike~`, `code`; text arrives with &, <, > escaped. */
const MRKDWN: Rule[] = [
  { re: /`([^`\n]+)`/g, make: (m) => [{ kind: 'code', text: decodeEntities(m[1]!) }] },
  { re: /<([^<>|]+)(?:\|([^<>]+))?>/g, make: (m, inner) => (/^[!@#]/.test(m[1]!) ? [{ kind: 'text', text: m[1]!.replace(/^!/, '@') }] : link(decodeEntities(m[1]!), inner(m[2] ?? m[1]!))) },
  { re: emphasis('*'), make: wrap('bold') },
  { re: emphasis('_'), make: wrap('italic') },
  { re: emphasis('~'), make: wrap('strike') },
];

/** Markdown as the chat platforms read it: **bold**, *italic*, _italic_, ~~strike~~, `code`, [text](url), <url>, \escapes; HTML tags (WeCom's <font>) show their text. */
const MARKDOWN: Rule[] = [
  { re: /\\([\\`*_{}[\]()#+\-.!~|<>])/g, make: (m) => [{ kind: 'text', text: m[1]! }] },
  { re: /`([^`\n]+)`/g, make: (m) => [{ kind: 'code', text: m[1]! }] },
  { re: /\[([^\]\n]+)\]\(([^)\s]+)\)/g, make: (m, inner) => link(m[2]!, inner(m[1]!)) },
  { re: /<((?:https?:\/\/|mailto:)[^<>\s]+)>/g, make: (m) => link(m[1]!, [{ kind: 'text', text: m[1]! }]) },
  { re: /<\/?[a-z][^<>]*>/gi, make: () => [] },
  { re: /\*\*(?!\s)([^\n]+?)\*\*/g, make: wrap('bold') },
  { re: /__(?!\s)([^\n]+?)__/g, make: wrap('bold') },
  { re: /~~(?!\s)([^\n]+?)~~/g, make: wrap('strike') },
  { re: emphasis('*'), make: wrap('italic') },
  { re: emphasis('_'), make: wrap('italic') },
];

/** Splits `text` by the earliest match of any rule (the first rule wins a tie), recursively inside each match. */
function inlines(text: string, rules: readonly Rule[], decode: boolean): Inline[] {
  const out: Inline[] = [];
  const inner = (t: string) => inlines(t, rules, decode);
  const push = (t: string) => {
    const lines = (decode ? decodeEntities(t) : t).split('\n');
    lines.forEach((line, i) => {
      if (i > 0) out.push({ kind: 'break' });
      if (line !== '') out.push({ kind: 'text', text: line });
    });
  };
  let at = 0;
  while (at < text.length) {
    let best: { m: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of rules) {
      rule.re.lastIndex = at;
      const m = rule.re.exec(text);
      if (m !== null && (best === undefined || m.index < best.m.index)) best = { m, rule };
    }
    if (best === undefined) break;
    push(text.slice(at, best.m.index));
    out.push(...best.rule.make(best.m, inner));
    at = best.m.index + best.m[0].length;
  }
  push(text.slice(at));
  return out;
}

const HTML_KINDS: Record<string, 'bold' | 'italic' | 'strike' | 'code'> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', s: 'strike', strike: 'strike', del: 'strike', code: 'code', pre: 'code', tt: 'code',
};

/** The HTML subset Telegram and Google Chat read: b, i, s, code, a href, br; any other tag shows its text only. */
function htmlInlines(text: string): Inline[] {
  interface Frame { tag: string; node: Inline | null; children: Inline[] }
  const root: Frame = { tag: '', node: null, children: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1]!;
  const addText = (raw: string) => {
    const lines = decodeEntities(raw).split('\n');
    lines.forEach((line, i) => {
      if (i > 0) top().children.push({ kind: 'break' });
      if (line !== '') top().children.push({ kind: 'text', text: line });
    });
  };
  const close = (frame: Frame): Inline[] => {
    const n = frame.node;
    if (n === null) return frame.children;
    if (n.kind === 'code') return [{ kind: 'code', text: frame.children.map(plainText).join('') }];
    if (n.kind === 'link') return n.href === '' ? frame.children : [{ ...n, children: frame.children }];
    return [{ ...(n as { kind: 'bold' | 'italic' | 'strike' }), children: frame.children }];
  };
  const TAG = /<(\/?)([a-z][a-z0-9-]*)([^<>]*)>/gi;
  let at = 0;
  for (const m of text.matchAll(TAG)) {
    addText(text.slice(at, m.index));
    at = m.index + m[0].length;
    const [, slash, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (name === 'br') { top().children.push({ kind: 'break' }); continue; }
    if (slash === '/') {
      const i = stack.map((f) => f.tag).lastIndexOf(name);
      if (i <= 0) continue;
      while (stack.length > i) { const f = stack.pop()!; top().children.push(...close(f)); }
      continue;
    }
    const href = name === 'a' ? decodeEntities(/href\s*=\s*"([^"]*)"|href\s*=\s*'([^']*)'/i.exec(attrs!)?.slice(1).find((x) => x !== undefined) ?? '') : '';
    const kind = HTML_KINDS[name];
    const node: Inline | null = name === 'a' ? { kind: 'link', href: safeHref(href) ?? '', children: [] }
      : kind === undefined ? null : kind === 'code' ? { kind: 'code', text: '' } : { kind, children: [] };
    stack.push({ tag: name, node, children: [] });
  }
  addText(text.slice(at));
  while (stack.length > 1) { const f = stack.pop()!; top().children.push(...close(f)); }
  return root.children;
}

/** The text a tree shows, markup dropped (a code span's content, a link's label). */
export function plainText(n: Inline): string {
  switch (n.kind) {
    case 'text': case 'code': return n.text;
    case 'break': return '\n';
    default: return n.children.map(plainText).join('');
  }
}

export function readMarkup(text: string, family: MarkupFamily): Inline[] {
  switch (family) {
    case 'mrkdwn': return inlines(text, MRKDWN, true);
    case 'markdown': return inlines(text, MARKDOWN, false);
    case 'html': return htmlInlines(text);
    case 'plain': return inlines(text, [], false);
  }
}
