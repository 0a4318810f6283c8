import type { HeraldEvent } from '../core/event.ts';
import { alertTitle, headlineOf, humanTime, isAlert, plain } from './headline.ts';
import { buildMessage, consoleLink, delayNote, toneOf, truncate, UNNAMED_CLUSTER, type EventMessage, type Fact, type Tone } from './message.ts';
import type { RenderTarget } from './platform.ts';

/**
 * A burst as one message (grouping, docs/grouping-and-rate-limits.md): a
 * headline with the count and where, one line per event with its most
 * significant change, the loudest tone of them. Platforms lay it out like any
 * message, through `describe`, so every one of them renders groups.
 */

/** Events listed by name; the rest are counted, so a message stays readable and within every platform's limits. */
export const GROUP_ITEMS_SHOWN = 20;
const ITEM_MAX = 300;

const LOUDNESS: readonly Tone[] = ['neutral', 'good', 'info', 'warning', 'danger', 'critical'];

/** The message for what a dispatch sends: one event, or the group it stands for. */
export function messageFor(event: HeraldEvent, target: Pick<RenderTarget, 'delayedMs' | 'group' | 'consoleUrl'>): EventMessage {
  const context = target.consoleUrl === undefined ? {} : { consoleUrl: target.consoleUrl };
  if (target.group === undefined || target.group.length < 2) return buildMessage(event, target.delayedMs, context);
  return groupMessage(target.group, delayNote(target.delayedMs), target.consoleUrl);
}

/** "prod-eu", "prod-eu/default": what every event of the group shares. */
function where(events: readonly HeraldEvent[]): string {
  const same = (f: 'cluster' | 'namespace') => events.every((e) => e[f] === events[0]![f]) ? events[0]![f] : '';
  const cluster = same('cluster');
  const namespace = same('namespace');
  return [cluster || (events.every((e) => e.cluster === '') ? UNNAMED_CLUSTER : 'several clusters'), namespace].filter((s) => s !== '').join('/');
}

/** "8 update, 4 scale", most frequent first. */
function countsByType(events: readonly HeraldEvent[]): string {
  const counts = new Map<string, number>();
  for (const e of events) counts.set(e.event, (counts.get(e.event) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([type, n]) => `${n} ${type}`).join(', ');
}

/** Alertmanager's title when the group is one alert rule: "[FIRING:2] HighLatency". */
function alertGroupTitle(events: readonly HeraldEvent[]): string | undefined {
  const name = events[0]!.labels.alertname;
  if (name === undefined || !events.every((e) => isAlert(e) && e.labels.alertname === name)) return undefined;
  return alertTitle(name, events.filter((e) => e.event === 'alert').length);
}

function itemOf(e: HeraldEvent): string {
  if (isAlert(e)) return truncate(`${e.event === 'alert' ? 'Firing' : 'Resolved'}: ${e.name}${e.summary !== '' ? ` (${e.summary})` : ''}`, ITEM_MAX);
  const change = e.detail !== null && e.event !== 'scale' ? ` (${e.detail.field}: ${plain(e.detail.old)} → ${plain(e.detail.new)})` : '';
  return truncate(`${headlineOf(e)}${change}`, ITEM_MAX);
}

export function groupMessage(events: readonly HeraldEvent[], note: string, consoleUrl?: string): EventMessage {
  const first = events[0]!;
  const actor = events.every((e) => e.actor === first.actor) && first.actor !== '' ? ` by ${first.actor}` : '';
  const title = alertGroupTitle(events) ?? `${events.length} events in ${where(events)}${actor}: ${countsByType(events)}`;
  const tone = events.map((e) => toneOf(e.event)).reduce((a, b) => (LOUDNESS.indexOf(b) > LOUDNESS.indexOf(a) ? b : a));
  const times = events.map((e) => e.timestamp).sort();
  const span = times[0] === times.at(-1) ? humanTime(times[0]!) : `${humanTime(times[0]!)} – ${humanTime(times.at(-1)!)}`;
  const facts: Fact[] = [
    { label: 'Cluster', value: where(events).split('/')[0]! },
    { label: 'Events', value: String(events.length) },
    { label: 'Time', value: span },
  ];
  return {
    event: first.event,
    headline: truncate(title, 500 - note.length) + note,
    delayNote: note,
    summary: '',
    tone,
    facts,
    change: null,
    otherChanges: [],
    hiddenChanges: 0,
    labels: [],
    hiddenLabels: 0,
    items: events.slice(0, GROUP_ITEMS_SHOWN).map(itemOf),
    hiddenItems: Math.max(0, events.length - GROUP_ITEMS_SHOWN),
    links: consoleLink(consoleUrl, first.id),
  };
}
