import { createHash } from 'node:crypto';
import type { HeraldEvent } from '../core/event.ts';

/**
 * The identity of what an event is about, so a paging tool groups the
 * events of one problem into one incident and a `resolved` closes the
 * incident its `alert` opened: an Alertmanager alert's fingerprint when the
 * event carries one (both firing and resolved do), else the object (cluster,
 * namespace, kind, name), else the event itself. A key over `max` characters
 * (PagerDuty's dedup_key takes 255) becomes a hash of itself.
 */
export function alertKey(event: HeraldEvent, max: number): string {
  const fingerprint = event.data?.fingerprint;
  const key = typeof fingerprint === 'string' && fingerprint !== ''
    ? `herald:${event.cluster}:alert:${fingerprint}`
    : event.resource !== '' || event.name !== ''
      ? `herald:${event.cluster}:${event.resource}:${event.namespace}/${event.name}`
      : `herald:event:${event.id}`;
  return key.length <= max ? key : `herald:sha256:${createHash('sha256').update(key).digest('hex')}`;
}

/** Events that end a problem instead of reporting one. */
export function isResolution(event: HeraldEvent): boolean {
  return event.event === 'resolved';
}

/** critical, error, warning or info: the event's `severity` label when it is one of those, else by event type. */
export function alertSeverity(event: HeraldEvent): 'critical' | 'error' | 'warning' | 'info' {
  const label = event.labels.severity?.toLowerCase();
  if (label === 'critical' || label === 'error' || label === 'warning' || label === 'info') return label;
  if (label === 'page' || label === 'high') return 'critical';
  if (label === 'low' || label === 'none') return 'info';
  if (event.event === 'alert' || event.event === 'deny') return 'error';
  if (event.event === 'delete') return 'warning';
  return 'info';
}
