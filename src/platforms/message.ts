import type { FieldChange, HeraldEvent } from '../core/event.ts';
import { headlineOf, humanTime, isAlert, objectName } from './headline.ts';
import type { RenderTarget } from './platform.ts';

export { objectName } from './headline.ts';

/**
 * The content every chat platform shows, in one neutral shape: each platform
 * only lays it out. Every piece is already bounded here (values, number of
 * changes and labels), and each platform then cuts to its own limits with
 * `truncate`, so no event, however large, gets a message rejected for size.
 */

/** old/new values are compact JSON cut to this many characters. */
export const VALUE_MAX = 300;
/** Changes listed besides the main one; the rest are counted. */
export const OTHER_CHANGES_MAX = 10;
export const LABELS_MAX = 20;
const TEXT_MAX = 500;

export interface Fact { label: string; value: string }
export interface ChangeView { field: string; old: string; new: string }

/** How loud an event is; platforms map it to their colours. */
export type Tone = 'good' | 'info' | 'warning' | 'danger' | 'critical' | 'neutral';

export interface EventMessage {
  event: string;
  /** e.g. "update Deployment default/web". */
  headline: string;
  /** The " (delayed 7 min)" the headline ends with, or "". */
  delayNote: string;
  summary: string;
  tone: Tone;
  /** Cluster, Resource, Actor, Time: only those that are known. */
  facts: Fact[];
  change: ChangeView | null;
  otherChanges: ChangeView[];
  hiddenChanges: number;
  labels: Fact[];
  hiddenLabels: number;
  /** Grouping: one line per event of the message (raw text; `describe` escapes it), and how many were left out. */
  items: string[];
  hiddenItems: number;
  /** Links to follow: the event in the console (server.externalUrl), an alert's runbook and source. */
  links: Fact[];
}

/** What a message is rendered with besides the event: the console's address. */
export type MessageContext = Pick<RenderTarget, 'consoleUrl'>;

// A Map, not an object literal: event types are user input, and "constructor" is a valid one.
const TONES = new Map<string, Tone>([
  ['create', 'good'], ['resolved', 'good'], ['update', 'info'], ['scale', 'warning'],
  ['delete', 'danger'], ['alert', 'danger'], ['deny', 'critical'], ['test', 'neutral'],
]);

export function toneOf(event: string): Tone {
  return TONES.get(event) ?? 'info';
}

/** `undefined` (no value, e.g. before a create) and JSON for the rest, cut to `VALUE_MAX`. */
export function renderValue(value: unknown): string {
  if (value === undefined) return '(unset)';
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return truncate(json, VALUE_MAX);
}

function viewChange(c: FieldChange): ChangeView {
  return { field: truncate(c.field, TEXT_MAX), old: renderValue(c.old), new: renderValue(c.new) };
}

function sameChange(a: FieldChange, b: FieldChange): boolean {
  return a.field === b.field && JSON.stringify(a.old) === JSON.stringify(b.old) && JSON.stringify(a.new) === JSON.stringify(b.new);
}

/** Below this a late message is not worth a note; retries within seconds are normal. */
const DELAY_SHOWN_FROM_MS = 60_000;

/** "(delayed 7 min)", "(delayed 2 h 5 min)"; empty when the message is on time. */
export function delayNote(delayedMs: number | undefined): string {
  if (delayedMs === undefined || delayedMs < DELAY_SHOWN_FROM_MS) return '';
  const minutes = Math.floor(delayedMs / 60_000);
  const text = minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
  return ` (delayed ${text})`;
}

/** Shown when an event names no cluster: the cluster is always named, so a reader never guesses. */
export const UNNAMED_CLUSTER = '(cluster not named)';

/** A link is shown only when it is a web address; anything else in an annotation is not followed. */
function webLink(label: string, url: unknown): Fact[] {
  return typeof url === 'string' && /^https?:\/\//.test(url) ? [{ label, value: truncate(url, 2000) }] : [];
}

/** The event in the console: its events page, filtered to this event. */
export function consoleLink(consoleUrl: string | undefined, eventId: string): Fact[] {
  return consoleUrl === undefined ? [] : webLink('View in Herald', `${consoleUrl.replace(/\/+$/, '')}/events?event=${encodeURIComponent(eventId)}`);
}

/** An alert's severity, runbook and source (Alertmanager's generatorURL). */
function alertExtras(event: HeraldEvent): { facts: Fact[]; links: Fact[] } {
  if (!isAlert(event)) return { facts: [], links: [] };
  const annotations = (event.data?.annotations ?? {}) as Record<string, unknown>;
  const severity = event.labels.severity;
  return {
    facts: severity === undefined ? [] : [{ label: 'Severity', value: severity }],
    links: [...webLink('Runbook', annotations.runbook_url), ...webLink('Source', event.data?.generatorURL)],
  };
}

/**
 * `delayedMs`: how late this message goes out; a note in the headline says so,
 * since chat readers act on time. A burst sent as one message is
 * group-message.ts, and `messageFor` there picks between the two.
 */
export function buildMessage(event: HeraldEvent, delayedMs?: number, context: MessageContext = {}): EventMessage {
  const note = delayNote(delayedMs);
  const object = objectName(event);
  const summary = truncate(event.summary, TEXT_MAX);
  const headline = truncate(headlineOf(event), TEXT_MAX - note.length) + note;
  const alert = alertExtras(event);
  const facts: Fact[] = [
    { label: 'Cluster', value: event.cluster || UNNAMED_CLUSTER },
    { label: 'Resource', value: object },
    { label: 'Actor', value: event.actor },
    ...alert.facts,
    { label: 'Time', value: humanTime(event.timestamp) },
  ].filter((f) => f.value !== '').map((f) => ({ label: f.label, value: truncate(f.value, TEXT_MAX) }));
  // `detail` is usually also the first entry of `changes`; list it once.
  const others = event.changes.filter((c) => event.detail === null || !sameChange(c, event.detail));
  const labels = Object.entries(event.labels);
  return {
    event: event.event,
    headline,
    delayNote: note,
    summary,
    tone: toneOf(event.event),
    facts,
    change: event.detail === null ? null : viewChange(event.detail),
    otherChanges: others.slice(0, OTHER_CHANGES_MAX).map(viewChange),
    hiddenChanges: Math.max(0, others.length - OTHER_CHANGES_MAX),
    labels: labels.slice(0, LABELS_MAX).map(([k, v]) => ({ label: truncate(k, TEXT_MAX), value: truncate(v, TEXT_MAX) })),
    hiddenLabels: Math.max(0, labels.length - LABELS_MAX),
    items: [],
    hiddenItems: 0,
    links: [...consoleLink(context.consoleUrl, event.id), ...alert.links],
  };
}

/** The few markup differences between the platforms' markdown dialects. */
export interface Markup {
  /** Wraps text that is already escaped. */
  bold(text: string): string;
  /** Shows raw event data as code, escaping it as that dialect needs inside code. */
  code(raw: string): string;
  /** Makes raw event data safe to embed as text (Slack: &, <, >). */
  escape(raw: string): string;
  bullet: string;
  /** A link in the dialect (Slack `<url|text>`); without it, "text: url". */
  link?(url: string, text: string): string;
}

/** Plain Markdown as Discord, DingTalk and WeCom read it; none of them needs escaping for safety. */
export const MARKDOWN: Markup = {
  bold: (t) => `**${t}**`,
  code: (t) => inlineCode(t, (x) => x),
  escape: (t) => t,
  bullet: '- ',
  link: (url, text) => `[${text}](${url})`,
};

/** A value holding a backtick would break out of the code span, so it is shown as escaped text instead. */
export function inlineCode(raw: string, escape: (text: string) => string): string {
  return raw.includes('`') || raw === '' ? escape(raw) : `\`${raw}\``;
}

export function changeLine(c: ChangeView, m: Markup): string {
  return `${m.bold(m.escape(c.field))}: ${m.code(c.old)} → ${m.code(c.new)}`;
}

/**
 * The default main text, one entry per line: summary, the main change, the
 * other changes, labels. Platforms join the lines their own way.
 */
export function describe(msg: EventMessage, m: Markup): string[] {
  const lines: string[] = [];
  const onTimeHeadline = msg.headline.slice(0, msg.headline.length - msg.delayNote.length);
  if (msg.summary !== '' && !onTimeHeadline.includes(msg.summary)) lines.push(m.escape(msg.summary));
  if (msg.change !== null) lines.push(changeLine(msg.change, m));
  if (msg.otherChanges.length > 0) {
    lines.push(msg.change === null ? 'Changes:' : 'Other changes:');
    for (const c of msg.otherChanges) lines.push(`${m.bullet}${changeLine(c, m)}`);
    if (msg.hiddenChanges > 0) lines.push(`…and ${msg.hiddenChanges} more`);
  }
  for (const item of msg.items) lines.push(`${m.bullet}${m.escape(item)}`);
  if (msg.hiddenItems > 0) lines.push(`…and ${msg.hiddenItems} more`);
  if (msg.labels.length > 0) {
    const shown = msg.labels.map((l) => m.code(`${l.label}=${l.value}`)).join(', ');
    lines.push(`${m.bold('Labels')}: ${shown}${msg.hiddenLabels > 0 ? ` …and ${msg.hiddenLabels} more` : ''}`);
  }
  if (msg.links.length > 0) lines.push(msg.links.map((l) => linkText(l, m)).join(' · '));
  return lines;
}

export function linkText(l: Fact, m: Markup): string {
  return m.link !== undefined ? m.link(l.value, m.escape(l.label)) : `${m.escape(l.label)}: ${l.value}`;
}

/** The facts as markdown lines, for platforms without a field layout. */
export function factLines(msg: EventMessage, m: Markup): string[] {
  return msg.facts.map((f) => `${m.bold(f.label)}: ${m.escape(f.value)}`);
}

const ELLIPSIS = '…';

export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * Cuts `text` to at most `max` characters (UTF-16 code units, which is never
 * fewer than code points, so platforms counting either are satisfied) or
 * UTF-8 bytes, ending in "…" when it cut. Never splits a character.
 */
export function truncate(text: string, max: number, unit: 'chars' | 'bytes' = 'chars'): string {
  if (unit === 'bytes') {
    // No string has fewer UTF-8 bytes than UTF-16 units, so at most the first
    // `max` units can survive: encode only those, however long the text.
    const head = text.length > max ? text.slice(0, max) : text;
    if (head === text && utf8Length(text) <= max) return text;
    const room = max - utf8Length(ELLIPSIS);
    if (room < 0) return '';
    const bytes = Buffer.from(head, 'utf8');
    let end = room;
    // Back up to the start of a character: UTF-8 continuation bytes are 10xxxxxx.
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end -= 1;
    return bytes.subarray(0, end).toString('utf8') + ELLIPSIS;
  }
  if (text.length <= max) return text;
  if (max < 1) return '';
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // don't keep half a surrogate pair
  return text.slice(0, end) + ELLIPSIS;
}

/**
 * Serializes `build(budget)` and, while the JSON is over `maxBytes`, builds it
 * again with a smaller text budget. For platforms whose limit is on the whole
 * body (DingTalk, Feishu, Teams), where JSON escaping makes the size of the
 * text alone a poor guide.
 */
export function fitJson(build: (budget: number) => unknown, maxBytes: number, budget: number): string {
  let body = JSON.stringify(build(budget));
  for (let i = 0; i < 20 && budget > 0; i += 1) {
    const size = utf8Length(body);
    if (size <= maxBytes) break;
    budget = Math.floor(budget * Math.min(0.9, maxBytes / size));
    body = JSON.stringify(build(budget));
  }
  return body;
}
