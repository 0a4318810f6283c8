import type { FieldChange, HeraldEvent } from '../core/event.ts';

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
}

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

/** "Deployment default/web", "Namespace team-a", or "" when the event names no object. */
export function objectName(e: Pick<HeraldEvent, 'resource' | 'namespace' | 'name'>): string {
  const path = e.namespace !== '' && e.name !== '' ? `${e.namespace}/${e.name}` : e.name || e.namespace;
  return [e.resource, path].filter((s) => s !== '').join(' ');
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

/** `delayedMs`: how late this message goes out; a note in the headline says so, since chat readers act on time. */
export function buildMessage(event: HeraldEvent, delayedMs?: number): EventMessage {
  const object = objectName(event);
  const summary = truncate(event.summary, TEXT_MAX);
  const note = delayNote(delayedMs);
  const headline = truncate(object !== '' ? `${event.event} ${object}` : summary !== '' ? `${event.event}: ${summary}` : event.event,
    TEXT_MAX - note.length) + note;
  const facts: Fact[] = [
    { label: 'Cluster', value: event.cluster },
    { label: 'Resource', value: object },
    { label: 'Actor', value: event.actor },
    { label: 'Time', value: event.timestamp },
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
}

/** Plain Markdown as Discord, DingTalk and WeCom read it; none of them needs escaping for safety. */
export const MARKDOWN: Markup = {
  bold: (t) => `**${t}**`,
  code: (t) => inlineCode(t, (x) => x),
  escape: (t) => t,
  bullet: '- ',
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
  if (msg.summary !== '' && !onTimeHeadline.endsWith(msg.summary)) lines.push(m.escape(msg.summary));
  if (msg.change !== null) lines.push(changeLine(msg.change, m));
  if (msg.otherChanges.length > 0) {
    lines.push(msg.change === null ? 'Changes:' : 'Other changes:');
    for (const c of msg.otherChanges) lines.push(`${m.bullet}${changeLine(c, m)}`);
    if (msg.hiddenChanges > 0) lines.push(`…and ${msg.hiddenChanges} more`);
  }
  if (msg.labels.length > 0) {
    const shown = msg.labels.map((l) => m.code(`${l.label}=${l.value}`)).join(', ');
    lines.push(`${m.bold('Labels')}: ${shown}${msg.hiddenLabels > 0 ? ` …and ${msg.hiddenLabels} more` : ''}`);
  }
  return lines;
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
