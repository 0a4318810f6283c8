import type { HeraldEvent } from '../core/event.ts';
import { eventPayload } from '../core/event-payload.ts';
import type { RenderTarget } from './platform.ts';
import { renderTemplate } from './template.ts';

/**
 * The CloudEvents 1.0 envelope of a Herald event, one description for every
 * mode: HTTP structured and binary (cloudevents.ts) and the buses (bus-message.ts).
 * `id` is the delivery id, so it is the same on every retry of one delivery and
 * a consumer de-duplicates on (source, id) as the spec says it may.
 */
export interface CloudEventAttributes {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time: string;
  datacontenttype: 'application/json';
  subject?: string;
  /** Extension attribute: Herald's event id, the same for every webhook that got the event. */
  heraldeventid: string;
}

export const CLOUDEVENTS_JSON = 'application/cloudevents+json';

export function cloudEventAttributes(event: HeraldEvent, deliveryId: string | undefined): CloudEventAttributes {
  // Kind/namespace/name, without spaces, which the HTTP binding would have percent-encoded.
  const subject = [event.resource, event.namespace, event.name].filter((p) => p !== '').join('/');
  return {
    specversion: '1.0',
    id: deliveryId ?? event.id,
    // A URI-reference naming the cluster and the source that saw the change, in characters no
    // header needs encoded: the SDK does not undo the binary mode's percent-encoding.
    source: `/herald/${uriSafe(event.cluster === '' ? '-' : event.cluster)}/${uriSafe(event.source)}`,
    type: `io.herald.${event.event}`,
    time: event.timestamp,
    datacontenttype: 'application/json',
    ...(subject === '' ? {} : { subject }),
    heraldeventid: event.id,
  };
}

/** The event payload, as `custom` sends it: a template adds its rendering as `text` and changes nothing else. */
export function cloudEventData(event: HeraldEvent, target: RenderTarget): Record<string, unknown> {
  const payload = eventPayload(event);
  return target.template === null ? payload : { ...payload, text: renderTemplate(target.template, event) };
}

/** Structured mode: attributes and data in one JSON document. */
export function structuredCloudEvent(event: HeraldEvent, target: RenderTarget): string {
  return JSON.stringify({ ...cloudEventAttributes(event, target.deliveryId), data: cloudEventData(event, target) });
}

/**
 * Binary mode over HTTP: each attribute a `ce-` header, the data the body. The
 * HTTP binding wants space, `"`, `%` and anything outside printable ASCII percent-encoded.
 */
export function binaryCloudEventHeaders(event: HeraldEvent, deliveryId: string | undefined): Record<string, string> {
  const { datacontenttype, ...attrs } = cloudEventAttributes(event, deliveryId);
  const headers: Record<string, string> = { 'content-type': datacontenttype };
  for (const [name, value] of Object.entries(attrs)) headers[`ce-${name}`] = percentEncode(value);
  return headers;
}

function uriSafe(part: string): string {
  return part.replace(/[^A-Za-z0-9._~-]/g, '-');
}

function percentEncode(value: string): string {
  return value.replace(/[^\x21-\x7e]|["%]/gu, (c) => encodeURIComponent(c));
}
