import type { HeraldEvent } from '../core/event.ts';

/**
 * The line a person would write about an event: "Deployment prod-shop/checkout
 * scaled 3 → 5 by jane@example.com", "[FIRING:2] HighLatency". Every chat
 * platform shows it first (message.ts); text only, each platform escapes it.
 */

/** "Deployment default/web", "Namespace team-a", or "" when the event names no object. */
export function objectName(e: Pick<HeraldEvent, 'resource' | 'namespace' | 'name'>): string {
  const path = e.namespace !== '' && e.name !== '' ? `${e.namespace}/${e.name}` : e.name || e.namespace;
  return [e.resource, path].filter((s) => s !== '').join(' ');
}

/** Replica counts and other scalars as a person writes them; objects stay JSON. */
export function plain(value: unknown): string {
  if (value === null || value === undefined) return '(unset)';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

const VERBS = new Map<string, string>([
  ['create', 'created'], ['update', 'updated'], ['delete', 'deleted'], ['deny', 'denied'],
]);

/** An Alertmanager alert (the alertmanager source keeps its status and annotations in `data`). */
export function isAlert(e: HeraldEvent): boolean {
  return (e.event === 'alert' || e.event === 'resolved') && typeof e.labels.alertname === 'string' && e.data?.status !== undefined;
}

/** "[FIRING:2] HighLatency", "[RESOLVED] HighLatency", as Alertmanager's own templates title a group. */
export function alertTitle(alertname: string, firing: number): string {
  return firing > 0 ? `[FIRING:${firing}] ${alertname}` : `[RESOLVED] ${alertname}`;
}

export function headlineOf(e: HeraldEvent): string {
  const object = objectName(e);
  const by = e.actor !== '' ? ` by ${e.actor}` : '';
  if (isAlert(e)) {
    const title = alertTitle(e.labels.alertname!, e.event === 'alert' ? 1 : 0);
    return e.summary !== '' ? `${title}: ${e.summary}` : title;
  }
  if (e.event === 'test') return `${e.summary !== '' ? e.summary : 'Test message from Herald'} (a test: no action needed)`;
  if (e.event === 'scale' && object !== '' && e.detail?.field === 'spec.replicas') {
    return `${object} scaled ${plain(e.detail.old)} → ${plain(e.detail.new)}${by}`;
  }
  const verb = VERBS.get(e.event);
  if (verb !== undefined && object !== '') return `${object} ${verb}${by}`;
  // Health events (warning, resolved, …) and senders of their own say it best in their summary.
  if (e.summary !== '') return e.summary;
  return object !== '' ? `${e.event} ${object}${by}` : e.event;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "4 Mar 2025, 05:06:00 UTC": readers are in many time zones, so UTC, said so. Unparseable times are shown as given. */
export function humanTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC`;
}
